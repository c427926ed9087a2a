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


# A tax authority, or a tax return or tax year, in the six languages.
_TAX_AUTHORITY = r"""
    (?:irs|internal revenue service|hmrc|hm revenue|revenue agency|taxation office|
    tax (?:returns?|years?|office|authority|authorities|department|agency|administration|
    filing)|annual tax|federal tax|income tax|finanzamt|finanzverwaltung|elster|
    einkommensteuer|steuererkl[äa]rung|imp[ôo]ts? sur le revenu|finances publiques|dgfip|
    d[ée]claration d'imp[ôo]ts?|agencia tributaria|hacienda|declaraci[óo]n de la renta|
    impuesto sobre la renta|receita federal|imposto de renda|autoridade tribut[áa]ria|
    declara[çc][ãa]o de (?:ir|imposto)|国家税务总局|税务局|个人所得税)
"""
_REFUND = r"""
    (?:refunds?|rebates?|reimbursements?|(?:r[üu]ck)?erstattung|auszahlung|remboursements?|
    devoluci[óo]n|reembolsos?|restitui[çc][ãa]o|退税|退款)
"""
_TAX_REFUND = r"""
    (?:tax (?:refunds?|rebates?)|steuer(?:r[üu]ck)?erstattung|remboursement d'imp[ôo]ts?|
    devoluci[óo]n de (?:impuestos|la renta)|restitui[çc][ãa]o (?:do imposto|de ir)|退税)
"""
# A tax statement, slip or form ready for you ("your IRS statement is now available").
_TAX_READY = rf"""
    (?:tax|irs|hmrc|elster) (?:statements?|slips?|documents?|forms?) (?:is |are |has |have )?
    (?:now |been )?(?:ready|available|arrived|issued)|
    {_TAX_REFUND}[ ](?:is |are |has been )?(?:now )?(?:ready|available|pending|waiting|approved)
"""
# A refund addressed to the reader as a tax refund ("Ihre Steuererstattung"), or a refund
# next to a tax authority ("Annual Tax Return - your refund is ready"); a shop's refund, tax
# included, is neither.
_YOUR_TAX_REFUND = rf"(?:your|ihre?|votre|su|sua|seu|您的) ?{_TAX_REFUND}"
_NEAR_TAX = rf"""
    {_TAX_AUTHORITY}[\s\S]{{0,120}}?(?<!\w){_REFUND}|
    {_REFUND}[\s\S]{{0,120}}?(?<!\w){_TAX_AUTHORITY}
"""
_TAX_MESSAGE = N_("says a tax statement or a tax refund is waiting for you")
# A document shared with you: "X shared a file with you", "sent you a document", a document
# waiting for your signature, in the six languages.
_SHARED = r"""
    (?:shared (?:a |an |the )?(?:\w+ )?(?:document|file|folder|pdf)s? with you|
    (?:has been|was|were|have been) shared with you|
    sent you (?:a |an |the )?(?:\w+ )?(?:document|file|pdf|fax)s?|
    (?:document|envelope|contract|agreement)s? (?:is |are |has been )?(?:ready |waiting |
    awaiting |sent )(?:for )?(?:your )?(?:e-?)?signature|
    (?:sent|shared) (?:\w+ ){0,3}(?:via|through|on|in|from) (?:docusign|onedrive|sharepoint|
    dropbox|wetransfer|google drive|adobe sign)|
    (?:hat|haben) (?:ihnen |dir )?(?:ein|eine|einen|die|das|den) (?:\w+ )?(?:dokument|datei|
    ordner)(?:e|en)? (?:mit ihnen |mit dir )?(?:geteilt|freigegeben|gesendet|geschickt)|
    (?:mit ihnen|mit dir|f[üu]r sie|f[üu]r dich) (?:geteilt|freigegeben)|
    (?:dokument|datei)(?:e|en)? (?:ist |sind |liegt |liegen )?(?:bereit )?zur (?:unterschrift|
    unterzeichnung)|
    a partag[ée] (?:un|une|le|la|les|des) (?:\w+ )?(?:document|fichier|dossier)s?|
    partag[ée]e?s? avec vous|vous a (?:envoy[ée]|transmis) (?:un|une|le|des) (?:document|
    fichier)s?|(?:document|fichier)s? (?:est |sont )?(?:pr[êe]ts? |en attente )(?:pour |de )?
    (?:votre )?signature|
    (?:ha )?compartido (?:un|una|el|la|los) (?:\w+ )?(?:documento|archivo|carpeta)s?|
    compartid[oa]s? (?:contigo|con usted)|documentos? compartidos?|(?:te|le) (?:ha )?
    (?:enviado|envi[óo]) (?:un|una|el) (?:documento|archivo)s?|(?:documento|archivo)s?
    [ ](?:est[áa] |est[áa]n )?(?:listos? |pendientes? )(?:para|de) (?:su |tu )?firma|
    compartilh(?:ou|ado|ada) (?:um|uma|o|a) (?:\w+ )?(?:documento|arquivo|pasta)s?|
    compartilhad[oa]s? com voc[êe]|documentos? compartilhados?|partilhad[oa]s? (?:consigo|
    com voc[êe])|enviou (?:um|uma|o) (?:documento|arquivo)s?|(?:documento|arquivo)s?
    [ ](?:est[áa] |est[ãa]o )?(?:prontos? |pendentes? |aguardando )(?:para |de |sua )?assinatura|
    与您共享了?(?:文件|文档)|(?:分享|共享)(?:了|给您)(?:一个|一份)?(?:文件|文档)|
    向您发送了(?:一份)?(?:文件|文档)|(?:文件|文档)(?:待|等待)您?签署)
"""
# A call to open, read or sign a document, in the six languages.
_OPEN = r"""
    (?:(?:view|open|review|download|access|sign|see)\s{1,3}(?:the |your |this |a )?(?:\w+ )?
    (?:document|file|pdf)s?|review and (?:e-?)?sign|
    (?:ver|abrir|acessar|acceder a|visualizar|baixar|descargar|revisar|assinar|firmar)
    [ ](?:o |el |a |la |al |seu |su |tu )?(?:documento|arquivo|archivo)s?|
    (?:dokument|datei)(?:e|en)? (?:ansehen|[öo]ffnen|anzeigen|herunterladen|pr[üu]fen|
    unterschreiben)|
    (?:voir|ouvrir|consulter|t[ée]l[ée]charger|signer) (?:le |la |les |votre |vos )?
    (?:document|fichier)s?|(?:查看|打开|下载|签署)(?:文件|文档))
"""
_SHARED_THEN_OPEN = rf"""
    {_SHARED}[\s\S]{{0,300}}?(?<!\w){_OPEN}|{_OPEN}[\s\S]{{0,300}}?(?<!\w){_SHARED}
"""
_DOCUMENT_MESSAGE = N_("says a document was shared with you, to be opened through its link")

SCAMS = (
    _also(
        "dating_offer",
        r"""
        view my profile|see my profile|open my profile|my private profile|open profile|
        view profile|(?:bekijk|zie) (?:mijn )?profiel(?:en)?|mijn profiel|
        spannende? (?:afspraak|avontuur)|vaste relatie|serieuze relatie|
        looking for (?:a )?(?:man|woman|boyfriend|girlfriend|husband|wife)|
        such(?:e|t|en) (?:einen |eine )?(?:mann|frau)|je cherche (?:un homme|une femme)|
        busco (?:un hombre|una mujer)|procuro (?:um homem|uma mulher)|
        zoek(?:t| ik)? (?:een |één )?(?:leuke |lieve |echte )?(?:man|vrouw)|
        new private message|neue private? nachricht|nouveau message priv[ée]|
        nuevo mensaje privado|nova mensagem privada|(?:persoonlijke? |priv[ée])bericht(?:je)?|
        (?:bericht(?:je)?|message|nachricht|mensaje|mensagem) (?:van|from|von|de) (?:je|jouw|your|
        deiner?|ihrer?|ton|ta|votre|tu|su|sua|seu) (?:\S+ )?(?:meisje|vriendin|match|girl|
        girlfriend|lady|admirer|m[äa]dchen|freundin|fille|copine|chica|novia|garota|namorada)|
        vreemd ?gaan|gaat vreemd|fremdgehen|geht fremd|
        (?:discreet|secret|extramarital) (?:affairs?|encounters?|flings?)|
        aventures? (?:discr[èe]tes?|extraconjugales?)|aventuras? (?:discretas?|extraconjugal)|
        caso extraconjugal|infidelidad|alleenstaande (?:vrouwen|mannen)
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
        (?:package|parcel|shipment) (?:has been |is )?delayed|
        (?:pedido|paquete|env[íi]o) (?:\S+ )?(?:se ha |ha sido |est[áa] )?retrasado|
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
        binance|coinbase|digital currency|crypto (?:enthusiasts?|investors?|
        investment|fund|project|rewards?|bonus)|(?:trade|play|watch|move) to earn|
        free mint|mint (?:now|for free)|mint (?:your|an?|the) (?:\w+ )?(?:nfts?|tokens?)|
        \$[a-z]{2,10} (?:coins?|tokens?|airdrops?|rewards?)|
        connect (?:your )?(?:\w+ )?wallets?|(?:conecte|conecta|connectez|verbinden sie)
        [ ](?:sua |tu |su |votre |ihre? )?(?:carteira|billetera|cartera|portefeuille|wallet)|
        连接(?:您的)?钱包|(?:new |pending )?incoming (?:crypto )?(?:transactions?|transfers?)|
        withdraw(?:al)? (?:process|procedure|request|of (?:your )?funds|your funds)|
        (?:available|ready) for withdrawal|retiro de fondos|retirada de fundos|
        retrait (?:de|des) fonds|wallet has been (?:funded|credited)
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
    Category("tax_lure", _TAX_MESSAGE, _words(f"{_TAX_READY}|{_YOUR_TAX_REFUND}|{_NEAR_TAX}")),
    Category("document_lure", _DOCUMENT_MESSAGE, _words(_SHARED)),
    # A call to open a document counts beside a sharing phrase only (a platform's own notice
    # asks to "review the document" too), then once: the two together are the lure.
    Category("document_lure", _DOCUMENT_MESSAGE, _words(_SHARED_THEN_OPEN), enough=1),
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
