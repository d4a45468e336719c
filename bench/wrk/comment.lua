-- A reader's comment, posted from the page as a browser would (same origin).
wrk.method = "POST"
wrk.body = "author_name=Bench+Reader&body=A+comment+from+the+benchmark."
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Sec-Fetch-Site"] = "same-origin"
