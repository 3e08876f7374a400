"""`flask planner ...` commands."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import click
from flask.cli import AppGroup

from planner.auth import service as accounts
from planner.auth.models import User, UserRole
from planner.errors import DomainError
from planner.extensions import db

Outcome = TypeVar("Outcome")
ROLES = click.Choice([role.value for role in UserRole])
planner_cli = AppGroup("planner", help="Assembly Planner administration.")


@planner_cli.command("create-organiser")
@click.argument("email")
@click.option("--role", type=ROLES, default=UserRole.ORGANISER.value)
def create_organiser(email: str, role: str) -> None:
    """Create an account; the password is read from stdin (piped) or asked for."""
    with _refusals_as_errors():
        user = accounts.create_user(email, _read_password(), UserRole(role))
    db.session.commit()
    click.echo(f"created {user.role.value} {user.email}")


def _read_password() -> str:
    """From the prompt (twice) at a terminal, else the first line of stdin."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@contextmanager
def _refusals_as_errors() -> Iterator[None]:
    """A service's refusal ends the command with its message, and nothing written."""
    try:
        yield
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error


def _change_account(email: str, change: Callable[[User], Outcome]) -> tuple[User, Outcome]:
    """Apply one of the auth service's changes to the account and commit it; the account's
    next request (page or API, even with a cached token) sees it."""
    with _refusals_as_errors():
        user = accounts.user_by_email(email)
        outcome = change(user)
        db.session.commit()
    return user, outcome


@planner_cli.command("users")
def users() -> None:
    """List every account with its role and whether it is active."""
    for user in accounts.list_users():
        state = "active" if user.active else "deactivated"
        click.echo(f"{user.email:40} {user.role.value:10} {state}")


@planner_cli.command("deactivate")
@click.argument("email")
def deactivate(email: str) -> None:
    """Stop an account: no sign-in, and its sessions and API tokens end at once."""
    user, _ = _change_account(email, accounts.deactivate_user)
    click.echo(f"{user.email} deactivated; its sessions and tokens ended")


@planner_cli.command("reactivate")
@click.argument("email")
def reactivate(email: str) -> None:
    """Let a deactivated account sign in again (its old tokens stay revoked)."""
    user, _ = _change_account(email, accounts.reactivate_user)
    click.echo(f"{user.email} is active again")


@planner_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=ROLES)
def set_role(email: str, role: str) -> None:
    """Make an account an admin, an organiser or a viewer."""
    user, _ = _change_account(email, lambda user: accounts.set_role(user, UserRole(role)))
    click.echo(f"{user.email} is now {user.role.value}")


@planner_cli.command("set-password")
@click.argument("email")
def set_password(email: str) -> None:
    """Set a new password (from stdin or asked for); the account's sessions and tokens end."""
    password = _read_password()
    user, _ = _change_account(email, lambda user: accounts.set_password(user, password))
    click.echo(f"{user.email}: password set; its sessions and tokens ended")


@planner_cli.command("revoke-tokens")
@click.argument("email")
def revoke_tokens(email: str) -> None:
    """Revoke every API token of an account (it may still sign in and get new ones)."""
    user, count = _change_account(email, accounts.revoke_tokens)
    click.echo(f"{user.email}: {count} token(s) revoked")


@planner_cli.command("export-files")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def export_files(folder: Path) -> None:
    """Copy every stored file (uploads, packs, run files) into FOLDER: with pg_dump, a backup."""
    from flask import current_app

    from planner import storage

    click.echo(f"{storage.export_files(current_app.config, folder)} file(s) copied to {folder}")


@planner_cli.command("import-files")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
def import_files(folder: Path) -> None:
    """Put the files of an export-files FOLDER into this installation's storage."""
    from flask import current_app

    from planner import storage

    click.echo(f"{storage.import_files(current_app.config, folder)} file(s) stored from {folder}")


@planner_cli.command("demo")
@click.option(
    "--scale",
    type=click.IntRange(1, 50),
    default=1,
    show_default=True,
    help="Copies of the network and its meetings (10: 1,300 members, 1,200 meetings).",
)
def demo(scale: int) -> None:
    """Load the demo network (does nothing if it is there already)."""
    from planner.demo.loader import load_demo

    summary = load_demo(scale)
    click.echo(summary)


@planner_cli.command("warm-feeds")
def warm_feeds() -> None:
    """Render the feeds' meetings into the store shared by every process, so that no reader
    waits for a first render after a deploy (compose's migrate job runs it)."""
    from flask import current_app

    from planner.calendars.service import site_from_config, warm_store

    rendered, stored = warm_store(site_from_config(current_app.config))
    db.session.commit()
    click.echo(f"feeds warmed: {rendered} meeting(s) rendered, {stored} stored already")


@planner_cli.command("dispatch-reminders")
def dispatch_reminders() -> None:
    """One pass of reminder dispatch (what beat runs every minute)."""
    from planner.db import utcnow
    from planner.reminders.service import dispatch_due

    queued = dispatch_due(utcnow())
    db.session.commit()
    click.echo(f"{queued} reminder(s) queued")


@planner_cli.command("erase-visa-data")
def erase_visa_data() -> None:
    """Erase the passport data of visa letters whose meeting ended more than
    PLANNER_VISA_ERASE_AFTER_DAYS days ago (what beat runs once a day)."""
    from planner.visas.tasks import erase_old_passport_data

    click.echo(f"{erase_old_passport_data()} visa letter(s) erased")


@planner_cli.command("renew-links")
@click.confirmation_option(
    prompt="Every RSVP link, feed URL and check-in code given out so far stops working. Go on?"
)
def renew_links() -> None:
    """New secret links for everyone (after changing SECRET_KEY, or a leak of key and data)."""
    from planner.events.service import renew_every_link

    delegates, participations = renew_every_link()
    db.session.commit()
    click.echo(
        f"new links for {delegates} delegate(s) and {participations} participation(s); "
        "resend invitations and reprint badges"
    )
