import time, pytest
from tests.browser.test_crawl import *  # noqa
def test_prof(browser, live_server, demo):
    t=time.monotonic()
    context = browser.new_context(viewport={"width": 375, "height": 800})
    sign_in(context, live_server.url, "officer", demo["officer"])
    print("signin", time.monotonic()-t)
    page = context.new_page()
    for path in ["/", "/p/wiltshire/", "/p/wiltshire/indicators/", "/p/wiltshire/indicators/1/", "/p/wiltshire/rounds/"]:
        for wait in ("load", "domcontentloaded", "commit"):
            t=time.monotonic(); page.goto(live_server.url+path, wait_until=wait); print(path, wait, round(time.monotonic()-t,3))
        t=time.monotonic(); r=context.request.get(live_server.url+path); print(path, "request", round(time.monotonic()-t,3))
