"""Which language a page speaks: the browser's choice among those the UI is translated into."""

from flask import current_app, request


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    return request.accept_languages.best_match(languages) or languages[0]
