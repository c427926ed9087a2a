"""The penalty commands' database part: an account's ledger (imported only when asked)."""

from __future__ import annotations

from ..accounts.service import get_account
from ..errors import N_, InvalidInput
from ..penalties.ledger import ledger_of, seller_today
from ..penalties.standing import fake_transaction_offences
from ..policies.schema import TaobaoPenalties
from .cases import _account_actor
from .common import cli_settings, opened


def next_offence(account_id: int, rules: TaobaoPenalties) -> int:
    """The number the account's next fake-transaction offence has this year: one more than the
    offences its ledger counts (overturned ones and, appeal first, pending ones do not)."""
    with opened() as wb:
        actor = _account_actor(wb, account_id)
        if get_account(wb, actor, account_id).platform != "taobao":
            raise InvalidInput(
                N_("Seller account {id} is not on {platform}."),
                field="account",
                id=account_id,
                platform=wb.policies.get_pack("taobao").names.get(cli_settings().language),
            )
        ledger = ledger_of(wb, actor, account_id)
        today = seller_today(wb, actor.org_id)
    return fake_transaction_offences(ledger, today, rules.fake_transactions.appeal_first) + 1
