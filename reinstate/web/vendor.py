"""Third-party browser code, served by the app from the Python packages that ship it.

Nothing is loaded from a CDN (the workbench must work offline and in mainland China) and nothing
is copied into this repository: plotly.js comes with the ``plotly`` package, Swagger UI with
``swagger-ui-bundle``, both installed from PyPI like any other dependency.
"""

from __future__ import annotations

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


def _swagger_folder() -> Path:
    import swagger_ui_bundle  # type: ignore[import-untyped]  # a folder of files, no types

    return Path(swagger_ui_bundle.swagger_ui_path)


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
            swagger_favicon_url=f"{SWAGGER}/favicon-32x32.png",
        )
