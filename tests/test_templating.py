"""Templates are compiled once per process, however many apps it makes, and never served stale."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader

from reinstate.web import templating
from reinstate.web.templating import make_templates


def _counting_compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from here on (the real compiler still runs)."""
    compiled: list[str] = []
    real = Environment.compile

    def compile_and_count(self: Environment, source: str, name: str | None = None, *a, **k):  # type: ignore[no-untyped-def]
        compiled.append(name or "")
        return real(self, source, name, *a, **k)

    monkeypatch.setattr(Environment, "compile", compile_and_count)
    return compiled


def test_a_second_app_renders_a_page_without_compiling_it_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = make_templates(auto_reload=False).env
    second = make_templates(auto_reload=False).env
    compiled = _counting_compiles(monkeypatch)
    first.get_template("_pager.html")
    assert compiled.count("_pager.html") <= 1  # compiled here unless an earlier test did
    compiled.clear()
    page = second.get_template("_pager.html")
    assert compiled == []
    assert page.filename == first.get_template("_pager.html").filename


def test_an_edited_template_is_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = templating._CompiledOnce()
    page = tmp_path / "page.html"
    page.write_text("one {{ n }}", encoding="utf-8")
    compiled = _counting_compiles(monkeypatch)

    def render() -> str:
        env = Environment(loader=FileSystemLoader(tmp_path), bytecode_cache=cache)
        return env.get_template("page.html").render(n=1)

    assert render() == "one 1"
    assert render() == "one 1"
    assert compiled == ["page.html"]
    page.write_text("two {{ n }}", encoding="utf-8")
    assert render() == "two 1"
    assert compiled == ["page.html", "page.html"]
