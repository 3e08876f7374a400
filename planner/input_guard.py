"""What no route can use, refused for every route (API, pages, feeds) before any view runs."""

from __future__ import annotations

from flask import Flask, abort, request

from planner.api import PREFIX


def _refuse_nul() -> None:
    """A NUL in the path, the query string or a form field is never meaningful, and PostgreSQL
    refuses it in any statement: a lookup by token, slug or search text would fail with a
    500. One check here instead of one in every page or feed that looks a value up; the API
    checks its input against its schemas, which name the field at fault."""
    if request.path.startswith(PREFIX):
        return
    texts = [request.path]
    for source in (request.args, request.form):
        for name, values in source.lists():
            texts += [name, *values]
    if any("\x00" in text for text in texts):
        abort(400, description="NUL characters are not allowed in a request")


def init_input_guard(app: Flask) -> None:
    app.before_request(_refuse_nul)
