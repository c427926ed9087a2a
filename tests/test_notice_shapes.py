"""How phishing and spam are made, in mail that names no platform: an HTML mail whose only words
are its footer, a sender's name a mass-mailing tool garbled, words broken by dots; each with
the legitimate mail it must leave alone (newsletters with text, list posts, real names)."""

from __future__ import annotations

from reinstate.notices.bulk import garbled_sender
from reinstate.notices.unsolicited import says_little

from .test_notice_unsolicited import LETTER, _judge, _mail

PICTURE = (
    '<p>View this email in your browser</p><a href="https://promo-pics.example.org/x">'
    '<img src="https://promo-pics.example.org/a.png" alt="Big sale"></a>'
    "<p>To unsubscribe from future mailings click here or write to: 12 Main St, Springfield</p>"
)
PICTURE_TEXT = (
    "View this email in your browser\n\nHuge savings inside!\n\n"
    "To unsubscribe from future mailings click here or write to: 12 Main St, Springfield\n"
)


def _raw(sender: str, subject: str, body: str = LETTER) -> bytes:
    """A mail written byte by byte, for headers a mail library would tidy up."""
    head = f"From: {sender}\r\nTo: seller@example.com\r\nSubject: {subject}\r\n"
    return (head + "Date: Tue, 10 Nov 2026 03:20:00 +0000\r\n\r\n" + body).encode()


def test_an_html_mail_whose_only_words_are_its_footer_is_wordless() -> None:
    data = _mail("Shop <news@brighthome.example.com>", "For you", PICTURE_TEXT, html=PICTURE)
    verdict, raised = _judge(data)
    assert "wordless" in raised and verdict == "suspicious"
    # "this is an HTML message" standing in for the text says nothing either
    stand_in = "This is a multipart message. If you see this, your client does not support HTML."
    assert (
        "wordless" in _judge(_mail("Shop <a@b-shop.example.com>", "Hi", stand_in, html=PICTURE))[1]
    )


def test_a_newsletter_with_words_or_a_short_list_post_is_not_wordless() -> None:
    html = f"<p>{LETTER}</p>" + PICTURE
    newsletter = _mail(
        "Shop <news@brighthome.example.com>", "News", LETTER + PICTURE_TEXT, html=html
    )
    assert "wordless" not in _judge(newsletter)[1]
    short = "The site moved overnight, details are here:\n\nhttps://www.example.org/story\n\n- Jim"
    post = _mail(
        "Jim <jim@example.org>",
        "Site moved",
        short,
        html=f"<p>{short}</p>",
        headers={"List-Id": "<devs.lists.example.org>"},
    )
    assert "wordless" not in _judge(post)[1]
    alone = _mail("Jim <jim@example.org>", "Site moved", short, html=f"<p>{short}</p>")
    assert "wordless" in _judge(alone)[1]  # the same few words, not from a list
    assert not says_little(LETTER) and says_little(PICTURE_TEXT)


def test_a_sender_name_a_mass_mailing_tool_garbled() -> None:
    for sender in (
        '"Gift Card Winners" .VJQRS <newsletters.mzbyw@offers-daily.example.net>',
        "8 kg in 1 week!, <service@offers-daily.example.net>",
        "Cloud team <newsletter.seller@example.com@offers-daily.example.net>",
        "Home Coverage. <deals@offers-daily.example.net>",
    ):
        verdict, raised = _judge(_raw(sender, "Hello"))
        assert "garbled_sender" in raised and verdict == "suspicious", sender
    # a nickname in paired quotes and a plain name are how people write
    for sender in (
        '"Sam \\"Rocky\\" Lee" <sam@brighthome.example.com>',
        "Li Wei <li@b.example.com>",
        "Bright Home Trading Ltd. <li@b.example.com>",
        "O'Reilly & Assoc. <books@b.example.com>",
    ):
        assert "garbled_sender" not in _judge(_raw(sender, "Hello"))[1], sender
    assert garbled_sender('Shop" .XQ', "a@b.example") and not garbled_sender('Ann " Lee', "a@b.c")


def test_words_broken_by_dots_in_the_subject_are_filler() -> None:
    broken = _raw("Alerts <alert@offers-daily.example.net>", "URGENTE: S.eu e.spaço está cheio")
    assert "filler_text" in _judge(broken)[1]
    initials = _raw(
        "Li <li@brighthome.example.com>", "Meeting with J.Smith at 3 p.m. on e.g. Monday"
    )
    assert "filler_text" not in _judge(initials)[1]
