"""More of what unsolicited mail threatens or sells, in the languages sellers receive (en, zh,
de, fr, es, pt): court summons and fines, tax statements "ready to view", documents "shared
with you", hacked servers and spamming tools for sale. Counted as the categories of
:mod:`reinstate.notices.unsolicited` are: in the sender's name or subject once, in the text in
two places.

>>> from .unsolicited import offer_signals
>>> [s.code for s in offer_signals("Intimação judicial", "", "", more=SCAMS)]
['legal_threat']
"""

from __future__ import annotations

from ..errors import N_
from .unsolicited import Category, _words

SCAMS = (
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
            (?:your )?(?:\d{4} )?tax (?:statement|refund|document|slips?|return)s?
            [ ](?:is |are )?(?:now )?(?:ready|available|has arrived|have arrived)|
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
            (?:has been|was) shared with you|(?:view|open|review|download) (?:the |your |this )?
            (?:\w+ )?documents?|documento compartilhado|ver (?:o |el )?documento|
            documento compartido|dokument (?:ansehen|[öo]ffnen)|hat (?:ein|eine) (?:dokument|datei)
            [ ](?:mit ihnen )?geteilt|voir le document|a partag[ée] un (?:document|fichier)|
            与您共享了?(?:文件|文档)
"""
        ),
    ),
    Category(
        "crime_offer",
        N_("sells hacked servers, stolen accounts or spamming tools"),
        _words(
            r"""
            cpanels|rdps|rdp's|smtps|web-?mails|fullz|black market|spamming tools|inbox mailers?|
            hacked (?:accounts|servers)|cc dumps
"""
        ),
    ),
)

# Every pattern above, where the hostile-input tests time them on adversarial text.
PATTERNS = tuple(category.pattern for category in SCAMS)
