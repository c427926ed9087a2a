"""Evidence checks on real files made here: PDFs (plain, encrypted, scripted, scanned, huge,
broken) and images, against the platforms' own rules."""

from __future__ import annotations

import io
import json
import os
import sys
import warnings
import zipfile
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin
from pypdf import PdfReader, PdfWriter
from pypdf.actions import JavaScript
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from reinstate.cli import main
from reinstate.errors import InvalidInput
from reinstate.evidence.checks.dates import _ISSUED
from reinstate.evidence.document import dates_after
from reinstate.evidence.pack import Source, build_pack
from reinstate.evidence.validate import Context, check_file
from reinstate.i18n import gettext_for, render
from reinstate.policies.loader import load_policies

TODAY = date(2026, 11, 18)
GOOD_NAME = "BlueOceanHome_Counterfeit_20261118.pdf"


def text_pdf(*lines: str, pages: int = 1) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    for number in range(pages):
        for row, line in enumerate(lines or ("Remediation letter",)):
            page.drawString(72, 760 - 18 * row, f"{line} ({number + 1})")
        page.showPage()
    page.save()
    return buffer.getvalue()


def image_bytes(size: tuple[int, int], kind: str = "JPEG", noise: bool = False) -> bytes:
    picture = (
        Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
        if noise
        else (Image.new("RGB", size, (240, 240, 240)))
    )
    buffer = io.BytesIO()
    picture.save(buffer, kind, quality=95)
    return buffer.getvalue()


def image_pdf(picture: bytes) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.drawImage(ImageReader(io.BytesIO(picture)), 0, 0, width=A4[0], height=A4[1])
    page.showPage()
    page.save()
    return buffer.getvalue()


def rewritten(
    data: bytes,
    *,
    password: str | None = None,
    script: str | None = None,
    attachment: bytes | None = None,
) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    if script:
        writer.add_open_action(JavaScript(script))
    if attachment:
        writer.add_attachment("invoice.exe", attachment)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def joom(violation: str = "counterfeit") -> Context:
    return Context(load_policies()["joom"], TODAY, "Blue Ocean Home", violation)


def codes(name: str, data: bytes, ctx: Context) -> list[str]:
    return [p.code for p in check_file(name, data, ctx).problems]


def test_it_passes_a_well_made_joom_file() -> None:
    report = check_file(GOOD_NAME, text_pdf("Remediation letter", "Stamped"), joom())
    assert report.ok and report.problems == []


def test_it_catches_everything_platforms_refuse() -> None:
    letter = text_pdf("Remediation letter")
    assert codes(GOOD_NAME, rewritten(letter, password="s3cret"), joom()) == ["encrypted"]
    assert codes(GOOD_NAME, rewritten(letter, script="app.alert('hi');"), joom()) == [
        "active_content"
    ]
    assert codes(GOOD_NAME, rewritten(letter, attachment=b"MZ\x90\x00"), joom()) == [
        "active_content"
    ]
    assert codes(GOOD_NAME, letter[: len(letter) // 3], joom()) == ["corrupt"]
    assert codes(GOOD_NAME, image_bytes((1600, 1200)), joom()) == ["not_pdf"]


def test_it_refuses_a_file_over_the_limit() -> None:
    huge = image_pdf(image_bytes((2200, 2000), "PNG", noise=True))
    assert len(huge) > 11 * 1024 * 1024
    report = check_file(GOOD_NAME, huge, joom())
    assert [p.code for p in report.problems] == ["too_large", "no_text"]
    assert report.problems[0].params["limit"] == "10"


def test_it_warns_about_image_only_scans_without_failing_them() -> None:
    report = check_file(GOOD_NAME, image_pdf(image_bytes((1240, 1754))), joom())
    assert [(p.code, p.severity) for p in report.problems] == [("no_text", "warning")]
    assert report.ok


def test_it_reads_validity_dates_from_the_text_layer() -> None:
    expired = text_pdf("Brand authorisation", "Valid until 2025-12-31")
    assert codes(GOOD_NAME, expired, joom()) == ["expired"]
    assert codes(GOOD_NAME, text_pdf("Brand authorisation", "有效期至 2027年3月1日"), joom()) == []
    amazon = load_policies()["amazon"]
    invoices = Context(amazon, TODAY, material=amazon.materials["purchase_invoices"])
    old = text_pdf("Supplier invoice", "Invoice date: 2025-10-01")
    assert codes("invoice.pdf", old, invoices) == ["too_old"]
    assert codes("invoice.pdf", text_pdf("Invoice date: 2026-01-10"), invoices) == []


def test_it_suggests_the_platform_name_pattern() -> None:
    report = check_file("scan 3.pdf", text_pdf(), joom())
    assert [p.code for p in report.problems] == ["bad_name"]
    assert report.suggested_name == "BlueOceanHome_Counterfeit_20261118.pdf"
    # a file Joom refuses (an image, a program) is named as it will be once converted to PDF
    for name in ("photo.jpg", "setup.exe", "noextension"):
        suggested = check_file(name, b"MZ\x90\x00" + bytes(64), joom()).suggested_name
        assert suggested == "BlueOceanHome_Counterfeit_20261118.pdf", name
    assert (
        check_file("x.pdf", text_pdf(), Context(load_policies()["amazon"], TODAY)).suggested_name
        is None
    )


def test_it_accepts_images_where_the_platform_does_and_checks_their_resolution() -> None:
    amazon = Context(load_policies()["amazon"], TODAY)
    assert codes("id-front.jpg", image_bytes((2000, 1400)), amazon) == []
    assert codes("id-front.jpg", image_bytes((640, 480)), amazon) == ["low_resolution"]
    assert codes("id-front.jpg", b"GIF89a" + b"\x00" * 50, amazon) == ["unsupported_format"]


def test_it_answers_the_cli_contracts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REINSTATE_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/x")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    good = tmp_path / "BlueOceanHome_Counterfeit_20261118.pdf"
    good.write_bytes(text_pdf("Remediation letter"))
    fake = tmp_path / "licence.pdf"
    fake.write_bytes(image_bytes((1600, 1200)))
    code = main(
        [
            "evidence",
            "check",
            str(good),
            str(fake),
            "--platform",
            "joom",
            "--store-name",
            "Blue Ocean Home",
            "--violation",
            "counterfeit",
            "--json",
        ]
    )
    document = json.loads(capsys.readouterr().out)
    assert code == 1  # one file would be refused
    first, second = document["files"]
    assert (first["path"], first["ok"], first["problems"]) == (str(good), True, [])
    assert second["ok"] is False
    assert [p["code"] for p in second["problems"]] == ["not_pdf", "bad_name"]
    assert (
        second["problems"][0]["detail"]
        == "This file is a JPEG image, not a PDF (whatever its name)."
    )
    assert second["suggested_name"].startswith("BlueOceanHome_Counterfeit_")
    assert main(["ids", "check", "uscc", "91350100M000100Y43", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"valid": True, "reason": None}
    assert main(["ids", "check", "cn-id", "110105194902300000", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "valid": False,
        "reason": "The birth date in this resident ID number does not exist.",
    }
    assert main(["evidence", "check", str(tmp_path / "missing.pdf"), "--platform", "joom"]) == 1
    assert "There is no file" in capsys.readouterr().err


def test_it_says_when_a_name_hides_the_files_real_type() -> None:
    amazon = Context(load_policies()["amazon"], TODAY)
    report = check_file("licence.jpg", text_pdf("Business licence"), amazon)
    assert [(p.code, p.severity) for p in report.problems] == [("wrong_extension", "error")]
    assert not report.ok and report.problems[0].params["right"] == "pdf"
    assert codes("photo.png", image_bytes((2000, 1400)), amazon) == ["wrong_extension"]
    assert codes("photo.JPEG", image_bytes((2000, 1400)), amazon) == []
    named = Context(load_policies()["joom"], TODAY, "Blue Ocean Home", "counterfeit")
    assert codes("BlueOceanHome_Counterfeit_20261118.jpg", text_pdf(), named) == ["wrong_extension"]
    # what Joom refuses anyway is named by the format check alone
    assert codes(GOOD_NAME, image_bytes((1600, 1200)), named) == ["not_pdf"]


def test_it_names_phone_and_web_image_formats_it_refuses() -> None:
    amazon = Context(load_policies()["amazon"], TODAY)
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), "white").save(buffer, "WEBP")
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64)
    for data, what in ((buffer.getvalue(), "WebP image"), (heic, "HEIC image (an iPhone photo)")):
        [problem] = check_file("photo.jpg", data, amazon).problems
        assert (problem.code, problem.params["what"]) == ("unsupported_format", what)


def test_it_warns_of_an_id_number_in_a_name_and_prints_it_masked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    amazon = Context(load_policies()["amazon"], TODAY)
    scan = image_bytes((2000, 1400))
    report = check_file("李明_身份证_11010519491231002X.jpg", scan, amazon)
    assert [(p.code, p.severity) for p in report.problems] == [("id_number_in_name", "warning")]
    assert report.ok
    assert codes("order_123456789012345678.jpg", scan, amazon) == []  # not an ID number
    path = tmp_path / "李明_身份证_11010519491231002X.jpg"
    path.write_bytes(scan)
    for extra in (["--json"], []):
        assert main(["evidence", "check", str(path), "--platform", "amazon", *extra]) == 0
        out = capsys.readouterr().out
        assert "11010519491231002X" not in out and "110***********002X" in out
    missing = tmp_path / "张三_11010519491231002X.pdf"
    assert main(["evidence", "check", str(missing), "--platform", "amazon"]) == 1
    err = capsys.readouterr().err
    assert "11010519491231002X" not in err and "张三_110***********002X.pdf" in err


def test_it_warns_of_a_file_a_picture_editor_saved_last() -> None:
    amazon = Context(load_policies()["amazon"], TODAY)
    photo = Image.new("RGB", (2000, 1400), "white")
    exif = photo.getexif()
    exif[0x0131] = "Adobe Photoshop 24.1 (Windows)"
    retouched = io.BytesIO()
    photo.save(retouched, "JPEG", exif=exif)
    report = check_file("invoice.jpg", retouched.getvalue(), amazon)
    assert [(p.code, p.severity) for p in report.problems] == [("edited", "warning")]
    assert report.ok and report.problems[0].params["tool"] == "Adobe Photoshop 24.1 (Windows)"
    gimp = PngImagePlugin.PngInfo()
    gimp.add_text("Software", "GIMP 2.10.34")
    saved = io.BytesIO()
    photo.save(saved, "PNG", pnginfo=gimp)
    assert codes("licence.png", saved.getvalue(), amazon) == ["edited"]
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf("Invoice 2026-001"))))
    writer.add_metadata({"/Producer": "Adobe Photoshop for Windows -- Image Conversion Plug-in"})
    pdf = io.BytesIO()
    writer.write(pdf)
    assert codes("invoice.pdf", pdf.getvalue(), amazon) == ["edited"]
    # what a scanner, a camera or the issuer's software saved says nothing
    camera = photo.getexif()
    camera[0x0131] = "Canon DR-C225 scanner"
    scanned = io.BytesIO()
    photo.save(scanned, "JPEG", exif=camera)
    assert codes("invoice.jpg", scanned.getvalue(), amazon) == []
    assert codes("invoice.pdf", text_pdf("Invoice 2026-001"), amazon) == []


def test_a_pdf_without_pages_is_damaged_and_nothing_else() -> None:
    empty = io.BytesIO()
    PdfWriter().write(empty)
    [problem] = check_file(GOOD_NAME, empty.getvalue(), joom()).problems
    assert (problem.code, problem.message) == ("corrupt", "The PDF has no pages.")


def _cjk_pdf(*lines: str) -> bytes:
    """A PDF whose Chinese text a reader can extract, set in the workbench's own font."""
    from reinstate.pdf_fonts import font_for

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    for row, line in enumerate(lines):
        page.setFont(font_for(line), 12)
        page.drawString(72, 760 - 18 * row, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


def test_it_reads_validity_periods_as_authorisations_and_licences_write_them() -> None:
    amazon = Context(load_policies()["amazon"], TODAY)
    lapsed = [
        ("Brand Authorization Letter", "Authorization period: 2023-01-01 to 2025-12-31"),
        ("Brand Authorization Letter", "Valid until: December 31, 2025"),
        ("Brand Authorization Letter", "Valid until 31/12/2025"),
        ("Certificate", "Validity: 2023-01-01 - 2025-12-31"),
        ("Certificate", "Expiry date: 31 Dec 2025"),
    ]
    for lines in lapsed:
        report = check_file("authorisation.pdf", text_pdf(*lines), amazon)
        assert [p.code for p in report.problems] == ["expired"], lines
        assert report.problems[0].params["date"] == "2025-12-31", lines
    current = [
        ("Brand Authorization Letter", "Authorization period: 2025-01-01 to 2027-12-31"),
        # 11 December or 12 November: not called lapsed on the reading it may not mean
        ("Brand Authorization Letter", "Valid until 11/12/2026"),
        ("Invoice", "We confirm the validity of invoice 2020-01-05"),  # no validity stated
    ]
    assert [codes("a.pdf", text_pdf(*lines), amazon) for lines in current] == [[], [], []]
    assert codes("a.pdf", text_pdf("Valid until 3/4/2026"), amazon) == ["expired"]  # either way
    chinese = {
        "授权期限：2023年1月1日至2025年12月31日": ["expired"],
        "有效期：2025年12月31日": ["expired"],
        "营业期限：2015年01月01日至2025年06月30日": ["expired"],
        "营业期限：2015年01月01日至长期": [],
        "授权期限：2026年1月1日至2027年12月31日": [],
    }
    for line, expected in chinese.items():
        assert codes("授权书.pdf", _cjk_pdf("品牌授权书", line), amazon) == expected, line


def test_it_says_an_empty_file_is_empty_and_a_folder_is_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = check_file(GOOD_NAME, b"", joom())
    assert [(p.code, p.message) for p in report.problems] == [("empty", "The file is empty.")]
    assert not report.ok
    assert main(["evidence", "check", str(tmp_path), "--platform", "joom"]) == 1
    assert capsys.readouterr().err == f"{tmp_path} is a folder, not a file.\n"


def test_a_violation_the_platform_does_not_name_is_refused_not_put_in_a_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(text_pdf("Remediation letter"))
    command = ["evidence", "check", str(letter), "--platform", "joom", "--store-name", "Lumen"]
    assert main([*command, "--violation", "counterfeet"]) == 1
    assert "counterfeet" in capsys.readouterr().err
    assert main([*command, "--violation", "counterfeit", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["files"][0]["suggested_name"].startswith(
        "Lumen_Counterfeit_"
    )


def test_an_invoice_dated_by_date_alone_is_judged_by_its_age() -> None:
    amazon = load_policies()["amazon"]
    invoices = Context(amazon, TODAY, material=amazon.materials["purchase_invoices"])
    old = text_pdf("INVOICE No. 2025-001", "Date: 2025-01-05", "Due date: 2025-02-05")
    assert codes("invoice.pdf", old, invoices) == ["too_old"]
    recent = text_pdf("INVOICE No. 2026-001", "Date: 2026-10-05", "Due date: 2026-11-05")
    assert codes("invoice.pdf", recent, invoices) == []
    # a due or delivery date alone is not when the invoice was issued
    assert codes("invoice.pdf", text_pdf("INVOICE", "Due date: 2025-02-05"), invoices) == []
    chinese = "发票 日期：2025年1月5日 到期日期：2025年2月5日"
    assert dates_after(chinese, _ISSUED, first=True) == [date(2025, 1, 5)]


def phone_photo(width: int, height: int) -> bytes:
    """A JPEG whose header declares ``width`` x ``height`` (a 108- or 200-megapixel phone
    camera's), made from a small one: only the header is read before the size is judged."""
    data = bytearray(image_bytes((64, 48)))
    frame = data.index(b"\xff\xc0") + 5  # SOF0: length (2), precision (1), height, width
    data[frame : frame + 4] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return bytes(data)


@pytest.mark.parametrize(("size", "millions"), [((12000, 9000), "108"), ((16320, 12240), "200")])
def test_it_tells_a_huge_phone_photo_to_be_resized_not_that_it_is_damaged(
    size: tuple[int, int], millions: str
) -> None:
    amazon = Context(load_policies()["amazon"], TODAY)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)  # none reaches stderr
        report = check_file("IMG_20261118.jpg", phone_photo(*size), amazon)
    [problem] = report.problems
    assert problem.code == "too_many_pixels" and not report.ok
    assert render(gettext_for("en"), problem.message, problem.params) == (
        f"The image has {millions} million pixels, more than the 60 million checked."
    )
    assert "缩小" in render(gettext_for("zh_CN"), problem.hint, problem.params)
    good = Source(1, "letter.pdf", text_pdf("Letter"), "pdf")
    with pytest.raises(InvalidInput, match="IMG.jpg has too many pixels for the pack"):
        build_pack(
            [good, Source(2, "IMG.jpg", phone_photo(*size), "jpeg")],
            name="x.pdf",
            facts=[],
            max_mb=None,
        )


def office_file(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<document/>")
    return buffer.getvalue()


def test_it_names_an_office_file_as_the_seller_knows_it() -> None:
    amazon = Context(load_policies()["amazon"], TODAY)

    def said(name: str, data: bytes, ctx: Context, language: str = "en") -> str:
        [problem, *_] = check_file(name, data, ctx).problems
        return render(gettext_for(language), problem.message, problem.params)

    assert said("licence.docx", office_file("word/document.xml"), amazon) == (
        "Amazon does not accept a Microsoft Word document."
    )
    assert said("orders.pdf", office_file("xl/workbook.xml"), joom()) == (
        "This file is a Microsoft Excel spreadsheet, not a PDF (whatever its name)."
    )
    assert "Word 文档" in said("授权书.docx", office_file("word/document.xml"), joom(), "zh_CN")
    assert "ZIP" in said("scans.zip", office_file("scans/page1.xml"), amazon)


def test_a_rename_hint_says_the_parts_not_known_in_the_readers_words() -> None:
    unnamed = Context(load_policies()["joom"], TODAY, "", "late_shipment")
    [problem] = check_file("扫描件 1.pdf", text_pdf("Tracking"), unnamed).problems
    hint = [render(gettext_for(lang), problem.hint, problem.params) for lang in ("en", "zh_CN")]
    assert hint == [
        "Rename it to StoreName_LateShipment_20261118.pdf.",
        "请重命名为 店铺名_LateShipment_20261118.pdf。",
    ]
    report = check_file("扫描件 1.pdf", text_pdf("Tracking"), unnamed)
    assert report.suggested_name == "StoreName_LateShipment_20261118.pdf"  # a name, as before


def test_a_name_in_the_pattern_needs_a_real_date() -> None:
    letter = text_pdf("Remediation letter")
    assert codes("LinHome_Counterfeit_20260229.pdf", letter, joom()) == ["bad_name"]  # no 29th
    assert codes("LinHome_Counterfeit_20261399.pdf", letter, joom()) == ["bad_name"]
    assert codes("LinHome_Counterfeit_20240229.pdf", letter, joom()) == []


def test_it_says_a_name_without_an_extension_is_not_offered_for_upload() -> None:
    amazon = Context(load_policies()["amazon"], TODAY)
    [problem] = check_file("营业执照扫描", image_bytes((2000, 1400)), amazon).problems
    assert (problem.code, problem.params["right"]) == ("wrong_extension", "jpg")
    assert render(gettext_for("en"), problem.message, problem.params) == (
        "The name has no extension, and the file is a JPEG image."
    )
    assert codes("licence.PDF", text_pdf("Business licence"), amazon) == []
    assert codes("scan.2026", text_pdf("Business licence"), amazon) == []  # says nothing


def test_it_hides_an_identity_number_typed_in_parts_in_a_files_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REINSTATE_LANGUAGE", "en")
    scan = tmp_path / "李明 身份证 440306 19881111 008X.pdf"
    scan.write_bytes(text_pdf("Resident identity card"))
    assert main(["evidence", "check", str(scan), "--platform", "amazon", "--json"]) == 0
    [report] = json.loads(capsys.readouterr().out)["files"]
    assert report["path"].endswith("李明 身份证 440***********008X.pdf")
    assert [p["code"] for p in report["problems"]] == ["id_number_in_name"]
