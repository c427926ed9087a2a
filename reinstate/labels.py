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
    "received_on": N_("Date received"),
    "violation": N_("Violation"),
    "points": N_("Points"),
    "appeal_result": N_("Appeal result"),
    "note": N_("Note"),
    "offence": N_("Offence"),
    "orders": N_("Orders"),
    "region": N_("Region"),
    "as_of": N_("As of"),
    "serious": N_("Serious violation"),
    "client": N_("Client"),
    "access": N_("Access"),
}
APPEAL_RESULT_LABELS: dict[str, str] = {
    "not_appealed": N_("not appealed"),
    "pending": N_("appeal pending"),
    "upheld": N_("appeal failed"),
    "overturned": N_("overturned on appeal"),
}

# Roles and organisation kinds are stored as codes; these are their names on screen.
ROLE_LABELS: dict[str, str] = {
    "owner": N_("owner"),
    "agent": N_("agent"),
    "client": N_("client"),
    "viewer": N_("viewer"),
}
KIND_LABELS: dict[str, str] = {"seller": N_("seller"), "provider": N_("provider")}

LETTER_PART_LABELS: dict[str, str] = {
    "acknowledgement": N_("acknowledge the problem"),
    "root_cause": N_("root cause"),
    "actions_taken": N_("actions taken"),
    "prevention": N_("preventive measures"),
    "evidence": N_("evidence cited for each point"),
    "per_violation": N_("each violation answered separately"),
    "statement_of_compliance": N_("statement of the facts"),
}
COMPARATORS = {"lt": "<", "le": "≤", "gt": ">", "ge": "≥"}
NEVER_ASKS_LABELS: dict[str, str] = {
    "password": N_("passwords"),
    "pin": N_("PINs or verification codes"),
    "bank_details": N_("bank account details"),
    "card_number": N_("card numbers"),
}
