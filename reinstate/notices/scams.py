"""More of what unsolicited mail threatens or sells, in the languages sellers receive (en, zh,
de, fr, es, pt): court summons and fines, tax statements "ready to view", documents "shared
with you", hacked servers and spamming tools for sale; and more wording for the dating,
gambling, money, account, parcel, finance and crypto categories. Counted as the categories of
:mod:`reinstate.notices.unsolicited` are: in the sender's name or subject once, in the text in
two places.

>>> from .unsolicited import offer_signals
>>> [s.code for s in offer_signals("Intimação judicial", "", "", more=SCAMS)]
['legal_threat']
"""

from __future__ import annotations

from ..errors import N_
from .unsolicited import CATEGORIES, Category, _words


def _also(code: str, alternatives: str) -> Category:
    """More wording for a category of :mod:`reinstate.notices.unsolicited`, under its code and
    message: a separate pattern, so the first one's cost on every mail does not grow."""
    base = next(category for category in CATEGORIES if category.code == code)
    return Category(code, base.message, _words(alternatives), base.enough)


SCAMS = (
    _also(
        "dating_offer",
        r"""
        view my profile|see my profile|open my profile|my private profile|open profile|
        view profile|(?:bekijk|zie) (?:mijn )?profiel(?:en)?|mijn profiel|
        spannende? (?:afspraak|avontuur)|vaste relatie|serieuze relatie|
        zoekt? (?:een |één )?(?:leuke )?(?:man|vrouw)|zoek ik (?:een|één) (?:leuke )?(?:man|vrouw)|
        (?:persoonlijke? )?(?:match|bericht) van je|
        vreemd gaan|looking for a man|looking for a woman|looking for a boyfriend|
        looking for a girlfriend|suchen? einen mann|suchen? eine frau|je cherche un homme|
        busco (?:un hombre|una mujer)|procuro (?:um homem|uma mulher)
""",
    ),
    _also(
        "gambling_offer",
        r"""
        free-spins?|no-deposit|deposit bonus|first deposit|primeiro dep[óo]sito|
        primer dep[óo]sito|(?:bonus|bônus) (?:de|no) (?:primeiro )?(?:deposito|depósito)|
        einzahlungsbonus|bonus de (?:premier )?d[ée]p[ôo]t|\d{2,3}% bonus|\d{2,3}% bônus|
        \d{2,3}% de b[ôo]nus|bonus de \d{2,3}%|bônus de \d{2,3}%
""",
    ),
    _also(
        "money_offer",
        r"""
        barrister|compensation (?:award|payment|program\w*)|oportunidade de neg[óo]cio|
        propuesta de negocio|gesch[äa]ftsvorschlag|claim your share|
        daily (?:payments|profits?|returns)|earn (?:up to )?\$[\d,]+ (?:a|per) (?:day|week)|
        check your eligibility|v[ée]rifiez votre [ée]ligibilit[ée]|verifique (?:sua|
        a) elegibilidade|
        compruebe su elegibilidad|pr[üu]fen sie ihre berechtigung
""",
    ),
    _also(
        "account_lure",
        r"""
        (?:log ?in|sign-?in) attempt|unfamiliar device|unrecognized device|unknown device|
        unfamiliar location|unrecognized location|
        account verification (?:is )?(?:required|needed|pending)|
        v[ée]rifi(?:er|ez|cation de) votre identit[ée]|[ée]viter (?:toute |la )?suspension|
        verifica(?:r|ci[óo]n de) (?:su|tu) identidad|verifica(?:r|[çc][ãa]o de) (?:sua|
        a) identidade|
        best[äa]tigen sie ihre identit[äa]t|identit[äa]t (?:best[äa]tigen|verifizieren)|验证您的身份
""",
    ),
    _also(
        "parcel_lure",
        r"""
        redelivery|(?:package|parcel|shipment) will be sent back|
        (?:package|parcel|shipment) will be returned|
        action required (?:for|on) your (?:package|parcel|shipment|delivery)|
        (?:package|parcel|shipment) (?:has been |is )?delayed|pedido (?:\S+ )?se ha retrasado|
        encomenda (?:est[áa] )?atrasada|paket (?:ist |wurde )?verz[öo]gert|colis (?:est )?retard[ée]
""",
    ),
    _also(
        "finance_offer",
        r"""
        (?:fa[çc]a|receba|solicite) (?:sua|uma) cota[çc][ãa]o|planos? de sa[úu]de
""",
    ),
    _also(
        "crypto_offer",
        r"""
        binance|coinbase|digital currency|free mint|crypto (?:enthusiasts?|investors?|
        investment|fund|project|rewards?|bonus)|(?:trade|play|watch|move) to earn|
        \$[a-z]{2,10} coins?|incoming transaction|withdraw(?:al)? (?:process|of funds|note)|
        wallet has been (?:funded|credited)
""",
    ),
    Category(
        "legal_threat",
        N_("threatens a court case, a summons or a fine"),
        _words(
            r"""
            court (?:summons|notice)|summons to appear|
            lawsuit (?:against you|has been filed)|legal action (?:against you|will be taken)|
            traffic (?:fine|ticket|violation)|gerichtliche (?:vorladung|mahnung)|vorladung|
            mahnbescheid|inkassoverfahren|bu[ßs]geldbescheid|citation (?:à|a) compara[îi]tre|
            mise en demeure|huissier de justice|proc[ée]dure judiciaire|citaci[óo]n judicial|
            notificaci[óo]n judicial|demanda judicial|multa de tr[áa]fico|
            notifica[çc][ãa]o judicial|
            intima[çc][ãa]o|mandado de (?:intima[çc][ãa]o|cita[çc][ãa]o|pris[ãa]o)|
            protesto em cart[óo]rio|carta de demanda|comparecimento em audi[êe]ncia|
            multa de tr[âa]nsito|processo judicial|法院传票|起诉通知
"""
        ),
    ),
    Category(
        "tax_lure",
        N_("says a tax statement or a tax refund is waiting for you"),
        _words(
            r"""
            tax statements? (?:is |are )?(?:now )?(?:ready|available)|tax slips? (?:is |
            are )?(?:now )?
            (?:ready|available)|tax slips? (?:has|have) arrived|tax documents? (?:is |
            are )?(?:now )?
            (?:ready|available)|tax refunds? (?:is |are )?(?:now )?(?:ready|available)|
            (?:your )?refund is (?:ready|pending|waiting)|tax refund|irs statement|
            steuer(?:r[üu]ck)?erstattung|steuerbescheid (?:ist )?verf[üu]gbar|
            remboursement d'imp[ôo]ts?|avis d'imp[ôo]t (?:est )?disponible|
            devoluci[óo]n de (?:impuestos|la renta)|restitui[çc][ãa]o (?:do imposto|de ir)|退税
"""
        ),
    ),
    Category(
        "document_lure",
        N_("says a document was shared with you, to be opened through its link"),
        _words(
            r"""
            (?:has|have) shared (?:a |an |the )?(?:\w+ )?(?:document|file|folder)s? with you|
            (?:has been|was) shared with you|(?:view|open|review|download)\s{1,3}(?:the |your |
            this )?
            (?:\w+ )?documents?|documento compartilhado|ver (?:o |el )?documento|
            documento compartido|dokument (?:ansehen|[öo]ffnen)|hat (?:ein|eine) (?:dokument|datei)
            [ ](?:mit ihnen )?geteilt|voir le document|a partag[ée] un (?:document|fichier)|
            与您共享了?(?:文件|文档)
"""
        ),
    ),
    Category(
        "favour_request",
        N_("a stranger asks for a quick favour, as gift-card and payment fraud begins"),
        _words(
            r"""
            urgent(?:ly)?:? (?:help|assistance|favou?r) (?:needed|required|request)|
            (?:can|could) you (?:help me out|do me a (?:quick )?favou?r)|
            (?:let me know )?if you have a (?:moment|minute)|are you (?:available|at your desk) now|
            i need (?:a|your) (?:quick |small )?favou?r|
            (?:kannst|k[öo]nnen) (?:du|sie) mir (?:kurz )?helfen|pouvez-vous me rendre un service|
            (?:puede|puedes) hacerme un favor|(?:pode|podes) me fazer um favor|帮我个忙
"""
        ),
    ),
    Category(
        "crime_offer",
        N_("sells hacked servers, stolen accounts or spamming tools"),
        _words(
            r"""
            cpanels|rdps|rdp's|smtps|webmails|web-mails|fullz|black market|spamming tools|
            inbox mailers?|
            hacked (?:accounts|servers)|cc dumps
"""
        ),
    ),
)

# Every pattern above, where the hostile-input tests time them on adversarial text.
PATTERNS = tuple(category.pattern for category in SCAMS)
