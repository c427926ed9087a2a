"""Lures in the languages sellers receive (en, zh, de, fr, es, pt), well-known brands named by
a sender that is not theirs, and senders on free hosting. Each gives signals, never a verdict.

>>> [s.code for s in lure_signals("Parabéns! Você ganhou um prêmio", "")]
['prize_lure']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import N_
from .domains import free_hosting, split_host
from .scan import compile_rule
from .text import skeleton

MEDIUM, STRONG = "medium", "strong"

_PRIZE = compile_rule(
    r"\b(?:gewinn\w*|gewonnen|gratulier\w*|gutschein\w*|freispiele|parab[ée]ns|ganhou|ganhe|"
    r"pr[êe]mio|resgat\w*|ganador\w*|ganaste|has ganado|f[ée]licitations|vous avez gagn[ée]|"
    r"cadeau gratuit|regalo|airdrop|giveaway|free spins|jackpot|lottery|loter[ií]a|"
    r"sorteio|sorteo|tirage au sort|pontos? (?:acumulados|expiram|a expirar)|reward points?)\b"
    r"|中奖|领取奖品|免费领取|红包",
    re.I,
)
_URGENT = compile_rule(
    r"\b(?:24|48|72) ?(?:horas|stunden|heures|hours)\b|\bimediatamente|\bsofort\b|"
    r"\bimm[ée]diatement|\binmediatamente|\bdringend|\burgente?\b|\burgence\b|\bletzte mahnung|"
    r"\b[úu]ltim[oa] aviso|\bdernier avis|\bfinal notice|立即处理|24小时内",
    re.I,
)
_THREAT = compile_rule(
    r"suspen[sd]\w*|bloque\w*|bloqu[ée]\w*|gesperrt|sperrung|deaktiviert|desativad\w*|"
    r"desactivad\w*|d[ée]sactiv[ée]\w*|encerrad\w*|cancelad\w*|annul[ée]\w*|gel[öo]scht|"
    r"supprim[ée]\w*|eliminad\w*|exclu[íi]d\w*|restri\w+|intima[çc][ãa]o|a[çc][ãa]o judicial|"
    r"mandado|penhora|封号|冻结|停用",
    re.I,
)
_ASK_SECRET = compile_rule(
    r"\b(?:passwort|kennwort|mot de passe|contrase[ñn]a|senha|code pin|"
    r"kartennummer|num[ée]ro de carte|n[úu]mero (?:de|do) cart[ãa]o|n[úu]mero de tarjeta|"
    r"seed phrase|recovery phrase|private key|wallet (?:phrase|key)|frase de recupera[çc][ãa]o)\b",
    re.I,
)
_CRYPTO = compile_rule(
    r"\b(?:usdt|bitcoin|btc|ethereum|crypto\w*|wallet|metamask|binance|coinbase|trust wallet|"
    r"token distribution|withdrawal request)\b",
    re.I,
)
# Brands phishers wear in the sender's name: marketplaces beyond the seven packs, payment,
# banks, carriers, mail and software providers. Matched as words.
WELL_KNOWN = (
    "mercado libre", "mercadolibre", "mercado livre", "mercadolivre", "mercado pago",
    "mercadopago", "kaufland", "zalando", "shein", "ebay", "etsy", "walmart", "rakuten",
    "allegro", "cdiscount", "flipkart", "lazada", "tokopedia", "coupang", "otto", "paypal",
    "stripe", "payoneer", "wise", "visa", "mastercard", "american express", "bradesco",
    "itau", "itaú", "santander", "caixa", "banco do brasil", "nubank", "bbva", "ing",
    "sparkasse", "dhl", "fedex", "ups", "usps", "correios", "royal mail", "la poste",
    "netflix", "spotify", "apple", "icloud", "microsoft", "outlook", "office 365", "office365",
    "onedrive", "sharepoint", "docusign", "dropbox", "google", "gmail", "facebook", "meta",
    "instagram", "whatsapp", "linkedin", "coinbase", "binance", "metamask", "trust wallet",
    "kraken", "ledger", "trezor", "norton", "mcafee", "webmail", "mailbox", "mail admin",
    "geek squad", "best buy", "irs", "hmrc", "social security", "state farm", "aarp", "cvs",
    "walgreens", "costco", "sam's club", "liberty mutual", "unitedhealthcare", "geico",
    "tf bank", "elon musk", "elon", "tesla", "opensea", "blockfi", "ftx", "celsius", "bittrex",
    "exodus", "rabby", "uniswap", "albert heijn", "center parcs", "totalenergies", "gls", "dpd",
    "postnl", "barclays", "hsbc", "lloyds", "natwest", "wells fargo", "bank of america",
    "citibank", "deutsche bank", "commerzbank", "postbank", "bnp paribas", "credit agricole",
    "canada post", "australia post", "deutsche post", "poste italiane", "chronopost",
    "colissimo", "evri", "edeka", "lidl", "aldi", "rewe", "telekom", "vodafone", "adac",
    "hostgator", "godaddy", "tether", "unitedhealth", "united healthcare", "ssa",
)  # fmt: skip
# What a brand's name is glued to in a disguised sender ("PaypalTeam", "FTX-Support").
_SUFFIXES = "team|support|service|security|auth|help|official|billing|care|group"
_WELL_KNOWN = compile_rule(  # every brand starts with a letter: other positions fail at once
    r"(?<![a-z0-9])(?=[a-z])("
    + "|".join(re.escape(b).replace(r"\ ", r"[\s_-]*") for b in WELL_KNOWN)
    + r")(?:[\s_-]*(?:"
    + _SUFFIXES
    + r"))?(?![a-z0-9])",
    re.I,
)


@dataclass(frozen=True)
class Lure:
    code: str
    detail: str  # in English; a quote of the mail when there is no message
    weight: str
    message: str = ""  # the detail as a catalog message, for pages in other languages
    params: tuple[tuple[str, str], ...] = ()


def lure_signals(head: str, body: str) -> list[Lure]:
    """Prize, urgency-with-threat, secrets and crypto lures in any of the six languages."""
    text = f"{head}\n{body[:20000]}"
    found = []
    if match := _PRIZE.search(text):
        found.append(Lure("prize_lure", match.group(0)[:80], MEDIUM))
    urgent, threat = _URGENT.search(text), _THREAT.search(text)
    if urgent and threat:
        found.append(Lure("urgent_threat", f"{urgent.group(0)} … {threat.group(0)}", MEDIUM))
    if match := _ASK_SECRET.search(text):
        found.append(Lure("asks_for_secrets", match.group(0), MEDIUM))
    if match := _CRYPTO.search(head):
        found.append(Lure("crypto_lure", match.group(0), MEDIUM))
    return found


def _plain(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", skeleton(text))


# What a company's own account mail is about: in a subject with its name, a stranger's domain
# is speaking for it ("Your Norton order confirmation" from a golf club).
_ACCOUNT_MAIL = compile_rule(
    r"(?<!\w)(?:order|invoice|receipt|renewal|renewed|subscription|account|billing|login|"
    r"password|verification|refund|storage|bestellung|rechnung|konto|abonnement|commande|"
    r"facture|compte|pedido|factura|cuenta|suscripci[óo]n|fatura|conta|assinatura|bestelling|"
    r"factuur|rekening|订单|发票|账户|订阅)(?!\w)",
    re.I,
)


def impersonation(from_name: str, sender_domain: str, subject: str = "") -> Lure | None:
    """The sender's name wears a well-known brand its domain does not carry, or the subject
    speaks of an order, invoice or account of such a brand."""
    match = _WELL_KNOWN.search(skeleton(from_name))
    if match is None and _ACCOUNT_MAIL.search(subject):
        match = _WELL_KNOWN.search(skeleton(subject))
    if match is None or not sender_domain:
        return None
    brand = _plain(match.group(1))
    if brand in _plain(sender_domain):
        return None
    message = N_("the mail speaks for {brand} but comes from {sender}")
    params = (("brand", match.group(1)), ("sender", sender_domain))
    return Lure("brand_impersonation", message.format(**dict(params)), MEDIUM, message, params)


def free_hosting_sender(sender_domain: str) -> Lure | None:
    """Mail from an address on free hosting (firebaseapp.com, web.app, github.io ...)."""
    if sender_domain and free_hosting(split_host(sender_domain).host):
        message = N_("sent from free hosting ({sender})")
        params = (("sender", sender_domain),)
        return Lure("sender_free_hosting", message.format(**dict(params)), STRONG, message, params)
    return None


# Money asked to give an account back, or by means nobody can trace (platforms charge no
# fee to appeal and take what a seller owes from the seller's balance or card on file).
PAY_TO_RESTORE = compile_rule(
    r"\b(?:reinstatement|reactivation|unfreez\w{0,3}|unlock\w{0,3}|unblock\w{0,3}|restoration|"
    r"appeal|release)\s+(?:fee|charge|deposit)s?\b"
    r"|\b(?:pay|transfer|wire|remit|send)\b[^.\n]{0,80}\b(?:via|by|through|using|with|to)\s+"
    r"(?:western union|moneygram|wire transfer|gift ?cards?|bitcoin|usdt|"
    r"(?:the |this |our |a )?(?:following |below )?(?:bank )?account (?:number|below|details))"
    r"|解冻费|解封费|激活费|申诉费|审核费"
    # a deposit or fee to be paid for the account back ("缴纳2000元保证金即可解封"; not the
    # shop deposit topped up, 补缴)
    r"|\bpay\b[^.\n]{0,40}\b(?:deposit|fee)\b[^.\n]{0,40}\b(?:to|and)\s+(?:unlock|unblock|"
    r"unfreeze|reactivate|restore|reinstate)|(?<!补)(?:缴纳|支付|交纳|缴付)[^。\n]{0,12}"
    r"(?:保证金|押金|手续费)[^。\n]{0,12}(?:解封|解冻|恢复|激活|解除)"
    r"|(?:向|往|至|到)[^。\n]{0,20}(?:账户|账号|银行卡|卡号)[^。\n]{0,10}(?:转账|汇款|打款|转入)"
    r"|(?:转账|汇款|打款|转入)(?:至|到)[^。\n]{0,20}(?:账户|账号|银行卡|卡号)",
    re.I,
)
