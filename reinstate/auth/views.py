"""Read models of members: who is signed in, and the organisation's members.

Example::

    me = Me.of(actor)  # me.email, me.role
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..storage.tables import User
from ..tenancy import visible
from ..views import View
from .actor import Actor


class Me(View):
    id: int
    email: str
    org_id: int
    role: str

    @classmethod
    def of(cls, actor: Actor) -> Me:
        assert actor.user_id is not None  # the API signs in members only
        return cls(id=actor.user_id, email=actor.label, org_id=actor.org_id, role=actor.role)


class MemberView(View):
    id: int
    email: str
    role: str


def members_in(session: Session, actor: Actor) -> list[MemberView]:
    """The members of the actor's organisation the actor may see (:mod:`reinstate.tenancy`)."""
    query = select(User).where(visible(actor, User)).order_by(User.email)
    return [MemberView.model_validate(u) for u in session.scalars(query)]
