"""A prober holding a whole IPv6 /64 counts as one client address, not 2**64 of them."""

from __future__ import annotations

import pytest

from reinstate.auth import service
from reinstate.auth.throttle import address_key
from reinstate.errors import InvalidInput, NotAuthenticated, TooManyAttempts
from reinstate.workbench import Workbench

from .conftest import PASSWORD, World

PROBER_NETWORK = "2001:db8:7:42"


@pytest.mark.parametrize(
    ("host", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:7:42::1", "2001:db8:7:42::/64"),
        ("2001:db8:7:42:ffff:1:2:3", "2001:db8:7:42::/64"),
        ("2001:DB8:7:42:0:0:0:9", "2001:db8:7:42::/64"),
        ("2001:db8:7:43::1", "2001:db8:7:43::/64"),
        ("fe80::1%eth0", "fe80::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),  # IPv4-mapped: the IPv4 address it carries
        ("testclient", "testclient"),  # not an address: counted as given
    ],
)
def test_a_client_address_is_counted_by_its_network(host: str, key: str) -> None:
    assert address_key(host) == key


def test_sign_ins_from_one_ipv6_network_share_one_count(wb: Workbench, world: World) -> None:
    for i in range(10):  # ten accounts guessed from ten addresses of one /64
        with pytest.raises(NotAuthenticated):
            service.authenticate(
                wb, f"guess{i}@example.com", "wrong-guess-123", client=f"{PROBER_NETWORK}::{i:x}"
            )
    with pytest.raises(TooManyAttempts):  # a fresh address in the same /64 is still refused
        service.authenticate(
            wb, "owner@example.com", PASSWORD, client=f"{PROBER_NETWORK}:beef:1:2:3"
        )
    elsewhere = service.authenticate(wb, "owner@example.com", PASSWORD, client="2001:db8:7:43::1")
    assert elsewhere.email == "owner@example.com"


def test_sign_ups_from_one_ipv6_network_share_one_count(wb: Workbench) -> None:
    def sign_up(i: int, client: str) -> None:
        service.sign_up(
            wb,
            organisation="",  # refused after it was counted
            kind="seller",
            email=f"new{i}@example.com",
            password=PASSWORD,
            client=client,
        )

    for i in range(10):
        with pytest.raises(InvalidInput):
            sign_up(i, f"{PROBER_NETWORK}::{i + 1:x}")
    with pytest.raises(TooManyAttempts):
        sign_up(10, f"{PROBER_NETWORK}::ffff:1")
    with pytest.raises(InvalidInput):  # another network is counted on its own
        sign_up(11, "2001:db8:7:43::1")


def test_emailed_sign_ups_from_one_ipv6_network_share_one_count(wb: Workbench) -> None:
    from reinstate.auth.signups import request_sign_up

    def sign_up(i: int, client: str) -> None:
        request_sign_up(
            wb,
            organisation="",  # refused after it was counted
            kind="seller",
            email=f"new{i}@example.com",
            password=PASSWORD,
            base_url="http://127.0.0.1:8000/",
            client=client,
        )

    for i in range(10):
        with pytest.raises(InvalidInput):
            sign_up(i, f"{PROBER_NETWORK}::{i + 1:x}")
    with pytest.raises(TooManyAttempts):
        sign_up(10, f"{PROBER_NETWORK}::ffff:1")
    with pytest.raises(InvalidInput):  # another network is counted on its own
        sign_up(11, "2001:db8:7:43::1")
