"""Who may do what in the browser: organisers (and admins) change things, viewers read only,
and only admins manage accounts."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import render_template
from flask_login import current_user, login_required

from planner.auth.models import UserRole


def can_change() -> bool:
    return current_user.is_authenticated and current_user.role.can_write


def is_admin() -> bool:
    return current_user.is_authenticated and current_user.role is UserRole.ADMIN


def organisers_only(view: Callable) -> Callable:
    """A page or form that changes something: signed-in organisers only; a viewer gets a 403
    page that says why."""
    return _only_if(can_change, view)


def admins_only(view: Callable) -> Callable:
    """The pages that manage accounts: signed-in admins only; anyone else gets a 403 page."""
    return _only_if(is_admin, view, accounts=True)


def _only_if(allowed: Callable[[], bool], view: Callable, accounts: bool = False) -> Callable:
    @login_required
    @wraps(view)
    def guarded(*args, **kwargs):
        if not allowed():
            return render_template("web/forbidden.html", accounts=accounts), 403
        return view(*args, **kwargs)

    return guarded
