"""The notices' speed-ups give the answers of the slow paths they replace, on real files."""

from __future__ import annotations

import re
from email.message import Message
from functools import partial
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reinstate.notices import (
    authenticity,
    deadlines,
    envelope,
    extract,
    kinds,
    lures,
    mime,
    parse,
    unsolicited,
)
from reinstate.notices.scan import (
    _TRAPS,
    JapaneseRule,
    Rule,
    compile_rule,
    has_kana,
    pack_rules,
    required_words,
)
from reinstate.notices.text import reading_text
from reinstate.policies.loader import load_policies

FIXTURES = Path(__file__).parent / "fixtures" / "notices"


def _rules() -> list[Rule]:
    found = [
        value
        for module in (authenticity, deadlines, extract, lures)
        for value in vars(module).values()
        if isinstance(value, Rule)
    ]
    for pack in load_policies().values():
        for violation in pack.violations.values():
            found += [compile_rule(p, re.I) for p in violation.patterns.en + violation.patterns.zh]
        for kind in pack.notice_kinds.values():
            found += [compile_rule(p, re.I) for p in kind.patterns.en + kind.patterns.zh]
        joined = pack_rules(pack, "kinds", partial(kinds._described, pack), joined=True)
        found += [rules[0] for _, rules in joined]  # a kind's English and Chinese patterns as one
    found += [category.pattern for category in unsolicited.CATEGORIES]
    return found + [unsolicited.PRESSURE.pattern, unsolicited.CALL_TO_ACTION]


def _texts() -> list[str]:
    texts = [
        parse.read_notice(path.read_bytes(), path.name).text
        for path in sorted(FIXTURES.rglob("*.eml"))
    ]
    # re matches these four letters to ASCII ones under IGNORECASE; lower() does not
    traps = "Your account is ſuspended: İnfringement, KYC and a gıft card, within 24 hours"
    return [*texts, traps, traps.upper(), "Ваш аккаунт заблокирован 账户冻结 24小时内"]


def test_required_words_are_read_from_the_pattern() -> None:
    assert required_words(r"\b(?:gift card|jackpot)\b", re.I) == {"gift card", "jackpot"}
    assert required_words(r"(?:suspend|block)ed", re.I) == {"suspend", "block"}
    assert required_words(r"a*b") is None  # nothing every match needs
    assert required_words(r"x|yz") is None  # one letter is no filter


def test_each_alternative_needs_a_word_of_each_of_its_parts() -> None:
    rule = compile_rule(r"you('ve| have) (won|been selected)|gift card", re.I)
    assert rule.alternatives == (
        (frozenset({"you"}), frozenset({"won", "been selected"}), frozenset({"'ve", " have"})),
        (frozenset({"gift card"}),),
    )
    assert not rule.possible("You have a new message")  # "you" and " have", but no "won"
    assert rule.search("YOU HAVE WON") and rule.search("a Gift Card")
    assert compile_rule(r"\b(?:gift card|jackpot)\b", re.I).alternatives is None  # words do


def test_a_rule_finds_what_its_pattern_finds_and_nothing_else() -> None:
    rules, texts = _rules(), _texts()
    assert len(rules) > 40 and sum(rule.words is not None for rule in rules) > 30
    assert sum(rule.alternatives is not None for rule in rules) > 10
    for rule in rules:
        for text in texts:
            expected = [m.span() for m in rule.regex.finditer(text)]
            assert [m.span() for m in rule.finditer(text)] == expected, rule.pattern
            found = rule.search(text)
            assert (found.span() if found else None) == (expected[0] if expected else None)
            assert rule.findall(text) == rule.regex.findall(text)


@pytest.mark.parametrize("code", [0x130, 0x131, 0x17F, 0x212A, 0xE9, 0x3A3, 0x4E2D])
def test_the_trap_letters_are_exactly_those_re_folds_to_ascii(code: int) -> None:
    folds = re.match("[a-z]", chr(code), re.I) is not None
    assert folds == bool(_TRAPS.search(chr(code)))


def test_no_other_letter_folds_to_ascii() -> None:
    letter = re.compile("[a-z]", re.I)
    folding = [c for c in range(128, 0x30000) if letter.match(chr(c))]
    assert folding == [0x130, 0x131, 0x17F, 0x212A]


class _Standard(parse._Html):
    """The text reader on the standard parser's own start tags and positions."""

    parse_starttag = HTMLParser.parse_starttag  # type: ignore[assignment]
    updatepos = HTMLParser.updatepos  # type: ignore[assignment]


MARKUP = (
    "<html><head><title>T</title><style>p{x:1}</style></head><body><div class=\"a\" b='c' d=e>"
    'Hi &amp; bye</div><p junk"" x>odd</p><br/><img src=x /><span a="1>2">s</span>'
    '<a href="https://amazon.com/x?a=1&amp;b=2">Go <b>now</b></a><p/ >'
    "<script>if (a<b) {}</script><table><tr><td>cell</td></tr></table><p = =x>q</p>"
    "<a href='www.example.com' >www</a><DIV CLASS=Big>up</DIV><p<p>x</p>< p>y<p"
)


def test_the_html_reader_reads_as_the_standard_parser() -> None:
    documents = [MARKUP, MARKUP[: len(MARKUP) // 2], MARKUP.replace("<", "<\n")]
    for path in sorted(FIXTURES.rglob("*.eml")):
        message = mime.parse_email(path.read_bytes())
        documents += [
            parse._part_text(part)
            for part in parse._walk(message)
            if part.get_content_type() == "text/html"
        ]
    assert len(documents) > 3
    for markup in documents:
        fast, standard = parse._Html(), _Standard()
        for reader in (fast, standard):
            reader.feed(markup)
            reader.close()
        assert (fast.chunks, fast.links) == (standard.chunks, standard.links)


def test_a_parsed_message_answers_header_questions_as_the_standard_one() -> None:
    from email import message_from_bytes, policy

    for path in sorted(FIXTURES.rglob("*.eml")):
        data = path.read_bytes()
        ours, theirs = mime.parse_email(data), message_from_bytes(data, policy=policy.compat32)
        for name in ("From", "subject", "RECEIVED", "Content-Type", "X-None"):
            assert str(ours.get(name)) == str(theirs.get(name))
            assert str(ours.get_all(name)) == str(theirs.get_all(name))
            assert (name in ours) == (name in theirs)
        assert ours.get_params() == theirs.get_params()
        assert ours.get_content_charset() == theirs.get_content_charset()
        assert ours.get_filename() == theirs.get_filename()


def _state(message: Message) -> tuple[object, ...]:
    """Everything the parser decides about a message, its parts included."""
    payload = message._payload  # type: ignore[attr-defined]
    parts = [_state(p) for p in payload] if isinstance(payload, list) else payload
    defects = [type(d).__name__ for d in message.defects]
    return (message._headers, message.get_unixfrom(), parts, defects, message.preamble,  # type: ignore[attr-defined]
            message.epilogue, message.get_default_type())  # fmt: skip


# Pieces of header blocks as found in the wild and as broken: an envelope line, folded and
# nameless headers, a body line straight after the headers, text outside ASCII, parts.
_PIECES = (b"From: a@b.example", b"From a@b Mon Nov 16", b"Subject: x", b" folded", b"\tfolded",
           b":no name", b"X-Empty:", b"Content-Type: text/html", b"body text", b"", b"From  x",
           b"Content-Type: multipart/mixed; boundary=b", b"--b", b"Content-Type: message/rfc822",
           b"\xe4\xb8\xad: v", b"Two words: v", b"=?utf-8?b?5Lit?=")  # fmt: skip
_ENDS = (b"\n", b"\r\n", b"\r", b"")
_MULTIPART = (b"Content-Type: multipart/mixed; boundary=b\n\npreamble\n",
              b'Content-Type: multipart/alternative; boundary="b"\r\n\r\n',
              b"Content-Type: multipart/mixed; boundary=b\nContent-Transfer-Encoding: base64\n\n",
              b"Content-Type: multipart/digest; boundary=b\n\n")  # fmt: skip


def test_the_fast_mail_reader_builds_the_standard_message() -> None:
    blocks = [path.read_bytes() for path in sorted(FIXTURES.rglob("*.eml"))]
    blocks += [a + x + b + y for a in _PIECES for b in _PIECES for x in _ENDS for y in _ENDS[1:3]]
    blocks += [a + x + b + x + c for a in _PIECES[:6] for b in _PIECES for c in _PIECES[:6]
               for x in _ENDS[:2]]  # fmt: skip
    parts = (b"Content-Type: text/html\n\n<p>hi</p>", b"text", b"", b" folded", b"X: y",
             b"--b", b"Content-Type: multipart/mixed; boundary=c",
             b"Content-Type: multipart/alternative; boundary=c\n\n--c\n\nhi\n--c--\n",
             b"Content-Type: multipart/related; boundary=c\n\n--c\n\nhi\n--b\n")  # fmt: skip
    blocks += [head + b"--b" + x + p + x + b"--b" + x + q + x + b"--b--" + y
               for head in _MULTIPART for p in parts for q in parts for x in _ENDS[:3]
               for y in (b"", b"\n", b" \nepilogue")]  # fmt: skip
    fast = parts = 0
    for data in blocks:
        assert _state(mime.parse_email(data)) == _state(mime.standard_parse(data)), data
        read = mime._fast(data.decode("ascii", "surrogateescape"))
        fast, parts = fast + (read is not None), parts + (read is not None and read.is_multipart())
    assert 1000 < fast < len(blocks) and parts > 100  # each way is taken, multiparts too


def test_the_blank_line_is_found_where_the_pattern_finds_it() -> None:
    pattern = re.compile(rb"\r?\n\r?\n")
    pieces = (b"a", b"\r", b"\n", b"\r\n", b"")
    heads = [a + b + c + d for a in pieces for b in pieces for c in pieces for d in pieces]
    for head in heads + [path.read_bytes() for path in sorted(FIXTURES.rglob("*.eml"))]:
        found = pattern.search(head)
        assert envelope.blank_line(head) == (found.start() if found else -1), head


def test_a_packs_japanese_patterns_are_tried_on_japanese_text_only() -> None:
    amazon = load_policies()["amazon"]
    rules = [
        rule
        for _, found in pack_rules(amazon, "violations", partial(extract._described, amazon))
        for rule in found
        if isinstance(rule, JapaneseRule)
    ]
    identity = next(rule for rule in rules if rule.regex.search("本人确认"))
    japanese = "出品者様の本人確認が完了していません。"
    chinese = "此邮件需本人确认后处理。"  # the same word, simplified, without kana
    assert identity.search(reading_text(japanese)) is not None
    assert identity.regex.search(chinese) and identity.search(chinese) is None
    for text in [*_texts(), reading_text(japanese)]:
        for rule in rules:
            if has_kana(text):
                assert bool(rule.search(text)) == bool(rule.regex.search(text)), rule.pattern
