"""Human names of the fields users type into, shared by error messages and forms."""

from __future__ import annotations

from .i18n import N_

FIELD_LABELS: dict[str, str] = {
    "platform": N_("Platform"),
    "profile": N_("Format"),
    "metric": N_("Metric"),
    "engine": N_("Engine"),
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
    "violations": N_("Violations"),
    "assignee_id": N_("Assignee"),
    "valid_until": N_("Valid until"),
    "issued_on": N_("Issued on"),
    "client_visible": N_("Visible to clients"),
    "state": N_("State"),
    "attempts_used": N_("Attempts used"),
    "due_at": N_("Deadline"),
    "review_due": N_("Review due"),
    "resubmit_not_before": N_("Next submission from"),
    "forced": N_("Recorded despite a refusal"),
    "comment": N_("Comment"),
    "verdict": N_("Verdict"),
    "file": N_("File"),
    "hours": N_("Hours before a deadline"),
    "channels": N_("Channels"),
    "client": N_("Client"),
    "access": N_("Access"),
    "invited_at": N_("Invited at"),
    "notice_date": N_("Notice date"),
    "at": N_("When it happened"),  # an event's time (cases, verifications, the change log)
    "occurred_at": N_("When it happened"),
    "slot": N_("Slot"),
    "book_from": N_("Book from"),
    "book_until": N_("Book until"),
    "slot_at": N_("Slot"),
    "completed_at": N_("Completed at"),
    "result_due_at": N_("Result due"),
    "no_shows": N_("No-shows"),
    "drops": N_("Network drops"),
    "failures": N_("Failures"),
    "item": N_("Checklist item"),
    "event": N_("Event"),
    "done": N_("Done"),
    "triage": N_("Triage answers"),
    "letter_type": N_("Letter type"),
    "type": N_("Letter type"),
    "answer": N_("Answer"),
    "question": N_("Question"),
    "effective_on": N_("Takes effect on"),
    "time_zone": N_("Time zone"),
    # service-provider operations (issue 19)
    "price_list": N_("Price list"),
    "case_kind": N_("Kind of case"),
    "metrics": N_("Number of metrics"),
    "languages": N_("Languages"),
    "tier": N_("Account tier"),
    "letter_language": N_("Letter language"),
    "intake": N_("Intake request"),
    "request": N_("Intake request"),
    "rush": N_("Rush delivery"),
    "reconstruction": N_("Evidence reconstruction"),
    "history_repair": N_("90-day history repair"),
    "advisory": N_("Quarterly advisory"),
    "declaration": N_("Stamped declaration of compliance"),
    "working_days": N_("Delivery time (working days)"),
    "digest": N_("Digest of the quote shown"),
    "decision": N_("Decision on the letter"),
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
# a client's decision on a letter version (provider.approvals)
DECISION_LABELS: dict[str, str] = {
    "approved": N_("approved"),
    "changes_requested": N_("changes requested"),
    "pending": N_("waiting for approval"),
}
LETTER_TYPE_LABELS: dict[str, str] = {
    "plan_of_action": N_("Plan of Action"),
    "statement": N_("Statement (no violation)"),
}
RATING_BAND_LABELS: dict[str, str] = {
    "healthy": N_("healthy"),
    "at_risk": N_("at risk"),
    "unhealthy": N_("unhealthy"),
}
TRIAGE_ANSWER_LABELS: dict[str, str] = {
    "yes": N_("yes"),
    "no": N_("no"),
    "unknown": N_("not known yet"),
}
COMPARATORS = {"lt": "<", "le": "≤", "gt": ">", "ge": "≥"}
NEVER_ASKS_LABELS: dict[str, str] = {
    "password": N_("passwords"),
    "pin": N_("PINs or verification codes"),
    "bank_details": N_("bank account details"),
    "card_number": N_("card numbers"),
}

VERDICT_LABELS: dict[str, str] = {
    "genuine": N_("Genuine"),
    "suspicious": N_("Suspicious"),
    "phishing": N_("Phishing"),
    "unverifiable": N_("Cannot be verified"),
}
SIGNAL_LABELS: dict[str, str] = {
    "brand_impersonation": N_("The mail speaks for a brand its address does not carry"),
    "crypto_lure": N_("Speaks of crypto-currency or a wallet"),
    "sender_free_hosting": N_("Sent from free hosting"),
    "sender_official": N_("Sent from the platform's own domain"),
    "sender_not_official": N_("Not sent from the platform's domain"),
    "sender_malformed": N_("The sender address is not a real domain"),
    "sender_name_spoof": N_("The sender's name pretends to be another address"),
    "sender_several": N_("The mail names several senders, one of them elsewhere"),
    "sender_free_mailbox": N_("Sent from a free mailbox"),
    "reply_to_elsewhere": N_("Replies go somewhere else"),
    "return_path_elsewhere": N_("Bounces go somewhere else"),
    "hidden_characters": N_("Invisible characters hide words"),
    "lookalike_letters": N_("Look-alike letters from another alphabet"),
    "disguised_brand": N_("The platform's name is disguised"),
    "link_userinfo": N_("A link hides its real destination after @"),
    "link_ip_address": N_("A link goes to a bare IP address"),
    "link_punycode": N_("A link uses an encoded look-alike domain"),
    "link_shortener": N_("A link is shortened"),
    "link_free_hosting": N_("A link goes to free web hosting"),
    "link_ip_in_hostname": N_("A link goes to a numbered server"),
    "link_abused_tld": N_("A link uses a domain ending favoured by abuse"),
    "link_redirect": N_("A link forwards to another site"),
    "link_text_mismatch": N_("A link shows one address but goes to another"),
    "link_brand_in_subdomain": N_("A link borrows the platform's name"),
    "link_lookalike": N_("A link imitates the platform's domain"),
    "link_not_official": N_("A link is not the platform's"),
    "link_imitates_sender": N_("A link imitates the sender's domain"),
    "auth_failed": N_("Email authentication failed"),
    "auth_not_passed": N_("Email authentication did not pass"),
    "auth_passed": N_("Email authentication passed"),
    "asks_for_secrets": N_("Asks for passwords, codes or card details"),
    "paid_expedite": N_("Offers a paid faster review"),
    "asks_for_payment": N_("Asks for money to restore the account"),
    "urgent_threat": N_("Threatens with a short deadline"),
    "prize_lure": N_("Promises a prize"),
    "risky_attachment": N_("Risky attachment"),
    "no_headers": N_("No email headers: the sender cannot be checked"),
    "forwarded": N_("Forwarded: the original's sender cannot be checked"),
    "sender_tenant_default": N_("Sent from a mail service's default address"),
    "hidden_text": N_("Invisible characters inside the text's words"),
    "health_offer": N_("Advertises a miracle health product"),
    "dating_offer": N_("Offers dating or adult contacts"),
    "gambling_offer": N_("Offers casino bonuses or betting"),
    "money_offer": N_("Promises money for nothing"),
    "account_lure": N_("Says an account or a mailbox is locked, full or expiring"),
    "parcel_lure": N_("Says a parcel is held for a fee"),
    "callback_lure": N_("An unexpected invoice asks for a phone call"),
    "pressure_offer": N_("Presses you to act on an offer at once"),
    "wordless": N_("Almost no words: the message is a picture, a link or a file"),
    "links_elsewhere": N_("Unauthenticated, and every link leads away from the sender"),
    "finance_offer": N_("Sells insurance, loans, energy savings or home improvements"),
    "crypto_offer": N_("Speaks of crypto tokens, wallets or NFTs"),
    "security_scare": N_("Says your computer is infected or unprotected"),
    "addressed_by_email": N_("The subject repeats your email address"),
    "unfilled_placeholder": N_("A mail-merge placeholder left unfilled"),
    "random_sender": N_("The sender's address is random letters"),
    "offscreen_text": N_("The layout hides text off the screen"),
    "filler_text": N_("Random strings stuffed in to get past filters"),
    "garbled_sender": N_("The sender's name is garbled, as mass-mailing tools leave it"),
    "legal_threat": N_("Threatens a court case or a fine"),
    "tax_lure": N_("Says a tax statement or refund is waiting"),
    "document_lure": N_("Says a document was shared with you"),
    "crime_offer": N_("Sells hacked servers or spamming tools"),
    "favour_request": N_("A stranger asks for a quick favour"),
    "government_lookalike": N_("The sender dresses as a government address"),
    "link_government_lookalike": N_("A link dresses as a government site"),
    "lookalike_text": N_("The text is written with look-alike letters"),
    "survey_reward": N_("Promises a prize for a short survey"),
}

CASE_STATE_LABELS: dict[str, str] = {
    "open": N_("open"),
    "preparing": N_("preparing"),
    "submitted": N_("submitted"),
    "under_review": N_("under review"),
    "reinstated": N_("reinstated"),
    "rejected": N_("rejected"),
    "info_requested": N_("information requested"),
    "closed_lost": N_("closed, appeals used up"),
    "withdrawn": N_("withdrawn"),
}
CASE_EVENT_LABELS: dict[str, str] = {
    "preparing": N_("Start preparing"),
    "submitted": N_("Submitted"),
    "under_review": N_("Under review"),
    "reinstated": N_("Reinstated"),
    "rejected": N_("Rejected"),
    "info_requested": N_("Information requested"),
    "withdrawn": N_("Withdraw"),
}

CHECKLIST_STATE_LABELS: dict[str, str] = {
    "missing": N_("missing"),
    "provided": N_("provided"),
    "invalid": N_("invalid"),
    "expired": N_("expired"),
}

# Video verification states and events, as shown on its page.
VERIFICATION_STATE_LABELS: dict[str, str] = {
    "invited": N_("invited"),
    "booked": N_("booked"),
    "completed": N_("call completed, awaiting the result"),
    "passed": N_("passed"),
    "failed": N_("failed"),
    "no_show": N_("missed (no-show)"),
    "dropped": N_("ended by network drops"),
}
VERIFICATION_EVENT_LABELS: dict[str, str] = {
    "booked": N_("Booked a slot"),
    "completed": N_("Call completed"),
    "passed": N_("Passed"),
    "failed": N_("Failed"),
    "no_show": N_("Did not attend"),
    "dropped": N_("Network dropped"),
}
ACCOUNT_CHANGE_LABELS: dict[str, str] = {
    "login_location": N_("Login from a new location"),
    "new_device": N_("Login from a new device"),
    "password_reset": N_("Password reset"),
    "bank_change": N_("Bank account changed"),
    "payment_change": N_("Payment account changed"),
    "category_added": N_("Category added"),
    "sign_in": N_("Signed in as usual (the owner, on a known device)"),
}

# The canonical violation codes (policies.taxonomy), as words.
VIOLATION_LABELS: dict[str, str] = {
    "intellectual_property": N_("Intellectual property"),
    "counterfeit": N_("Counterfeit goods"),
    "product_compliance": N_("Product compliance"),
    "restricted_product": N_("Restricted product"),
    "listing_policy": N_("Listing policy"),
    "fake_transactions": N_("Fake transactions"),
    "related_accounts": N_("Related accounts"),
    "buyer_account_association": N_("Association with buyer accounts"),
    "inaccurate_information": N_("Inaccurate information"),
    "identity_verification": N_("Identity verification"),
    "order_defect_rate": N_("Order defect rate"),
    "late_shipment": N_("Late shipment"),
    "cancellation_rate": N_("Cancellation rate"),
    "valid_tracking": N_("Valid tracking"),
    "on_time_delivery": N_("On-time delivery"),
    "customer_service": N_("Customer service"),
    "code_of_conduct": N_("Code of conduct"),
    "compromised_account": N_("Compromised account"),
    "other": N_("Other"),
    "a_to_z_claim": N_("A-to-z Guarantee claim"),
    "negative_feedback": N_("Negative feedback"),
    "chargeback": N_("Chargeback"),
}
# What the letter review found (letters.lint.WEIGHTS), as a short name before its detail.
LETTER_PROBLEM_LABELS: dict[str, str] = {
    "missing_root_cause": N_("No root cause"),
    "missing_actions": N_("No actions taken"),
    "missing_prevention": N_("No preventive measures"),
    "uncovered_violation": N_("A violation is not answered"),
    "template_similarity": N_("Reads like a template"),
    "repeated_text": N_("Repeated passage"),
    "pii": N_("Personal data"),
    "no_evidence": N_("No evidence cited"),
    "wrong_language": N_("Wrong language"),
    "wrong_platform": N_("Written for another platform"),
    "dangling_exhibit": N_("Exhibit not found"),
    "blame": N_("Blames others"),
    "too_long": N_("Too long"),
    "vague_promise": N_("Vague promise"),
    "overpromise": N_("Promises a result nobody can keep"),
    "uncovered_item": N_("A requested item is not answered"),
    "uncited_reference": N_("The notice's reference is not cited"),
    "emotive_language": N_("Emotive language"),
    "placeholder": N_("Template blank left in"),
}
# Keys of what an event changed that are not fields of a form.
EVENT_FIELD_LABELS: dict[str, str] = {
    "parts": N_("Parts"),
    "exhibits": N_("Exhibits"),
    "problems": N_("Problems"),
    "notice_id": N_("Notice"),
    "case_id": N_("Case"),
    "document_id": N_("Document"),
    "expires_at": N_("Expires"),
    "bad_rows": N_("Rows not read"),
    "rows": N_("Rows"),
    "orders": N_("Orders"),
    "materials": N_("Materials"),
    "version": N_("Version"),
    "score": N_("Score"),
    "hours": N_("Hours before a deadline"),
    "file": N_("File"),
    "first_page": N_("First page"),
    "last_page": N_("Last page"),
    "exhibit": N_("Exhibit"),
    "part": N_("Part"),
    "sha256": N_("Fingerprint"),
    "size": N_("Size"),
    "pages": N_("Pages"),
    "profile": N_("Format"),
    "account_key": N_("Seller ID in the files"),
    # a failure review (issue 19)
    "rejection_event": N_("Rejection (event number)"),
    "number": N_("Review number"),
    "chargeable": N_("Chargeable"),
    "amount": N_("Amount"),
    "currency": N_("Currency"),
    "total": N_("Total"),
    "level": N_("Penalty level"),
    "system": N_("Penalty system"),
    # a metric that became at risk (metric.at_risk)
    "status": N_("Status"),
    "window_days": N_("Window"),
    "was": N_("Previously"),
    # a case closed after its last rejection, reinstated by the platform on its own
    "after_closing": N_("After the appeals were used up"),
}
EVIDENCE_PROBLEM_LABELS: dict[str, str] = {
    "active_content": N_("Active content"),
    "bad_name": N_("Name not in the platform's pattern"),
    "corrupt": N_("Damaged file"),
    "decompression_bomb": N_("Dangerous compressed file"),
    "encrypted": N_("Password-protected"),
    "locked": N_("Locked against printing or copying"),
    "expired": N_("expired"),
    "low_resolution": N_("Low resolution"),
    "no_text": N_("No readable text"),
    "not_pdf": N_("Not a PDF"),
    "too_large": N_("Too large"),
    "too_many_pixels": N_("Too many pixels"),
    "too_old": N_("Too old"),
    "unsupported_format": N_("Format not accepted"),
    "mismatch": N_("Does not match the account"),
    "wrong_extension": N_("Extension does not match the content"),
    "id_number_in_name": N_("ID number in the file name"),
    "edited": N_("Saved by a picture editor"),
    "empty": N_("Empty file"),
}


def code_label(code: str, *groups: dict[str, str]) -> str:
    """The words for a stored code (an English message id, for gettext): from the given label
    tables, else every table here; a code nobody labelled yet is shown as words, never as
    ``snake_case`` (tests/test_words.py fails on the pages that would show one)."""
    for table in groups or _ALL:
        if code in table:
            return table[code]
    return code.replace("_", " ") if isinstance(code, str) else code


def known_code(text: str) -> bool:
    """Whether ``text`` is a code one of the label tables names (``counterfeit``, ``web``)."""
    return any(text in table for table in _ALL)


# The formats an order file is imported as (metrics.profiles).
PROFILE_LABELS: dict[str, str] = {
    "canonical": N_("Reinstate's columns (canonical)"),
    "amazon-all-orders": N_("Amazon All Orders report"),
    "mapping": N_("Another export, with a mapping file"),
    "sp-api": N_("Amazon account health report (SP-API)"),
    "olist": N_("Olist public dataset"),
}
# How a change was made (an event's "via").
VIA_LABELS: dict[str, str] = {"web": N_("web"), "api": N_("API"), "cli": N_("command line")}
_ALL: tuple[dict[str, str], ...] = (
    VIA_LABELS,
    PROFILE_LABELS,
    FIELD_LABELS,
    EVENT_FIELD_LABELS,
    VIOLATION_LABELS,
    LETTER_PROBLEM_LABELS,
    EVIDENCE_PROBLEM_LABELS,
    CASE_STATE_LABELS,
    CHECKLIST_STATE_LABELS,
    VERDICT_LABELS,
    SIGNAL_LABELS,
    APPEAL_RESULT_LABELS,
    ROLE_LABELS,
    KIND_LABELS,
    LETTER_PART_LABELS,
    VERIFICATION_STATE_LABELS,
    VERIFICATION_EVENT_LABELS,
    ACCOUNT_CHANGE_LABELS,
    LETTER_TYPE_LABELS,
    RATING_BAND_LABELS,
    TRIAGE_ANSWER_LABELS,
)
