"""The identifiers a platform links stores by: normalised, masked and keyed-hashed (pure).

A value is normalised first, so the spellings a platform would treat as one match here too:
full- and half-width characters, spaces, punctuation, 號/号, 層/层/F/楼 and 房/室 in addresses,
phone numbers with or without +86 (read as Chinese only when they are a Chinese number: another
country's written without its code is kept as written), Gmail's dots and anyone's ``+tag``.
Then it is kept only as an HMAC-SHA256 of the instance secret (two stores match when their
digests do) and a masked form for display: never in full.

>>> normalise("address", "深圳市南山区 科技园路１號 A座5F 501房")
'深圳市南山区科技园路1号a座5楼501室'
>>> normalise("phone", "+86 138-0013-8000") == normalise("phone", "13800138000")
True
>>> mask("bank_account", normalise("bank_account", "6222 0212 3456 3021"))
'••••3021'
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import N_, InvalidInput
from ..ids import check_cn_id, check_uscc, looks_like_cn_id, mask_id_number, normalise_id
from ..validation import clean_text

KINDS = (
    "legal_person_name",
    "legal_person_id",
    "uscc",
    "company_name",
    "address",
    "phone",
    "email",
    "bank_account",
    "payment_account",
    "ip",
    "device",
    "buyer_account",
    "credit_card",
)
KIND_LABELS = {
    "legal_person_name": N_("legal person"),
    "legal_person_id": N_("legal person's ID number"),
    "uscc": N_("unified social credit code"),
    "company_name": N_("company name"),
    "address": N_("address"),
    "phone": N_("phone number"),
    "email": N_("email address"),
    "bank_account": N_("bank account"),
    "payment_account": N_("payment account"),
    "ip": N_("login IP address"),
    "ip_network": N_("login network"),
    "device": N_("device"),
    "buyer_account": N_("buyer account"),
    "credit_card": N_("credit card"),
}
# Shown in full: they stand on the business licence and the storefront anyway.
PUBLIC = frozenset({"legal_person_name", "uscc", "company_name", "address"})
STRENGTHS = ("weak", "medium", "strong")
DOT = "••••"
MAX_LENGTH = 300  # the masked form of a public one is kept in full (500 characters)
STRENGTHS_FILE = Path(__file__).with_name("strengths.yaml")


@dataclass(frozen=True)
class Strengths:
    kinds: dict[str, str]
    ip_close_days: int
    ip_close: str
    ip_network: str
    proof: dict[str, tuple[str, ...]]  # kind -> the materials that answer it


@cache
def strengths(path: Path = STRENGTHS_FILE) -> Strengths:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    kinds = {str(k): str(v) for k, v in data["kinds"].items()}
    close = data["ip_close_in_time"]
    found = [*kinds.values(), close["strength"], data["ip_network"]["strength"]]
    if set(kinds) != set(KINDS) or not set(found) <= set(STRENGTHS):
        raise ValueError(f"{path} must give one of {STRENGTHS} for each of {KINDS}")
    proof = {str(k): tuple(str(m) for m in v) for k, v in data.get("proof", {}).items()}
    if not set(proof) <= set(KIND_LABELS):
        raise ValueError(f"{path}: proof names a kind that is not one of {sorted(KIND_LABELS)}")
    network = data["ip_network"]["strength"]
    return Strengths(kinds, int(close["days"]), close["strength"], network, proof)


def rank(strength: str) -> int:
    return STRENGTHS.index(strength)


# -- normalising ------------------------------------------------------------------------------

_CN_DIGITS = dict(zip("零〇一二三四五六七八九", "00123456789", strict=True))
_ADDRESS_WORDS = (
    (re.compile(r"號"), "号"),
    (re.compile(r"[層层樓]"), "楼"),
    (re.compile(r"(\d+)f(?![a-z])"), r"\1楼"),
    (re.compile(r"(?:floor|fl)(\d+)"), r"\1楼"),
    (re.compile(r"(\d+)(?:floor|fl)"), r"\1楼"),
    (re.compile(r"房"), "室"),
    (re.compile(r"(?:room|rm)(\d+)"), r"\1室"),
    (re.compile(r"#(\d+)"), r"\1号"),
    (re.compile(r"(\d+)#"), r"\1号"),
)
_NUMERAL_BEFORE = re.compile(r"([零〇一二三四五六七八九]+)(?=[号楼室栋座层单])")
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
_OTHER_ID = re.compile(r"^[0-9A-Z]{5,30}$")


def _width(value: str) -> str:
    """NFKC folds full-width letters, digits and punctuation into their usual forms."""
    return unicodedata.normalize("NFKC", value).strip()


def _address(value: str) -> str:
    text = _width(value).casefold()
    text = _NUMERAL_BEFORE.sub(lambda m: "".join(_CN_DIGITS[c] for c in m.group(1)), text)
    text = re.sub(r"[\s,，、.。;；:：()（）\-—'\"]+", "", text)
    for pattern, replacement in _ADDRESS_WORDS:
        text = pattern.sub(replacement, text)
    return _PUNCT.sub("", text)


def _dashes(text: str) -> str:
    """Every dash (—, –, ‐ ...) as a hyphen: NFKC leaves them as they are."""
    return "".join("-" if unicodedata.category(c) == "Pd" else c for c in text)


# A Chinese number without its country code, as the national numbering plan makes them (after
# the trunk 0 of a landline): a mobile 1[3-9] and 9 digits; a landline's area code (10, 2x or
# three digits from 3) and a local number of 8 digits (7 or 8 after a three-digit code) that
# never begins with 0 or 1. Only such a number is read as +86: the UK's 07700 900123 is not one.
_CN_NATIONAL = re.compile(r"1[3-9]\d{9}|(?:10|2\d)[2-9]\d{7}|[3-9]\d{2}[2-9]\d{6,7}")


def phone_digits(value: str) -> tuple[str, bool]:
    """A phone number's digits with its country code, and whether it had one (written, or read
    as Chinese); a number that has neither is kept as written (its trunk 0 too), so that it
    matches only itself written so and never a number of the country it was not from.

    >>> phone_digits("0755-8601 3388"), phone_digits("07700 900123")
    (('8675586013388', True), ('07700900123', False))
    """
    text = _dashes(_width(value))
    if re.search(r"[^\d\s+()\-./]", text):
        raise InvalidInput(N_("This is not a phone number."), field="value")
    # +44 (0)20 ...: the trunk 0 in brackets is dialled only from inside the country
    digits = re.sub(r"\D", "", text.replace("(0)", ""))
    international = text.lstrip("(").startswith(("+", "00"))
    if text.startswith("00"):
        digits = digits[2:]
    placed = international
    if not international and len(digits) == 11 and _CN_NATIONAL.fullmatch(digits):
        digits, placed = "86" + digits, True  # a mainland mobile written without +86
    elif not international and digits[:1] == "0" and _CN_NATIONAL.fullmatch(digits[1:]):
        digits, placed = "86" + digits[1:], True  # a landline with its trunk 0: 010-8888-6666
    elif international and digits.startswith("860"):
        digits = "86" + digits[3:]  # +86 010 8888 6666: no number after +86 begins with 0
    elif digits.startswith("86") and _CN_NATIONAL.fullmatch(digits[2:]):
        placed = True  # 86 138 0013 8000: the country code without its +
    if not 6 <= len(digits) <= 15:
        raise InvalidInput(N_("This is not a phone number."), field="value")
    return digits, placed


def _phone(value: str) -> str:
    return phone_digits(value)[0]


def kept_as_written(kind: str, value: str) -> bool:
    """Whether ``value`` is a phone number of no known country (kept as written); False for
    any other kind, or what is not a phone number."""
    try:
        return kind_of(kind) == "phone" and not phone_digits(value)[1]
    except InvalidInput:
        return False


_ANGLE = re.compile(r"<([^<>]*@[^<>]*)>")


def _email(value: str) -> str:
    text = _width(value)
    angled = _ANGLE.search(text)  # "Zhang Wei <zw@example.com>", as a mail client copies it
    text = (angled.group(1) if angled else text).casefold().replace(" ", "")
    text = text.removeprefix("mailto:")
    local, at, domain = text.rpartition("@")
    if not at or not local or "." not in domain:
        raise InvalidInput(N_("This is not an email address."), field="value")
    local = local.split("+", 1)[0] or local
    if domain in ("gmail.com", "googlemail.com"):
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


_IPV4_PORT = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){3})(?::\d{1,5})?$")
_IPV6_PORT = re.compile(r"^\[([0-9a-fA-F:.]+)\](?::\d{1,5})?$")


def _ip(value: str) -> str:
    text = _width(value)
    v4, v6 = _IPV4_PORT.match(text), _IPV6_PORT.match(text)
    if v4:  # a log's 192.168.001.010 or 192.168.1.10:52311 is the address 192.168.1.10
        text = ".".join(str(int(part)) for part in v4.group(1).split("."))
    elif v6:
        text = v6.group(1)
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        raise InvalidInput(N_("This is not an IP address."), field="value") from None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.compressed


def ip_network(normalised_ip: str) -> str:
    """The /24 (IPv4) or /64 (IPv6) network an address belongs to."""
    address = ipaddress.ip_address(normalised_ip)
    prefix = 24 if address.version == 4 else 64
    return ipaddress.ip_network(f"{normalised_ip}/{prefix}", strict=False).compressed


# The networks RFC 5737 and RFC 3849 set aside for examples stand for public addresses in
# documents, demonstrations and tests: they are counted as such, not as private ones.
_EXAMPLE_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
)


@cache
def platform_sees(masked: str) -> bool:
    """Whether a stored login address (its masked form, "10.1.2.•" or "fd00:1:2:3::…") is one a
    platform can see: a public address. A private or reserved one (an office network, a router,
    a carrier's shared 100.64/10, loopback, link-local, an IPv6 unique-local) never reaches a
    platform, so two stores that share it are not thereby linked.

    >>> platform_sees("10.0.0.•"), platform_sees("100.64.3.•"), platform_sees("fe80::…")
    (False, False, False)
    >>> platform_sees("8.8.8.•"), platform_sees("203.0.113.•")
    (True, True)
    """
    text = masked.rstrip("•…")
    try:
        address = ipaddress.ip_address(text + "0" if text.endswith(".") else text)
    except ValueError:
        return True  # not a form this module wrote: counted, as before
    if any(address in network for network in _EXAMPLE_NETWORKS):
        return True
    return address.is_global and not address.is_multicast


def _luhn(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _number(kind: str, value: str) -> str:
    text = re.sub(r"[\s\-.]", "", _dashes(_width(value))).upper()
    if kind == "credit_card":
        if not (text.isdigit() and 12 <= len(text) <= 19 and _luhn(text)):
            raise InvalidInput(
                N_("This is not a card number: it fails the check digit."), field="value"
            )
    elif not re.fullmatch(r"[0-9A-Z]{6,34}", text):
        raise InvalidInput(N_("An account number has 6 to 34 letters and digits."), field="value")
    return text


def _id_number(value: str) -> str:
    number = normalise_id(value)
    if looks_like_cn_id(number):
        result = check_cn_id(number)
        if not result.valid and result.reason:
            raise InvalidInput(result.reason, field="value")
    elif not _OTHER_ID.match(number):
        raise InvalidInput(N_("An ID number has 5 to 30 letters and digits."), field="value")
    return number


def _uscc(value: str) -> str:
    code = normalise_id(value)
    result = check_uscc(code)
    if not result.valid and result.reason:
        raise InvalidInput(result.reason, field="value")
    return code


_COMPANY_WORDS = (
    (re.compile(r"\bcompany\b"), "co"),
    (re.compile(r"\blimited\b"), "ltd"),
    (re.compile(r"\bcorporation\b"), "corp"),
    (re.compile(r"\bincorporated\b"), "inc"),
)


def _company(value: str) -> str:
    """A company's name: Co., Ltd. and Company Limited are one spelling of one suffix."""
    text = _width(value).casefold()
    for pattern, replacement in _COMPANY_WORDS:
        text = pattern.sub(replacement, text)
    return _PUNCT.sub("", text)


def _plain(value: str) -> str:
    """Names and free identifiers: width, case, spaces and punctuation do not count."""
    return _PUNCT.sub("", _width(value).casefold())


def kind_of(text: str) -> str:
    """The kind as this module names it, whatever its case, width and separators: an
    export's ``IP``, ``Bank Account`` or ``bank-account``.

    >>> kind_of(" Bank Account "), kind_of("ＩＰ"), kind_of("credit-card"), kind_of("登录IP")
    ('bank_account', 'ip', 'credit_card', 'ip')
    """
    name = re.sub(r"[\s\-]+", "_", _width(text).casefold())
    return _ALIASES.get(name, name)


# what exports and sellers call the kinds (read as kind_of reads them: lower case, "_" for
# spaces and hyphens), English and Chinese
_ALIASES = {
    alias: kind
    for kind, aliases in {
        "ip": "login_ip ip_address login_ip_address ipaddress 登录ip ip地址 登录ip地址",
        "device": "device_id device_fingerprint login_device 设备 设备id 登录设备 设备指纹",
        "phone": "phone_number mobile mobile_number telephone tel 手机 手机号 电话 联系电话",
        "email": "email_address e_mail mail 邮箱 电子邮箱 注册邮箱",
        "bank_account": "bank_card bank_account_number 银行账户 银行账号 银行卡 银行卡号",
        "payment_account": "payment receiving_account 收款账户 收款账号 支付账户 支付账号",
        "credit_card": "card card_number 信用卡 信用卡号",
        "address": "registered_address business_address 地址 注册地址 经营地址 办公地址",
        "company_name": "company 公司 公司名称 企业名称",
        "legal_person_name": "legal_representative legal_person 法人 法定代表人 法人姓名",
        "legal_person_id": "legal_representative_id legal_person_id_number id_number "
        "法人身份证 法人身份证号 身份证号",
        "uscc": "unified_social_credit_code credit_code 统一社会信用代码 信用代码",
        "buyer_account": "buyer buyer_id 买家账号 买家",
    }.items()
    for alias in aliases.split()
}


def normalise(kind: str, value: str) -> str:
    """The form two spellings of one identifier share; InvalidInput when it is not one."""
    kind = kind_of(kind)
    if kind not in KINDS:
        raise InvalidInput(
            N_("{value} is not a kind of identifier: choose one of {choices}."),
            field="kind",
            value=kind,
            choices=", ".join(KINDS),
        )
    value = clean_text(value, "value", max_length=MAX_LENGTH, required=True)
    if kind == "payment_account" and "@" in value:
        return _email(value)
    if kind == "buyer_account" and "@" in value:
        return _email(value)
    normalised = _NORMALISERS.get(kind, _plain)(value)
    if not normalised:
        raise InvalidInput(N_("{field} must not be empty."), field="value")
    return normalised


_NORMALISERS = {
    "address": _address,
    "company_name": _company,
    "phone": _phone,
    "email": _email,
    "ip": _ip,
    "bank_account": lambda v: _number("bank_account", v),
    "payment_account": lambda v: _number("payment_account", v) if _is_number(v) else _plain(v),
    "credit_card": lambda v: _number("credit_card", v),
    "legal_person_id": _id_number,
    "uscc": _uscc,
}


def _is_number(value: str) -> bool:
    return bool(re.fullmatch(r"[\d\s\-]{6,}", _width(value)))


# -- masking and hashing ----------------------------------------------------------------------


def mask(kind: str, normalised: str) -> str:
    """What may be shown of a normalised value: never all of a private one."""
    if kind in PUBLIC:
        return normalised if kind != "legal_person_name" else normalised[:1] + "*" * 2
    if kind == "legal_person_id":
        return mask_id_number(normalised) or ""
    if "@" in normalised:
        local, _, domain = normalised.partition("@")
        return f"{local[:1]}{DOT}@{domain}"
    if kind == "ip":
        address = ipaddress.ip_address(normalised)
        if address.version == 4:
            return ".".join(normalised.split(".")[:3]) + ".•"
        return ip_network(normalised).split("/")[0] + "…"
    if len(normalised) > 6:
        return DOT + normalised[-4:]
    return DOT + normalised[-2:] if len(normalised) > 4 else DOT


def digest(secret: str, kind: str, normalised: str) -> str:
    """The keyed hash two stores are compared by (hex SHA-256 HMAC of the instance secret)."""
    message = f"{kind}\x00{normalised}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Identifier:
    kind: str
    digest: str
    masked: str
    network: str | None = None  # digest of the IP's /24 or /64
    as_written: bool = False  # a phone number of no known country (phone_digits)


def identify(secret: str, kind: str, value: str) -> Identifier:
    """Normalise, mask and hash one value (InvalidInput with one sentence when it is not one)."""
    kind = kind_of(kind)
    normalised = normalise(kind, value)
    network = digest(secret, "ip_network", ip_network(normalised)) if kind == "ip" else None
    as_written = kind == "phone" and kept_as_written(kind, value)
    found = Identifier(kind, digest(secret, kind, normalised), mask(kind, normalised), network)
    return replace(found, as_written=True) if as_written else found
