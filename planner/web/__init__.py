"""Server-rendered pages (Jinja templates in planner/templates/), one blueprint per
area: the delegates' and organisers' own pages (`views`), the member directory and bodies
(`directory`), meetings and their timetable (`meetings`), participants and packs
(`participants`), and accounts for admins (`admin`)."""

from __future__ import annotations

from flask import Flask


def register_pages(app: Flask) -> None:
    from planner.governance.proxies import views as proxy_pages
    from planner.governance.quorum import views as quorum_pages
    from planner.governance.rolls import views as roll_pages
    from planner.web import admin, credentials, directory, meetings, participants, views
    from planner.web.access import can_change, is_admin
    from planner.web.labels import TEMPLATE_GLOBALS

    pages = (views, directory, meetings, participants, credentials, admin, quorum_pages,
             proxy_pages, roll_pages)  # fmt: skip
    for module in pages:
        app.register_blueprint(module.bp)
    for function in (can_change, is_admin, *TEMPLATE_GLOBALS):
        app.add_template_global(function)
