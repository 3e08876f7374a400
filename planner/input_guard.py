"""What no route can use, refused for every route (pages, feeds) before any view runs."""

from __future__ import annotations

from flask import Flask, abort, request

from planner.api import PREFIX


def _refuse_nul_in_url() -> None:
    """A NUL in a URL (path or query string) is never typed by anyone, and PostgreSQL refuses
    it in any statement: a lookup by token or slug, or a search, would fail with a 500. One
    check here instead of one in every page or feed that looks a value up. The API checks
    its input against its schemas, which name the field at fault; what is typed into a page's
    form goes through the services' rules and is refused beside its field."""
    if request.path.startswith(PREFIX):
        return
    texts = [request.path]
    for name, values in request.args.lists():
        texts += [name, *values]
    if any("\x00" in text for text in texts):
        abort(400, description="NUL characters are not allowed in a URL")


def init_input_guard(app: Flask) -> None:
    app.before_request(_refuse_nul_in_url)
