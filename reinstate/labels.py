"""Human names of the fields users type into, shared by error messages and forms."""

from __future__ import annotations

from .errors import N_

FIELD_LABELS: dict[str, str] = {
    "platform": N_("Platform"),
    "marketplace": N_("Marketplace / site"),
    "store_name": N_("Store name"),
    "seller_id": N_("Seller ID"),
    "company_name": N_("Company name"),
    "registered_address": N_("Registered address"),
    "uscc": N_("Unified social credit code"),
    "legal_representative": N_("Legal representative"),
    "legal_rep_id_number": N_("Legal representative's ID number"),
    "registered_email": N_("Registered email"),
    "phone": N_("Phone"),
    "email": N_("Email"),
    "password": N_("Password"),
    "role": N_("Role"),
    "name": N_("Name"),
    "organisation": N_("Organisation name"),
    "kind": N_("Organisation type"),
    "language": N_("Language"),
    "token_name": N_("Token name"),
    "days": N_("Days"),
}

# Roles and organisation kinds are stored as codes; these are their names on screen.
ROLE_LABELS: dict[str, str] = {
    "owner": N_("owner"),
    "agent": N_("agent"),
    "client": N_("client"),
    "viewer": N_("viewer"),
}
KIND_LABELS: dict[str, str] = {"seller": N_("seller"), "provider": N_("provider")}
