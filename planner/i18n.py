"""Which language a page speaks: the reader's choice (``?lang=``, then remembered in a cookie),
else the browser's, among those the UI is translated into."""

from flask import Response, current_app, has_request_context, request
from flask_babel import refresh

LANGUAGE_COOKIE = "lang"


def _chosen() -> str | None:
    languages = current_app.config["LANGUAGES"]
    for choice in (request.args.get("lang"), request.cookies.get(LANGUAGE_COOKIE)):
        if choice in languages:
            return choice
    return None


def select_locale() -> str:
    """Outside a request (a worker's task), the default unless the caller forces one."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return languages[0]
    return _chosen() or request.accept_languages.best_match(languages) or languages[0]


def language_for(code: str | None) -> str:
    """The language to write to someone in (e-mails, invitations): theirs where there is a
    catalogue for it, else the default."""
    languages = current_app.config["LANGUAGES"]
    if code is not None and code in languages:
        return code
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def remember_language(response: Response) -> Response:
    """A ``?lang=`` choice sticks for the following pages."""
    choice = request.args.get("lang")
    if (
        choice is not None
        and choice in current_app.config["LANGUAGES"]
        and choice != request.cookies.get(LANGUAGE_COOKIE)
    ):
        response.set_cookie(
            LANGUAGE_COOKIE, choice, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
        )
    return response


def forget_locale(_error: BaseException | None = None) -> None:
    """Flask-Babel keeps the locale on the app context, which may span requests (tests, CLI):
    each request picks its own."""
    refresh()
