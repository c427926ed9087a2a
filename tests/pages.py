"""Every HTML page of the app, listed from its routes the way the persona matrix lists them,
with the matrix world's objects in their paths; for the tests that look at every page."""

from __future__ import annotations

from .test_persona_matrix import ROUTES, Setup, _url, _values, app_routes

# not pages a person reads: data, files and the API; /docs is checked on its own
NOT_PAGES = ("/api/", "/static", "/vendor/", "/openapi.json", "/docs", "/calendar/")


def html_pages(setup: Setup, persona: str = "owner") -> list[str]:
    """The URL of every GET route that answers ``persona`` with an HTML page."""
    urls = []
    client = setup.personas[persona]
    for method, path in sorted(app_routes(setup.app)):
        if method != "GET" or path.startswith(NOT_PAGES):
            continue
        row = ROUTES[(method, path)]
        url = _url(path, row, _values(setup, row, "seen"))
        answer = client.call("GET", url, {})
        if answer.status_code == 200 and answer.headers["content-type"].startswith("text/html"):
            urls.append(url)
    return urls
