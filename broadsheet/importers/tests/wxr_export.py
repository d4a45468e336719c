"""A WordPress export (WXR) of generated posts, each with a comment and a reply."""

_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Old Desk</title>
  <link>https://old.example</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://old.example</wp:base_site_url>
  <wp:base_blog_url>https://old.example</wp:base_blog_url>
  <wp:author><wp:author_id>1</wp:author_id><wp:author_login>desk</wp:author_login>
    <wp:author_display_name>Desk Editor</wp:author_display_name></wp:author>
  <wp:category><wp:term_id>2</wp:term_id><wp:category_nicename>news</wp:category_nicename>
    <wp:category_parent></wp:category_parent><wp:cat_name>News</wp:cat_name></wp:category>
"""
_TAIL = "</channel>\n</rss>\n"


def _comment(post: int, number: int, parent: int) -> str:
    return f"""
    <wp:comment>
      <wp:comment_id>{post * 100 + number}</wp:comment_id>
      <wp:comment_author>Reader {number}</wp:comment_author>
      <wp:comment_date_gmt>2021-02-09 13:{number:02d}:00</wp:comment_date_gmt>
      <wp:comment_content>Comment {number} on post {post}.</wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved>
      <wp:comment_type>comment</wp:comment_type>
      <wp:comment_parent>{post * 100 + parent if parent else 0}</wp:comment_parent>
    </wp:comment>"""


def _item(number: int, comments_per_post: int) -> str:
    # Each comment after the first answers the one before it.
    comments = "".join(
        _comment(number, index, index - 1) for index in range(1, comments_per_post + 1)
    )
    return f"""
  <item>
    <title>Post number {number}</title>
    <link>https://old.example/2021/02/09/post-number-{number}/</link>
    <dc:creator>desk</dc:creator>
    <guid isPermaLink="false">https://old.example/?p={number}</guid>
    <content:encoded><![CDATA[<p>Paragraph one of post {number}.</p>
<p>Paragraph <b>two</b>, with <a href="https://example.com/">a link</a>.</p>]]></content:encoded>
    <wp:post_id>{number}</wp:post_id>
    <wp:post_date_gmt>2021-02-09 12:00:00</wp:post_date_gmt>
    <wp:post_name>post-number-{number}</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_type>post</wp:post_type>
    <category domain="category" nicename="news">News</category>{comments}
  </item>"""


def wxr_export(posts: int, *, comments_per_post: int = 2) -> str:
    items = "".join(_item(number, comments_per_post) for number in range(1, posts + 1))
    return _HEAD + items + _TAIL
