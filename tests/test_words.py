"""Words, not codes (issue 20): every page of the app, in English and in Chinese, as an owner and
as a client, shows no raw code (``missing_root_cause``, ``a_to_z_claim``) in its visible text,
and a Chinese page shows no English message of the catalog left untranslated."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from reinstate.notices.service import store_notice

from .conftest import Templates
from .pages import html_pages
from .test_persona_matrix import Setup, _setup

ROOT = Path(__file__).resolve().parents[1] / "reinstate"
PHISHING = Path(__file__).resolve().parents[2] / "shared" / "data" / "phishing"
CODE = re.compile(r"(?<![\w./@:-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/@-])")
# text a person typed or received, shown as it is (the notice's own words, the letter being
# written), and what is marked translate="no" (domains, addresses, token prefixes, API codes)
VERBATIM = {"script", "style", "pre", "textarea"}


class _Visible(HTMLParser):
    """The text a reader sees, one string per text node, outside the verbatim elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VERBATIM or ("translate", "no") in attrs:
            self.inside.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.inside and self.inside[-1] == tag:
            self.inside.pop()

    def handle_data(self, data: str) -> None:
        if not self.inside and data.strip():
            self.texts.append(" ".join(data.split()))


def visible_texts(html: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    return parser.texts


def _english_messages() -> re.Pattern[str]:
    """Every English message of the code and templates that has at least three words outside
    its placeholders, as one pattern (a placeholder matches any text)."""
    methods = [("**.py", "python"), ("web/templates/**.html", "jinja2")]
    found = extract_from_dir(str(ROOT), methods, keywords={"_": None, "N_": None})
    patterns = set()
    for _, _, message, _, _ in found:
        if not isinstance(message, str):
            continue
        literal = re.sub(r"\{\w*\}", " ", message)
        if len(re.findall(r"[A-Za-z]{2,}", literal)) < 3:
            continue
        parts = re.split(r"\{\w*\}", message)
        patterns.add(r".+?".join(re.escape(" ".join(p.split())) for p in parts))
    return re.compile("|".join(sorted(patterns, key=len, reverse=True)))


@pytest.fixture(scope="module")
def site(templates: Templates, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    """The persona matrix's world, with real phishing emails stored as notices of account A
    (their signal details are what a Chinese reader most needs in Chinese)."""
    made = _setup(templates, tmp_path_factory.mktemp("words"))
    setup = next(made)
    world = setup.matrix.world
    owner = world.actor(setup.wb, "owner")
    files = sorted(PHISHING.glob("*.eml"))[:8]
    assert files, f"the phishing samples are missing at {PHISHING}"
    setup.matrix.params["phishing"] = [
        store_notice(setup.wb, owner, world.account_a, f.read_bytes(), f.name).id for f in files
    ]
    yield setup
    next(made, None)


def _pages(site: Setup, language: str) -> Iterator[tuple[str, str, list[str]]]:
    for persona in ("owner", "client"):
        client = site.personas[persona].client
        client.cookies.set("reinstate_lang", language)
        try:
            extra = [f"/notices/{n}" for n in site.matrix.params["phishing"]]
            for url in html_pages(site, persona) + extra:
                answer = client.get(url)
                assert answer.status_code == 200, url
                yield persona, url, visible_texts(answer.text)
        finally:
            client.cookies.delete("reinstate_lang")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_no_page_shows_a_raw_code(site: Setup, language: str) -> None:
    wrong = []
    for persona, url, texts in _pages(site, language):
        for text in texts:
            for code in CODE.findall(text):
                wrong.append(f"{persona} {url}: {code!r} in {text[:120]!r}")
    assert wrong == [], "\n".join(sorted(set(wrong)))


def test_no_chinese_page_shows_an_english_message(site: Setup) -> None:
    english = _english_messages()
    wrong = []
    signals = 0
    for persona, url, texts in _pages(site, "zh_CN"):
        signals += sum(1 for t in texts if re.search(r"指向|发件|链接|免费|仿冒|跳转", t))
        for text in texts:
            found = english.search(text)
            if found:
                wrong.append(f"{persona} {url}: {found.group(0)[:100]!r}")
    assert wrong == [], "\n".join(sorted(set(wrong)))
    assert signals > 5, "the phishing notices' signal details were not shown"


def test_the_checks_catch_what_they_look_for() -> None:
    texts = visible_texts(
        "<p>Problem: missing_root_cause</p><pre>a_to_z_claim</pre><p>file a.pdf, x@y_z.com</p>"
        '<code translate="no">rst_abc</code><code>a_to_z_claim</code>'
    )
    assert texts == ["Problem: missing_root_cause", "file a.pdf, x@y_z.com", "a_to_z_claim"]
    assert CODE.findall(" ".join(texts)) == ["missing_root_cause", "a_to_z_claim"]
    assert _english_messages().search("请 Please sign in. 吧")
