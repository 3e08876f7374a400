"""`flask planner ...` commands."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from planner.extensions import db

planner_cli = AppGroup("planner", help="Assembly Planner administration.")


@planner_cli.command("create-organiser")
@click.argument("email")
@click.option("--role", type=click.Choice(["admin", "organiser", "viewer"]), default="organiser")
def create_organiser(email: str, role: str) -> None:
    """Create an account; the password is read from stdin (piped) or asked for."""
    from planner.auth.models import UserRole
    from planner.auth.service import create_user
    from planner.errors import DomainError

    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = create_user(email, password, UserRole(role))
    except DomainError as error:
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"created {user.role.value} {user.email}")


@planner_cli.command("demo")
def demo() -> None:
    """Load the demo network (does nothing if it is there already)."""
    from planner.demo.loader import load_demo

    summary = load_demo()
    click.echo(summary)


@planner_cli.command("dispatch-reminders")
def dispatch_reminders() -> None:
    """One pass of reminder dispatch (what beat runs every minute)."""
    from planner.db import utcnow
    from planner.reminders.service import dispatch_due

    queued = dispatch_due(utcnow())
    db.session.commit()
    click.echo(f"{queued} reminder(s) queued")


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
