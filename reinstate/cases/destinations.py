"""Where a notification URL would connect, and whether that place is on the public internet.

Reminder channels are typed by members, and ``reinstate remind`` posts case data to them: a
channel pointing at 127.0.0.1, a private network or a cloud metadata address would let a member
reach the server's neighbours (SSRF). A host is refused when any address it resolves to is
loopback, private, link-local, multicast, reserved, unspecified or otherwise not global, in
IPv4 or IPv6 (IPv4-mapped, 6to4 and Teredo addresses are judged by the IPv4 address inside),
and in the legacy forms ``inet_aton`` accepts (``2130706433``, ``0177.0.0.1``, ``127.1``).

Only hosts the member chose are checked: the ``{host}`` of generic plugins (``json://``,
``xml://``, ``form://``, ntfy, gotify …), the SMTP server of ``mailto://``, the server a Zulip
URL names (``zulip://bot@org.example.com/…`` posts to ``org.example.com``) and an Azure
Communication Services endpoint. Plugins with a fixed service (``dingtalk://``,
``wecombot://``, ``feishu://`` …) carry tokens, not hosts. Only the first hop is checked, so
reminders are sent without following HTTP redirects (see :func:`.reminders.apprise_send`).

>>> refused_host("json://127.0.0.1:8080/hook")
'127.0.0.1'
>>> refused_host("json://[::ffff:10.0.0.1]/hook")
'::ffff:10.0.0.1'
>>> refused_host("jsons://93.184.215.14/hook") is None
True
"""

from __future__ import annotations

import ipaddress
import socket

import apprise

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def chosen_hosts(url: str) -> list[str]:
    """The hosts apprise would connect to for ``url`` that its author picked."""
    plugin = apprise.Apprise.instantiate(url)
    if plugin is None:
        return []
    smtp_host = _text(plugin, "smtp_host")
    if smtp_host:
        return [smtp_host.strip("[]")]
    templates = getattr(type(plugin), "templates", ())
    host = _text(plugin, "host")
    if host and any("{host}" in t for t in templates):
        return [host.strip("[]")]
    return _named_hosts(plugin)


def _named_hosts(plugin: object) -> list[str]:
    """Hosts a plugin builds from parts of the URL other than ``{host}``: Zulip posts to
    ``https://{organization}.{hostname}``, Azure Communication Services to its ``endpoint``."""
    hostname, organization = _text(plugin, "hostname"), _text(plugin, "organization")
    if hostname:
        return [f"{organization}.{hostname}" if organization else hostname]
    endpoint = _text(plugin, "endpoint")
    return [endpoint] if endpoint else []


def _text(plugin: object, name: str) -> str:
    value = getattr(plugin, name, None)
    return value if isinstance(value, str) else ""


def _literal(host: str) -> Address | None:
    try:
        return ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        pass
    try:  # the forms C libraries still accept: 2130706433, 0x7f.1, 0177.0.0.1, 127.1
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except (OSError, ValueError):
        return None


def addresses(host: str) -> list[Address]:
    """Every address ``host`` resolves to now (empty when it does not resolve)."""
    literal = _literal(host)
    if literal is not None:
        return [literal]
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError, ValueError):
        return []
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]


def is_public(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        inner = address.ipv4_mapped or address.sixtofour
        if inner is None and address.teredo is not None:
            inner = address.teredo[1]
        if inner is not None and not is_public(inner):
            return False
    return address.is_global and not (
        address.is_multicast
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_unspecified
    )


def refused_host(url: str) -> str | None:
    """The first host of ``url`` that resolves to an address off the public internet."""
    for host in chosen_hosts(url):
        if any(not is_public(address) for address in addresses(host)):
            return host
    return None
