"""How pages show a service's refusal: beside the form's fields, or as a page of its own, with
nothing written either way."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Blueprint, current_app, render_template
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import RequestEntityTooLarge

from planner.errors import Conflict, DomainError, NotFound
from planner.extensions import db
from planner.uploads.service import UPLOAD_LIMIT


def show_refusal(
    form: FlaskForm, error: DomainError, renames: Mapping[str, str] | None = None
) -> None:
    """A service's refusal beside the fields it names (``renames``: the service's field name
    where the form calls it otherwise), anything else above the form. Services word their
    refusals in the reader's language, so they are shown as given."""
    placed = False
    for name, messages in error.fields.items():
        field = form._fields.get((renames or {}).get(name, name))
        if field is not None:
            field.errors = [*field.errors, *messages]
            placed = True
    if not placed:
        form.form_errors.append(error.message)


@dataclass
class Saving:
    """What a ``saving`` block came to: the service's ``refusal``, or none (saved)."""

    refusal: DomainError | None = None

    @property
    def saved(self) -> bool:
        return self.refusal is None


@contextmanager
def saving(
    form: FlaskForm | None = None, renames: Mapping[str, str] | None = None
) -> Iterator[Saving]:
    """Commit what the block changes; when a service refuses, roll all of it back and show
    the refusal on ``form`` (if given; see ``show_refusal``). A version changed meanwhile
    (the ORM's version check at flush) is refused like a stale ``version`` from a service.

        with saving(form) as save:
            events.update_participant(participation, changes)
        if save.saved:
            return redirect(...)
    """
    outcome = Saving()
    try:
        yield outcome
        db.session.commit()
    except (DomainError, StaleDataError) as error:
        db.session.rollback()
        outcome.refusal = error if isinstance(error, DomainError) else _stale()
        if form is not None:
            show_refusal(form, outcome.refusal, renames)


Form = TypeVar("Form", bound=FlaskForm)


def received_upload(
    form_class: Callable[..., Form], field: str = "letter", limit_setting: str = UPLOAD_LIMIT
) -> tuple[Form, int | None]:
    """A form carrying a file, as sent: with None when it validates, else with the status to
    answer (422; 413 for a body over the upload limit ``limit_setting``, refused before it is
    read) and the message beside ``field``."""
    try:
        form = form_class()
        if form.validate_on_submit():
            return form, None
    except RequestEntityTooLarge:
        form = form_class(formdata=None)
        limit = current_app.config[limit_setting]
        form[field].errors = [_("the file is larger than %(n)d bytes", n=limit)]
        return form, 413
    return form, 422


def _stale() -> Conflict:
    message = _("a concurrent change got there first; reload and apply yours again")
    return Conflict(message, {"version": [message]})


def refusal_page(error: DomainError):
    """A refusal that no form shows (a meeting, seat or participant that does not exist, a
    pack asked for in a language it has not): its own page, with the refusal's status."""
    db.session.rollback()
    if isinstance(error, NotFound):
        return render_template("web/not_found.html"), 404
    return render_template("web/refused.html", message=error.message), error.status


def pages_blueprint(name: str, import_name: str, **options: Any) -> Blueprint:
    """A blueprint of pages: a refusal that escapes its views gets ``refusal_page``."""
    blueprint = Blueprint(name, import_name, **options)
    blueprint.register_error_handler(DomainError, refusal_page)
    return blueprint
