"""The drill reads licences and ID cards laid out as they are: two columns on a line ("住所：…
法定代表人：张伟") and names of more than one word ("Zhang Wei", an OCR'd "欧阳 娜娜"). The legal
representative of a two-column licence was not read at all, and a two-word name was cut to its
first word, a mismatch the profile did not have."""

from __future__ import annotations

import pytest

from reinstate.accounts.service import update_account
from reinstate.cases.service import open_case
from reinstate.evidence.service import add_document
from reinstate.verification import service, views
from reinstate.workbench import Workbench

from .conftest import NOW, VALID_ID, VALID_USCC, World
from .test_verification_drill import _pdf


@pytest.mark.parametrize(
    ("name", "licence", "card"),
    [
        (
            "张伟",
            [
                "营业执照",
                f"统一社会信用代码 {VALID_USCC}",
                "名称：深圳市蓝海贸易有限公司    类型：有限责任公司",
                "住所：深圳市南山区XX大厦A座501    法定代表人：张伟",
            ],
            ["姓名 张伟", f"公民身份号码 {VALID_ID}"],
        ),
        (
            "欧阳娜娜",
            [
                "名称 深圳市蓝海贸易有限公司",
                "法定代表人 欧阳 娜娜",
                "住所 深圳市南山区XX大厦A座501",
            ],
            ["姓 名  欧阳 娜娜", f"公民身份号码 {VALID_ID}"],
        ),
    ],
)
def test_names_and_second_columns_are_read_whole(
    wb: Workbench, world: World, name: str, licence: list[str], card: list[str]
) -> None:
    mei = world.actor(wb, "owner")
    update_account(
        wb,
        mei,
        world.account_a2,
        {
            "company_name": "深圳市蓝海贸易有限公司",
            "registered_address": "深圳市南山区XX大厦A座501",
            "legal_representative": name,
            "legal_rep_id_number": VALID_ID,
            "uscc": VALID_USCC,
        },
    )
    case = open_case(wb, mei, world.account_a2, ["identity_verification"])
    add_document(wb, mei, case.id, "licence.pdf", _pdf(licence), ["business_licence"])
    add_document(wb, mei, case.id, "id-card.pdf", _pdf(card), ["legal_person_id"])
    vid = service.open_verification(wb, mei, world.account_a2, invited_at=NOW).id
    shown = views.drill_view(wb, mei, vid, "en")
    by = {(f.source, f.field): f for f in shown.findings}
    assert by[("licence.pdf", "legal_representative")].equal
    assert by[("id-card.pdf", "legal_representative")].equal
    assert all(f.equal for f in shown.findings), [(f.field, f.found) for f in shown.findings]
