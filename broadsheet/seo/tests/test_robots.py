def test_robots_txt_keeps_crawlers_out_of_the_admin_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\nDisallow: /admin/\nSitemap: http://testserver/sitemap.xml\n"
    )


def test_robots_txt_names_the_host_it_was_asked_on(client):
    response = client.get("/robots.txt", headers={"host": "news.example"}, secure=True)

    assert "Sitemap: https://news.example/sitemap.xml\n" in response.content.decode()


def test_shared_caches_may_keep_robots_txt(client):
    cache_control = client.get("/robots.txt")["Cache-Control"]

    assert "public" in cache_control
    assert "s-maxage=300" in cache_control
