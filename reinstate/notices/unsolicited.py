"""What unsolicited mail sells or threatens, in the languages sellers receive (en, zh, de, fr,
es, pt): miracle health products, dating, casino bonuses, windfalls (inheritances, donations,
token allocations), accounts "locked" or mailboxes "full", parcels held for a fee, surprise
invoices that ask for a phone call. The wording is the general wording of consumer-protection
and security advice, not any one mail's.

A category counts when the subject or the sender's name speaks of it, or when the text does in
two different places: one passing word in a long legitimate text is not enough (a prize for a
survey, never said in passing, counts once).

>>> [s.code for s in offer_signals("Lose 20 lbs of belly fat", "", "")]
['health_offer']
>>> offer_signals("Weekly digest", "", "Our gym blog mentions weight loss once.")
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import N_
from .domains import split_host
from .scan import Rule, compile_rule
from .signals import MEDIUM, Signal
from .signals import said as _said


@dataclass(frozen=True)
class Category:
    code: str
    message: str
    pattern: Rule
    enough: int = 2  # mentions in the text that make it count (one in the subject always does)


def _words(alternatives: str) -> Rule:
    """``a|b|…`` over several lines, as words (CJK ones as they are), case-insensitive; no
    nested repetition."""
    joined = "".join(line.strip() for line in alternatives.splitlines())
    return compile_rule(r"(?<!\w)(?:" + joined + r")(?!\w)", re.I)  # skips texts without them


CATEGORIES = (
    Category(
        "health_offer",
        N_("advertises a miracle health product, as unsolicited mail does"),
        _words(
            r"""
            weight loss|lose weight|belly fat|fat burn\w*|blood sugar|blood pressure|joint pain|
            joint health|erectile|libido|testosterone|keto|cbd|gumm(?:y|ies)|tinnitus|neuropathy|
            prostate|anti-?aging|wrinkles?|hair loss|men'?s health|abnehmen|gewichtsverlust|
            bauchfett|gelenkschmerzen|potenz\w*|perte de poids|maigrir|douleurs? articulaires?|
            perder peso|adelgaz\w+|dolor articular|emagrec\w+|perder barriga|
            dores? nas articula[çc][õo]es|afvallen|gewichtsverlies|gewrichtspijn|减肥|瘦身|壮阳|
            glp-1|semaglutide|ozempic|wegovy|stubborn (?:fat|lbs|pounds)|erections?|aphrodisia\w*|
            hair removal|hearing aids?|get it up|in (?:and out of )?the sheets|bedroom upgrade|
            erektion|glied|haarausfall|voetpijn|erectie|perte de cheveux|[ée]rection|erecci[óo]n|
            disfun[çc][ãa]o er[ée]til
"""
        ),
    ),
    Category(
        "dating_offer",
        N_("offers dating or adult contacts"),
        _words(
            r"""
            singles? (?:in|near) your area|lonely (?:wom[ae]n|girls?|ladies)|
            (?:hot|sexy|beautiful|single|local|russian|ukrainian|asian) (?:wom[ae]n|girls?|ladies)|
            meet (?:wom[ae]n|girls?|singles)|(?:online |adult )?dating (?:sites?|apps?|profiles?)|
            online dating|hook-?ups?|private (?:photos?|pics)|sexy|
            nude\w*|flirt\w*|partnersuche|singlefrauen|frauen (?:kennenlernen|treffen)|
            traum(?:frau|liebe)|site de rencontres?|femmes? c[ée]libataires?|c[ée]libataires|
            mujeres solteras|mulheres solteiras|namoro|
            oekra[iï]ense (?:vrouwen|meisjes)|mooie (?:vrouwen|meisjes)|约会|交友|
            (?:perfect|kind of) (?:matches|singles)|singles near you|sexdates?|sex dates?|
            ukrainian (?:wife|brides?|beauties)|(?:hermosa )?esposa ucraniana|
            ondeugende? (?:man|vrouw|dame)|vrouw zoekt (?:een )?man|spannende afspraak|
            (?:zou jij|wil je) (?:mij|met mij) daten|seitensprung|sextreffen|erotik\w*|
            (?:ukrainian|russian|oekra[iï]\w*|russische|ukrainische|ukrainiennes?|russes?|ucranianas?|
            russas?) (?:singles|women|girls|beauties|brides|vrouwen|meisjes|schoonhe\w+|frauen|
            m[äa]dchen|femmes|filles|mujeres|chicas|mulheres|garotas)|romantische relatie|
            alleen als je volwassen bent|expliciete beelden|lustigen? dates?
"""
        ),
    ),
    Category(
        "gambling_offer",
        N_("offers casino bonuses or betting"),
        _words(
            r"""
            casino|free spins?|welcome bonus|bonus (?:code|offer|package)|no deposit|
            slot machines?|jackpot|betting|sportwetten|freispiele|tours gratuits|giros gratis|
            rodadas gr[áa]tis|gratis spins|apostas?|apuestas?|博彩|赌场
"""
        ),
    ),
    Category(
        "money_offer",
        N_("promises money: an inheritance, a donation, an investment return or free tokens"),
        _words(
            r"""
            inheritance|next of kin|
            donat(?:ed|ion) (?:of|to you)|compensation fund|
            unclaimed funds?|passive income|guaranteed (?:returns?|profits?)|
            investment opportunity|token (?:allocation|distribution|claim)|airdrop|
            claim your (?:tokens?|bonus|reward|refund|payment)|
            dividends? (?:are|is|being) (?:released|paid)|erbschaft|nachlass|spende von|
            héritage|don de|herencia|erfenis|donaci[óo]n|heran[çc]a|doa[çc][ãa]o|doou|遗产|投资回报
"""
        ),
    ),
    Category(
        "account_lure",
        N_("says an account, a mailbox or a subscription is locked, full or expiring"),
        _words(
            r"""
            (?:account|mailbox|profile) (?:is|has been|was|will be) (?:locked|suspended|limited|
            disabled|on hold|restricted|deactivated|closed)|
            (?:mailbox|storage|cloud storage|inbox) (?:is )?(?:full|almost full|over quota)|
            (?:photos?|files?) (?:and videos )?will be (?:deleted|removed)|
            password (?:expires|has expired|will expire)|unusual (?:sign-?in|login|activity)|
            verify your (?:identity|account|information|details|email|wallet)|
            (?:subscription|licen[cs]e|membership) (?:has )?(?:expired|expires)|
            unlock your account|konto (?:wurde |ist )?(?:gesperrt|eingeschr[äa]nkt)|
            postfach (?:ist )?voll|account (?:is )?geblokkeerd|mailbox (?:is )?vol|
            compte (?:a [ée]t[ée] |est )?(?:bloqu[ée]|suspendu|restreint)|
            bo[îi]te (?:mail |aux lettres )?pleine|
            cuenta (?:ha sido |est[áa] )?(?:bloqueada|suspendida)|
            conta (?:foi |est[áa] )?(?:bloqueada|suspensa)|账户已(?:被)?(?:冻结|锁定)|邮箱已满|
            almacenamiento (?:en \w+ )?(?:est[áa] )?(?:casi )?lleno|
            armazenamento (?:em \w+ )?(?:est[áa] )?(?:quase )?cheio|speicher(?:platz)? (?:ist )?
            (?:fast )?voll|stockage (?:est )?(?:presque )?plein|opslag (?:is )?(?:bijna )?vol|
            存储空间已满
"""
        ),
    ),
    Category(
        "parcel_lure",
        N_("says a parcel is held until a fee is paid or a detail confirmed"),
        _words(
            r"""
            (?:parcel|package|shipment|delivery) (?:is |was |has been )?
            (?:on hold|held|pending|suspended|returned)|
            (?:customs|shipping|redelivery) fee|delivery attempt failed|
            paket (?:wird |wurde )?(?:zur[üu]ckgehalten|zur[üu]ckgeschickt)|zollgeb[üu]hr\w*|
            zustellung (?:best[äa]tigen|fehlgeschlagen)|colis (?:en attente|bloqu[ée])|
            frais de (?:livraison|douane)|paquete (?:retenido|pendiente)|
            encomenda (?:retida|pendente|ser[áa] devolvida)|
            taxa (?:de importa[çc][ãa]o|alfandeg[áa]ria|obrigat[óo]ria)|
            pakket (?:is )?(?:vastgehouden|in de wacht)|包裹(?:被)?(?:扣留|滞留)
"""
        ),
    ),
    Category(
        "callback_lure",
        N_("an unexpected invoice or renewal asks you to call a phone number"),
        _words(
            r"""
            (?:did not|didn'?t) (?:authori[sz]e|make|recogni[sz]e) (?:this|the)
            [ ](?:transaction|purchase|charge|payment)|
            (?:to )?cancel (?:this|the|your) (?:order|subscription|renewal|transaction)
            [^\n]{0,40}call|
            (?:auto-?renewal|renewal) (?:has been )?(?:processed|successful|charged)|
            (?:kauf|bestellung|zahlung) nicht (?:get[äa]tigt|autorisiert)|
            vous n'avez pas (?:effectu[ée]|autoris[ée]) cet(?:te)? (?:achat|paiement|commande)|
            no (?:realiz[óo]|autoriz[óo]) (?:esta|este) (?:compra|pago|cargo)|
            n[ãa]o (?:reconhece|autorizou) (?:esta|essa) (?:compra|cobran[çc]a|transa[çc][ãa]o)
"""
        ),
    ),
    Category(
        "finance_offer",
        N_("sells insurance, loans, energy savings or home improvements, as unsolicited mail does"),
        _words(
            r"""
            (?:home|auto|car|life|pet|homeowners?|renters?) insurance|
            insurance (?:quotes?|rates?|costs?|premiums?)|(?:reverse )?mortgages?|
            (?:personal|payday) loans?|home warranty|timeshares?|credit scores?|debt relief|
            solar panels?|energy (?:bills?|costs?|savings?)|electricity bills?|gutter guards?|
            window replacement|walk-in (?:tub|shower)|bath(?:room)? (?:remodel|makeover)|
            home title|planos? de sa[úu]de|seguro (?:de )?(?:auto|carro|vida|sa[úu]de)|
            empr[ée]stimos?|cr[ée]dito pessoal|mutuelles?|assurance (?:auto|habitation|sant[ée])|
            rachat de cr[ée]dits?|(?:droits|solde|compte) cpf|compte personnel de formation|
            versicherungsvergleich|kfz-versicherung|stromkosten|solaranlagen?|heizkosten|
            seguro de (?:coche|hogar)|pr[ée]stamos? personal(?:es)?|energierekening|
            energiekosten|zonnepanelen|thuisbatterij|kunststof kozijnen|hypotheek|贷款|保险报价
"""
        ),
    ),
    Category(
        "crypto_offer",
        N_("speaks of crypto-currency tokens, wallets or NFTs, as crypto scams do"),
        _words(
            r"""
            nfts?|staking|airdrops?|erc-?20|digital assets|seed phrase|recovery phrase|
            crypto ?(?:currency|currencies|wallet|assets?|trading)|bitcoin|btc|usdt|ethereum|
            solana|xrp|web3|metamask|ledger live|hardware wallet|token (?:program|sale|claim|
            allocation|bundle|utility)|(?:escrowed|locked) tokens|withdraw(?:ing|al)? (?:your )?
            (?:digital )?assets|krypto\w*|criptomoedas?|criptomonedas?|加密货币|数字货币
"""
        ),
    ),
    Category(
        "security_scare",
        N_("says your computer is infected or hacked, or its protection has lapsed"),
        _words(
            r"""
            (?:your )?(?:pc|computer|device|system) (?:is|has been|was|may be) (?:infected|hacked|
            compromised|vulnerable|at risk)|\d+ viruses|virus(?:es)? (?:detected|found)|
            (?:antivirus|anti-virus|norton|mcafee) (?:subscription|protection|licen[cs]e)|
            i (?:have )?(?:hacked|recorded) (?:you|your)|you(?:'ve| have) been hacked|
            mit \d+ viren|viren infiziert|ihr (?:computer|pc|ger[äa]t) (?:ist|wurde) (?:infiziert|
            gehackt)|votre (?:ordinateur|pc) (?:est|a [ée]t[ée]) (?:infect[ée]|pirat[ée])|
            su (?:ordenador|computadora|pc) (?:est[áa]|ha sido) (?:infectad[oa]|hackead[oa])|
            seu (?:computador|pc) (?:est[áa]|foi) (?:infectado|hackeado)|电脑已(?:被)?(?:感染|入侵)
"""
        ),
    ),
    Category(
        "survey_reward",
        N_("promises a gift or a prize for answering a short survey"),
        _words(
            r"""
            (?:survey|questionnaire)[^.\n]{0,60}(?:reward|prize|gift|win|claim|free|mystery box)|
            (?:reward|prize|gift|mystery box)[^.\n]{0,60}(?:survey|questionnaire)|
            umfrage[^.\n]{0,60}(?:pr[äa]mie|belohn\w*|gratis|geschenk|gewinn\w*|0,00)|
            (?:pr[äa]mie|belohn\w*|geschenk)[^.\n]{0,60}umfrage|
            (?:sondage|questionnaire)[^.\n]{0,60}(?:r[ée]compense|cadeau|gagn\w+|gratuit)|
            encuesta[^.\n]{0,60}(?:premio|regalo|recompensa|gratis)|
            pesquisa[^.\n]{0,60}(?:pr[êe]mio|presente|recompensa|gr[áa]tis)|
            (?:enquete|vragenlijst)[^.\n]{0,60}(?:beloning|cadeau|prijs|gratis)|
            mystery box|caja misteriosa|caixa misteriosa|[üu]berraschungsbox|
            问卷[^。\n]{0,20}(?:奖品|礼品|红包)
"""
        ),
        enough=1,  # no shop's letter pays for a survey with a prize in passing
    ),
)
# Pressure to act on an offer, as advice on spotting spam lists it; legitimate shops say one
# of these now and then, so it takes two different ones.
PRESSURE = Category(
    "pressure_offer",
    N_("presses you to act on an offer at once"),
    _words(
        r"""
        act now|order now|buy now|limited time(?: only| offer)?|hurry(?: up)?|
            don'?t miss (?:out|it)|
        exclusive (?:offer|deal|reward)|free (?:trial|gift|quote|sample|shipping)|risk-free|
        100% free|no obligation|100% guaranteed|once in a lifetime|while supplies last|
        (?:up to )?\d{2}% off|(?:save|saving) (?:up to )?\d{2}%|click here|claim (?:it|now|yours)|
        you (?:have been|were|are) (?:selected|chosen|approved)|congratulations|
        jetzt (?:kaufen|bestellen|sichern|zugreifen)|nur (?:heute|f[üu]r kurze zeit)|gratis|
        kostenlos(?:e|er|es)?|klicken sie hier|sie wurden ausgew[äa]hlt|herzlichen gl[üu]ckwunsch|
        \d{2}% (?:rabatt|g[üu]nstiger)|offre (?:exclusive|limit[ée]e)|cliquez ici|
        profitez(?:-en)? (?:maintenant|vite)|gratuit(?:e|ement)?|f[ée]licitations|
        vous avez [ée]t[ée] s[ée]lectionn[ée]|oferta (?:exclusiva|limitada)|haga clic aqu[íi]|
        gratis|felicidades|ha sido seleccionad[oa]|compra ahora|clique aqui|aproveite|
        por tempo limitado|voc[êe] foi selecionad[oa]|parab[ée]ns|tijdelijke aanbieding|
        klik hier|gefeliciteerd|je bent geselecteerd|beperkte tijd|立即购买|限时|免费|点击这里|恭喜
"""
    ),
)
_PRESSURE_ENOUGH = 2


def _place(count_head: int, count_body: int, enough: int = 2) -> bool:
    return count_head > 0 or count_body >= enough


# What a marketplace's own notices speak of too (accounts, parcels, the tax forms it issues to
# sellers): judged on mail that names no platform we know; a platform's mail is judged on its
# sender and links. A document "shared with you" is not a marketplace's wording.
PLATFORM_TOPICS = ("account_lure", "parcel_lure", "tax_lure")


def offer_signals(
    subject: str,
    from_name: str,
    body: str,
    *,
    platform: bool = False,
    more: tuple[Category, ...] = (),
) -> list[Signal]:
    """One signal for each category the mail speaks of (medium: spam, not proof of phishing);
    ``more``: categories kept elsewhere (:mod:`reinstate.notices.scams`)."""
    head = f"{from_name}\n{subject}"
    text = body[:20000]
    found = []
    categories = [c for c in CATEGORIES + more if not (platform and c.code in PLATFORM_TOPICS)]
    # The head for every category, then the text for those it did not settle: each text is
    # lowered once for the rules' shortcut, not once per category.
    in_head = [category.pattern.search(head) is not None for category in categories]
    for category, named in zip(categories, in_head, strict=True):
        in_body = 0
        if not named:
            found_in = category.pattern.finditer(text)
            in_body = sum(1 for _ in zip(range(category.enough), found_in, strict=False))
        if _place(int(named), in_body, category.enough):
            found.append(_said(category.code, MEDIUM, category.message))
    said = {m.group(0).lower() for m in PRESSURE.pattern.finditer(f"{head}\n{text}")}
    if len(said) >= _PRESSURE_ENOUGH:
        found.append(_said(PRESSURE.code, MEDIUM, PRESSURE.message))
    return found


# A call to act through a link: the words of buttons, in the languages sellers receive.
CALL_TO_ACTION = _words(
    r"""
    click|tap here|sign in|log ?in|verify|confirm|claim|unlock|get started|start now|
    redeem|activate|klicken|klick|anmelden|best[äa]tigen|einl[öo]sen|cliquez|connectez-vous|
    v[ée]rifiez|confirmez|r[ée]clamez|haga clic|inicie sesi[óo]n|verifique|confirme|reclame|
    clique|acesse|resgate|klik|bevestig|点击|登录|验证|领取
"""
)
_URL_TEXT = re.compile(r"(?:https?://|www\.)\S*", re.I)
_WORD = re.compile(r"\w+")
_FEW_WORDS = 8


_BEFORE_LINK = 60  # how far before a written address its call to action stands


def calls_through_link(text: str, link_texts: tuple[str, ...] = ()) -> bool:
    """A button or a link's words call to act ("Verify now"), or the words just before an
    address written in the text do ("Click here: https://..."). A call elsewhere in a news
    item ("the study claims ...") is not a call through the link."""
    if any(CALL_TO_ACTION.search(words) for words in link_texts):
        return True
    text = text[:20000]
    if not CALL_TO_ACTION.search(text):
        return False
    return any(
        CALL_TO_ACTION.search(text[max(0, url.start() - _BEFORE_LINK) : url.start()])
        for url in _URL_TEXT.finditer(text)
    )


# The paragraphs every bulk mailing ends or starts with, which say nothing of its own: how to
# unsubscribe, that it is an advertisement, how to see it in a browser.
_FOOTER = compile_rule(
    r"unsubscri|abmelden|abbestell|d[ée]sinscri|d[ée]sabonn|desinscri|darse de baja|"
    r"dejar de recibir|descadastr|cancelar (?:a )?inscri|afmeld|uitschrijv|opt[- ]out|"
    r"remove yourself|no longer wish|this is an advertisement|not displaying correctly|"
    r"trouble viewing|(?:view|see) (?:it |this (?:e-?mail|message) )?(?:in|on) (?:a |your )?"
    r"(?:web )?browser|can'?t see (?:this|the) (?:e-?mail|message)|html|退订",
    re.I,
)
_PARAGRAPH = re.compile(r"\n[ \t\r]*\n")
_LETTERS = re.compile(r"[^\W\d_]{2,}")
_HTML_FEW_WORDS = 15
# Chinese, Japanese and Korean write words without spaces between them: a run of these
# characters is as many words as two characters make (a Chinese word is one to three)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _words_in(found: list[str]) -> int:
    """Words found by a word pattern, a run of CJK characters counted by its length."""
    return sum(max(1, len(_CJK.findall(word)) // 2) for word in found)


def says_little(text: str) -> bool:
    """Fewer than ``_HTML_FEW_WORDS`` words outside the footer paragraphs: the message itself is
    in a picture (or a stand-in "this is an HTML message" text)."""
    words = 0
    for paragraph in _PARAGRAPH.split(text[:5000]):
        if not _FOOTER.search(paragraph):
            words += _words_in(_LETTERS.findall(_URL_TEXT.sub(" ", paragraph)))
            if words >= _HTML_FEW_WORDS:
                return False
    return True


def shape_signals(
    text: str,
    sender: str,
    link_hosts: list[str],
    attachments: int,
    *,
    vouched: bool,
    link_texts: tuple[str, ...] = (),
    html: bool = False,
    mailing_list: bool = False,
) -> list[Signal]:
    """How the mail is made, whoever it claims to be. ``vouched``: the sender's domain passed
    authentication, or a mailing list delivered the mail (lists link everywhere);
    ``link_texts``: the visible words of the mail's links; ``html``: the mail has an HTML body;
    ``mailing_list``: a list delivered it (a list's short post is still a post)."""
    found = []
    words = _words_in(_WORD.findall(_URL_TEXT.sub(" ", text[:5000])))
    pictured = html and not mailing_list and says_little(text)
    if (words < _FEW_WORDS and (link_hosts or attachments)) or pictured:
        message = N_("says almost nothing in words: the message is in a picture, a link or a file")
        found.append(_said("wordless", MEDIUM, message))
    own = split_host(sender).registrable if sender else ""
    away = [h for h in link_hosts if split_host(h).registrable != own]
    if (
        own
        and not vouched
        and away
        and len(away) == len(link_hosts)
        and calls_through_link(text, link_texts)
    ):
        message = N_("unauthenticated mail whose every link leads away from {sender}, to {host}")
        found.append(_said("links_elsewhere", MEDIUM, message, sender=own, host=away[0]))
    return found


# Every pattern above, where the hostile-input tests time them on adversarial text.
PATTERNS = (
    *(c.pattern for c in CATEGORIES),
    PRESSURE.pattern,
    CALL_TO_ACTION,
    _URL_TEXT,
    _WORD,
    _FOOTER,
    _LETTERS,
    _CJK,
)
