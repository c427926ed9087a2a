"""Third-party browser code, served by the app from the Python packages that ship it.

Nothing is loaded from a CDN (the workbench must work offline and in mainland China) and nothing
is copied into this repository: plotly.js comes with the ``plotly`` package, Swagger UI with
``fastapi-offline``, both installed from PyPI like any other dependency.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

SWAGGER = "/vendor/swagger-ui"
PLOTLY = "/vendor/plotly"
# The charting script every chart page loads (``<script src="{{ PLOTLY_JS }}">``).
PLOTLY_JS = f"{PLOTLY}/plotly.min.js"


def _plotly_folder() -> Path:
    # Found without importing plotly's Python side, which the app never uses.
    spec = find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("The plotly package is not installed.")
    return Path(spec.submodule_search_locations[0]) / "package_data"


# plotly.js adds the stylesheet of its map library as a <style> element, which the pages' CSP
# refuses (a console error), unless an element with that stylesheet's id is already there.
_INJECTED_STYLE = re.compile(
    rb'getElementById\("([\w-]+)"\)\)\{var \w+=document\.createElement\("style"\)'
)


@cache
def plotly_style_ids() -> tuple[str, ...]:
    """The ids of the <style> elements plotly.js would add when it loads (none we need: the
    charts draw no maps); a page that loads it places an element of each id first."""
    found = _INJECTED_STYLE.findall((_plotly_folder() / "plotly.min.js").read_bytes())
    return tuple(dict.fromkeys(match.decode() for match in found))


def _swagger_folder() -> Path:
    # fastapi-offline ships Swagger UI 5, which reads FastAPI's OpenAPI 3.1 (the 4.x of
    # swagger-ui-bundle showed "Unable to render this definition"); only its files are used.
    spec = find_spec("fastapi_offline")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("The fastapi-offline package is not installed.")
    return Path(spec.submodule_search_locations[0]) / "static"


def install(app: FastAPI, *, docs_url: str = "/docs") -> None:
    """Mount the packaged scripts and serve the API docs page with them."""
    app.mount(PLOTLY, StaticFiles(directory=_plotly_folder()), name="vendor-plotly")
    app.mount(SWAGGER, StaticFiles(directory=_swagger_folder()), name="vendor-swagger")

    @app.get(docs_url, include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} API",
            swagger_js_url=f"{SWAGGER}/swagger-ui-bundle.js",
            swagger_css_url=f"{SWAGGER}/swagger-ui.css",
            swagger_favicon_url=f"{SWAGGER}/favicon.png",
        )
