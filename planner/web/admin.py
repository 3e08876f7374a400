"""Accounts, for admins: roles, passwords, deactivation and API tokens. The rules are the auth
service's, the same as behind the `flask planner` commands; each change holds from the
account's next request."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from planner.auth import service as accounts
from planner.auth.models import User, UserRole
from planner.web.access import admins_only
from planner.web.forms import ROLE_LABELS, AccountForm
from planner.web.refusals import pages_blueprint, saving

bp = pages_blueprint("admin", __name__, url_prefix="/admin")


class Action(NamedTuple):
    change: Callable[[User, AccountForm], object]
    done: Callable[[User], str]


# What each button of an account's row does, through the service, and what it then says.
ACTIONS = {
    "role": Action(
        lambda user, form: accounts.set_role(user, UserRole(form.role.data)),
        lambda user: _("%(email)s is now %(role)s.", email=user.email,
                       role=ROLE_LABELS[user.role]),
    ),
    "password": Action(
        lambda user, form: accounts.set_password(user, form.password.data or ""),
        lambda user: _("%(email)s has a new password; their sessions and API tokens ended.",
                       email=user.email),
    ),
    "deactivate": Action(
        lambda user, _form: accounts.deactivate_user(user),
        lambda user: _("%(email)s is deactivated; their sessions and API tokens ended.",
                       email=user.email),
    ),
    "reactivate": Action(
        lambda user, _form: accounts.reactivate_user(user),
        lambda user: _("%(email)s may sign in again.", email=user.email),
    ),
    "revoke": Action(
        lambda user, _form: accounts.revoke_tokens(user),
        lambda user: _("Every API token of %(email)s is revoked.", email=user.email),
    ),
}  # fmt: skip


def _form(user: User, sent: bool = False) -> AccountForm:
    """The row's form: as sent (a POST about this account), or fresh from the account."""
    prefix = f"account-{user.id}"
    if sent:
        return AccountForm(prefix=prefix)
    return AccountForm(formdata=None, prefix=prefix, role=user.role.value)


@bp.get("/users")
@admins_only
def users():
    return _page()


@bp.post("/users/<int:user_id>")
@admins_only
def change(user_id: int):
    """One change to one account; on a refusal the page again with the message in its row."""
    user = accounts.get_user(user_id)
    form = _form(user, sent=True)
    if not form.validate_on_submit():
        return _page(user_id, form, 422)
    action = ACTIONS[form.action.data]
    with saving(form) as save:
        action.change(user, form)
    if save.refusal is not None:
        return _page(user_id, form, save.refusal.status)
    flash(action.done(user))
    return redirect(url_for("admin.users"))


def _page(sent_for: int | None = None, sent: AccountForm | None = None, status: int = 200):
    listed = accounts.list_users()
    forms = {user.id: sent if user.id == sent_for else _form(user) for user in listed}
    return render_template("web/admin/users.html", users=listed, forms=forms), status
