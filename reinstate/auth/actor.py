"""Who is acting, and what their role lets them do.

Roles (per organisation): ``owner`` manages members and everything else; ``agent`` changes seller
accounts and their work; ``client`` sees only the seller accounts assigned to them; ``viewer``
reads everything in the organisation and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import N_, Label, PermissionDenied

CHANGERS = frozenset({"owner", "agent"})


@dataclass(frozen=True)
class Actor:
    org_id: int
    role: str
    label: str  # shown in the activity log: an email, or "command line"
    via: str  # "web", "api" or "cli"
    user_id: int | None = None

    @classmethod
    def command_line(cls, org_id: int) -> Actor:
        """The operator at the server's command line, acting as an owner of ``org_id``."""
        return cls(org_id=org_id, role="owner", label="command line", via="cli")

    @property
    def can_change(self) -> bool:
        return self.role in CHANGERS

    @property
    def is_owner(self) -> bool:
        return self.role == "owner"

    @property
    def is_client(self) -> bool:
        return self.role == "client"

    def require_change(self) -> None:
        """Only the team changes this. A client adds to its own cases (require_contribution), so
        "cannot change anything" is said to a viewer only: a client is told it cannot do this."""
        if self.is_client:
            raise PermissionDenied(N_("Your role ({role}) cannot do this."), role=Label(self.role))
        if not self.can_change:
            raise PermissionDenied(
                N_("Your role ({role}) cannot change anything."), role=Label(self.role)
            )

    @property
    def can_contribute(self) -> bool:
        """Add to a case it sees (a document, a comment, a letter approval): the team, and a
        client on its own cases; a viewer only reads."""
        return self.can_change or self.is_client

    def require_contribution(self) -> None:
        if not self.can_contribute:
            raise PermissionDenied(
                N_("Your role ({role}) cannot change anything."), role=Label(self.role)
            )

    def require_owner(self) -> None:
        if not self.is_owner:
            raise PermissionDenied(N_("Only an owner of the organisation can do this."))
