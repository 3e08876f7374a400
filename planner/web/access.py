"""Who may change things in the browser: organisers (and admins); viewers read only."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import render_template
from flask_login import current_user, login_required


def can_change() -> bool:
    return current_user.is_authenticated and current_user.role.can_write


def organisers_only(view: Callable) -> Callable:
    """A page or form that changes something: signed-in organisers only; a viewer gets a 403
    page that says why."""

    @login_required
    @wraps(view)
    def guarded(*args, **kwargs):
        if not can_change():
            return render_template("web/forbidden.html"), 403
        return view(*args, **kwargs)

    return guarded
