"""Administration commands: database, organisations, members, tokens, seller accounts, demo."""

from __future__ import annotations

import secrets
import sys
from typing import Annotated, Any

import typer

from .. import __version__, pdf_fonts
from ..accounts import service as accounts
from ..accounts.views import AccountSummary
from ..auth import service as auth
from ..labels import ROLE_LABELS
from ..storage.migrate import upgrade
from ..workbench import Workbench
from .common import (
    JsonFlag,
    OrgOption,
    app,
    cli_gettext,
    cli_settings,
    emit,
    opened,
    org_actor,
    sub_app,
)
from .quoting import padded

db_app = sub_app("db", "Database maintenance.")
org_app = sub_app("org", "Organisations.")
user_app = sub_app("user", "Members of an organisation.")
token_app = sub_app("token", "API tokens.")
account_app = sub_app("account", "Seller accounts (stores).")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
) -> None:
    """Migrate the database and serve the workbench."""
    import uvicorn

    from ..logs import uvicorn_log_config
    from ..storage.check import sweep_at_start
    from ..web import create_app

    settings = cli_settings()
    wb = Workbench.open(settings)
    pdf_fonts.text_font()  # a font setting that will not do, or no font found, is said now
    upgrade(wb.db.engine)
    sweep_at_start(wb)  # temporary files of writes a crash or kill -9 interrupted
    web = create_app(settings, workbench=wb)
    _, url = cli_gettext(), f"http://{host}:{port}"
    typer.echo(_("Reinstate {version} on {url}").format(version=__version__, url=url), err=True)
    uvicorn.run(web, host=host, port=port, log_config=uvicorn_log_config())


@db_app.command("upgrade")
def db_upgrade(as_json: JsonFlag = False) -> None:
    """Bring the database schema up to date (Alembic)."""
    with opened(migrated=False) as wb:
        upgrade(wb.db.engine)
        _ = cli_gettext()
        emit(as_json, {"ok": True}, _("Database is up to date."))


@org_app.command("create")
def org_create(
    name: str,
    kind: Annotated[str, typer.Option(help="seller or provider")] = "seller",
    as_json: JsonFlag = False,
) -> None:
    """Create an organisation."""
    with opened() as wb:
        org = auth.create_organisation(wb, name, kind)
        _ = cli_gettext()
        emit(
            as_json,
            {"id": org.id, "name": org.name, "kind": org.kind},
            _("Organisation {id}: {name}").format(id=org.id, name=org.name),
        )


@user_app.command("create")
def user_create(
    email: str,
    org: OrgOption,
    role: Annotated[str, typer.Option(help="owner, agent, client or viewer")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Add a member to an organisation (a password is generated unless given on stdin)."""
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else secrets.token_urlsafe(12)
    with opened() as wb:
        user = auth.create_user(wb, org_actor(wb, org), email, role, password)
        document: dict[str, Any] = {
            "id": user.id,
            "email": user.email,
            "org_id": user.org_id,
            "role": user.role,
        }
        _ = cli_gettext()
        text = _("User {id}: {email} ({role})").format(
            id=user.id, email=user.email, role=_(ROLE_LABELS.get(user.role, user.role))
        )
        if not password_stdin:
            document["password"] = password
            text += "\n" + _("Password: {password}").format(password=password)
        emit(as_json, document, text)


@token_app.command("create")
def token_create(
    email: str,
    name: Annotated[str, typer.Option(help="What the token is for.")] = "",
    days: Annotated[int | None, typer.Option(help="Lifetime in days.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Create an API token for a user; it is printed once."""
    with opened() as wb:
        user = auth.user_by_email(wb, email)
        issued = auth.issue_credential(wb, user, "api", name=name, days=days, via="cli")
        document = {"token": issued.secret, "expires_at": issued.credential.expires_at.isoformat()}
        emit(as_json, document, issued.secret)


_PROFILE_OPTIONS = (
    "marketplace",
    "seller_id",
    "company_name",
    "registered_address",
    "uscc",
    "legal_representative",
    "legal_rep_id_number",
    "registered_email",
    "phone",
)


@account_app.command("create")
def account_create(
    org: OrgOption,
    platform: Annotated[str, typer.Option(help="amazon, joom, taobao, shopee, temu, …")],
    store_name: Annotated[str, typer.Option("--store-name")],
    seller_id: Annotated[str, typer.Option("--seller-id")] = "",
    marketplace: Annotated[str, typer.Option()] = "",
    company_name: Annotated[str, typer.Option("--company-name")] = "",
    registered_address: Annotated[str, typer.Option("--registered-address")] = "",
    uscc: Annotated[str, typer.Option(help="Unified social credit code.")] = "",
    legal_representative: Annotated[str, typer.Option("--legal-representative")] = "",
    legal_rep_id_number: Annotated[str, typer.Option("--legal-rep-id-number")] = "",
    registered_email: Annotated[str, typer.Option("--registered-email")] = "",
    phone: Annotated[str, typer.Option()] = "",
    as_json: JsonFlag = False,
) -> None:
    """Add a seller account (store) to an organisation."""
    values = {k: v for k, v in locals().items() if k in _PROFILE_OPTIONS}
    with opened() as wb:
        account = accounts.create_account(
            wb, org_actor(wb, org), {"platform": platform, "store_name": store_name, **values}
        )
        shown = AccountSummary.of(account).document()
        name = wb.policies.get_pack(account.platform).names.get(cli_settings().language)
        _ = cli_gettext()
        text = _("Seller account {id}: {store} ({platform})").format(
            id=account.id, store=account.store_name, platform=name
        )
        emit(as_json, shown, text)


@account_app.command("list")
def account_list(org: OrgOption, as_json: JsonFlag = False) -> None:
    """List an organisation's seller accounts."""
    with opened() as wb:
        found = accounts.list_accounts(wb, org_actor(wb, org))
        rows = [AccountSummary.of(a).document() for a in found]
        _ = cli_gettext()
        heads = "ID", _("PLATFORM"), _("SITE"), _("SELLER ID"), _("STORE")
        cells = [heads] + [
            (str(a["id"]), a["platform"], a["marketplace"], a["seller_id"], a["store_name"])
            for a in rows
        ]
        # padded by terminal columns: a Chinese site, seller ID or heading takes two a character
        lines = [
            f"{i:>5}  {padded(p, 12)} {padded(m, 6)} {padded(s, 26)} {n}" for i, p, m, s, n in cells
        ]
        emit(as_json, rows, "\n".join(lines) if rows else _("No seller accounts."))


@account_app.command("assign")
def account_assign(
    account_id: int,
    email: str,
    org: OrgOption,
    remove: Annotated[bool, typer.Option("--remove", help="Take access away.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Let a client member see a seller account (or, with --remove, stop them)."""
    with opened() as wb:
        actor = org_actor(wb, org)
        accounts.set_client_access(wb, actor, account_id, email, allowed=not remove)
        clients = [u.email for u in accounts.clients_of(wb, actor, account_id)]
        emit(as_json, {"account_id": account_id, "clients": clients}, ", ".join(clients))


@app.command()
def demo(as_json: JsonFlag = False) -> None:
    """Load the demonstration organisation and print how to sign in."""
    from ..demo import load_demo

    with opened(migrated=False) as wb:
        upgrade(wb.db.engine)
        loaded = load_demo(wb)
    document = {"org_id": loaded.org_id, "created": loaded.created, "members": loaded.members}
    _ = cli_gettext()
    lines = [
        _("Demo organisation loaded.") if loaded.created else _("Demo organisation reset."),
        _("Sign in at {url} with one of:").format(url="http://127.0.0.1:8000"),
    ]
    lines += [
        f"  {padded(_(ROLE_LABELS.get(m['role'], m['role'])), 7)} {m['email']}  "
        + _("password: {password}").format(password=m["password"])
        for m in loaded.members
    ]
    emit(as_json, document, "\n".join(lines))
