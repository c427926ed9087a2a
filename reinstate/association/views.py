"""Read models of association risk: identifiers (masked), groups, links and explanations.

Each link is explained in a sentence of the reader's language ("shares bank account ••••3021
with Blue Ocean UK since 2026-03-02"); the CLI's ``--json`` and the API give the same models.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from ..auth.actor import Actor
from ..errors import N_, NotFound
from ..i18n import Gettext, gettext_for
from ..storage.tables import AccountIdentifier
from ..views import Moment, View
from ..workbench import Workbench
from .graph import Link, Shared, Uncounted
from .identifiers import KIND_LABELS, rank, strengths
from .service import TROUBLE_LABELS, AtRisk, Match, World, load_world, risk_of

STRENGTH_LABELS = {"strong": N_("strong"), "medium": N_("medium"), "weak": N_("weak")}
LEVEL_LABELS = {
    "none": N_("no store in trouble"),
    "all": N_("every store of the group is in trouble"),
    "low": N_("low"),
    "medium": N_("medium"),
    "high": N_("high"),
}
RISK_LEVELS = {"strong": "high", "medium": "medium", "weak": "low"}


class IdentifierView(View):
    id: int
    account_id: int
    kind: str
    kind_label: str
    masked: str = Field(description="Never the full value")
    source: str = Field(description="profile (the account's details), manual or import")
    first_seen: date | None
    last_seen: date | None
    created_at: Moment


class IdentifierList(View):
    items: list[IdentifierView]


class SharedView(View):
    kind: str
    kind_label: str
    masked: str
    strength: str
    since: date | None


class LinkView(View):
    a: int
    b: int
    a_name: str
    b_name: str
    strength: str
    shared: list[SharedView]


class RiskView(View):
    account_id: int
    name: str
    path: list[int] = Field(description="From this store to the store in trouble")
    names: list[str]
    strength: str = Field(description="That of the weakest link of the path")
    trouble: str
    sentence: str


class GroupView(View):
    accounts: list[int]
    names: dict[int, str]
    links: list[LinkView]
    risk: str = Field(
        description="none, low, medium or high; all: every store of the group is in trouble"
    )
    in_trouble: list[int]
    at_risk: list[RiskView]


class UncountedView(View):
    """A private or reserved login address shared with another store, and why it links none."""

    a: int
    b: int
    a_name: str
    b_name: str
    kind: str
    kind_label: str
    masked: str
    reason: str


class Scan(View):
    groups: list[GroupView]
    not_counted: list[UncountedView] = Field(
        [], description="Private or reserved addresses stores share: not evidence of a link"
    )


class ProofView(View):
    material: str = Field(description="A material code of the platform packs")
    name: str
    valid_when: str


class Explanation(View):
    account_id: int
    name: str
    group: list[int]
    sentences: list[str]
    links: list[LinkView]
    at_risk: RiskView | None
    in_trouble: str | None
    proof: list[ProofView] = Field(
        [], description="The proof of independent operation that answers what it shares"
    )
    not_counted: list[UncountedView] = Field(
        [], description="Private or reserved addresses it shares: not evidence of a link"
    )


class MatchView(View):
    account_id: int
    name: str
    kind: str
    kind_label: str
    masked: str


class NewAccountCheck(View):
    matches: list[MatchView]


def identifier_list(rows: list[AccountIdentifier], language: str) -> IdentifierList:
    _ = gettext_for(language)
    return IdentifierList(
        items=[
            IdentifierView(
                id=r.id,
                account_id=r.account_id,
                kind=r.kind,
                kind_label=_(KIND_LABELS[r.kind]),
                masked=r.masked,
                source=r.source,
                first_seen=r.first_seen,
                last_seen=r.last_seen,
                created_at=r.created_at,
            )
            for r in rows
        ]
    )


def _shared(shared: Shared, _: Gettext) -> SharedView:
    return SharedView(
        kind=shared.kind,
        kind_label=_(KIND_LABELS[shared.kind]),
        masked=shared.masked,
        strength=shared.strength,
        since=shared.since,
    )


def _link(world: World, link: Link, _: Gettext) -> LinkView:
    return LinkView(
        a=link.a,
        b=link.b,
        a_name=world.name(link.a),
        b_name=world.name(link.b),
        strength=link.strength,
        shared=[_shared(s, _) for s in link.shared],
    )


def _uncounted(world: World, found: Uncounted, _: Gettext) -> UncountedView:
    reason = _(
        "Not counted: {value} is a private or reserved network address (an office network, "
        "a router, a carrier's shared address); a platform sees only public addresses, so "
        "sharing it is no sign of association."
    )
    return UncountedView(
        a=found.a,
        b=found.b,
        a_name=world.name(found.a),
        b_name=world.name(found.b),
        kind=found.kind,
        kind_label=_(KIND_LABELS[found.kind]),
        masked=found.masked,
        reason=reason.format(value=found.masked),
    )


def sentence(shared: Shared, other: str, _: Gettext) -> str:
    kind = _(KIND_LABELS[shared.kind])
    if shared.since:
        text = _("Shares {kind} {value} with {store} since {date}")
        return text.format(kind=kind, value=shared.masked, store=other, date=shared.since)
    return _("Shares {kind} {value} with {store}").format(
        kind=kind, value=shared.masked, store=other
    )


def _risk(risk: AtRisk, _: Gettext) -> RiskView:
    text = _("At risk by association: linked to {store} ({trouble}) through {path}.").format(
        store=risk.names[-1], trouble=_(TROUBLE_LABELS[risk.trouble]), path=" → ".join(risk.names)
    )
    return RiskView(
        account_id=risk.account_id,
        name=risk.name,
        path=risk.path,
        names=risk.names,
        strength=risk.strength,
        trouble=risk.trouble,
        sentence=text,
    )


def scan(world: World, language: str) -> Scan:
    _ = gettext_for(language)
    groups = []
    for members in world.graph.groups:
        inside = set(members)
        links = [
            _link(world, link, _)
            for key, link in sorted(world.graph.links.items())
            if key[0] in inside
        ]
        risks = [r for i in members if i not in world.trouble if (r := risk_of(world, i))]
        trouble = sorted(i for i in members if i in world.trouble)
        # no store at risk: none is in trouble, or all are (no other store left to put at risk)
        level = "all" if trouble and not risks else "none"
        if risks:
            level = RISK_LEVELS[min((r.strength for r in risks), key=list(RISK_LEVELS).index)]
        groups.append(
            GroupView(
                accounts=members,
                names={i: world.name(i) for i in members},
                links=links,
                risk=level,
                in_trouble=trouble,
                at_risk=[_risk(r, _) for r in risks],
            )
        )
    uncounted = [_uncounted(world, u, _) for u in world.graph.uncounted]
    return Scan(groups=groups, not_counted=uncounted)


def proof_for(platform: str, kinds: list[str], language: str) -> list[ProofView]:
    """The materials that answer what a store shares, the strongest link's first, named as the
    store's platform names them (or the first platform that has the material)."""
    from ..policies.loader import load_policies

    packs = load_policies()
    order = [platform, *sorted(packs)]
    wanted = strengths().proof
    found = []
    for code in dict.fromkeys(m for kind in kinds for m in wanted.get(kind, ())):
        pack = next((packs[p] for p in order if p in packs and code in packs[p].materials), None)
        if pack is not None:
            material = pack.materials[code]
            name, valid = material.name.get(language), material.valid_when.get(language)
            found.append(ProofView(material=code, name=name, valid_when=valid))
    return found


def explain(world: World, account_id: int, language: str) -> Explanation:
    _ = gettext_for(language)
    if account_id not in world.accounts:
        raise NotFound(N_("There is no seller account {id}."), id=account_id)
    links = [link for (a, b), link in sorted(world.graph.links.items()) if account_id in (a, b)]
    sentences = []
    for link in sorted(links, key=lambda lk: (-rank(lk.strength), lk.a, lk.b)):
        other = world.name(link.b if link.a == account_id else link.a)
        sentences += [sentence(s, other, _) for s in link.shared]
    risk = risk_of(world, account_id)
    trouble = world.trouble.get(account_id)
    ordered = sorted((s for lk in links for s in lk.shared), key=lambda s: -rank(s.strength))
    platform = world.accounts[account_id].platform
    return Explanation(
        account_id=account_id,
        name=world.name(account_id),
        group=world.graph.group_of(account_id),
        sentences=sentences,
        links=[_link(world, link, _) for link in links],
        at_risk=_risk(risk, _) if risk else None,
        in_trouble=_(TROUBLE_LABELS[trouble]) if trouble else None,
        proof=proof_for(platform, [s.kind for s in ordered], language),
        not_counted=[
            _uncounted(world, u, _) for u in world.graph.uncounted if account_id in (u.a, u.b)
        ],
    )


def new_account_check(matches: list[Match], language: str) -> NewAccountCheck:
    _ = gettext_for(language)
    return NewAccountCheck(
        matches=[
            MatchView(
                account_id=m.account_id,
                name=m.name,
                kind=m.kind,
                kind_label=_(KIND_LABELS[m.kind]),
                masked=m.masked,
            )
            for m in matches
        ]
    )


# Violations whose diagnosis lists the links the platform likely saw (issue 18).
ASSOCIATION_VIOLATIONS = frozenset({"related_accounts", "buyer_account_association"})
INDEPENDENCE_MATERIALS = (
    "office_lease",
    "social_insurance_records",
    "separate_bank_account",
    "separate_network",
    "independent_operation_proof",
    "bank_account_proof",
)


class CaseAssociation(View):
    """On a related-accounts case: what the platform likely saw, and the proof to answer it."""

    explanation: Explanation
    proof: list[str] = Field(description="Materials of the checklist that show independence")


def case_association(
    world: World, account_id: int, violations: list[str], checklist: list[str], language: str
) -> CaseAssociation | None:
    if not ASSOCIATION_VIOLATIONS & set(violations) or account_id not in world.accounts:
        return None
    proof = [m for m in INDEPENDENCE_MATERIALS if m in checklist]
    return CaseAssociation(explanation=explain(world, account_id, language), proof=proof)


def letter_facts(
    wb: Workbench, actor: Actor, account_id: int, violation: str, language: str
) -> list[str]:
    """For a related-accounts violation: what the store shares with others, in the letter's
    language, for the appeal to answer (the letter form offers them)."""
    if violation not in ASSOCIATION_VIOLATIONS:
        return []
    world = load_world(wb, actor)
    return explain(world, account_id, language).sentences if account_id in world.accounts else []
