"""Which language a page speaks: the browser's choice among those the UI is translated into."""

from flask import current_app, has_request_context, request


def select_locale() -> str:
    """Outside a request (a worker's task), the default unless the caller forces one."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return languages[0]
    return request.accept_languages.best_match(languages) or languages[0]
