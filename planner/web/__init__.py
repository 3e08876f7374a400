"""Server-rendered pages (Jinja templates in planner/templates/), one blueprint per
area: the delegates' and organisers' own pages (`views`), the member directory and bodies
(`directory`), meetings and their timetable (`meetings`), participants and packs
(`participants`), the agenda (`agenda`), the minutes (`minutes`), credentials
(`credentials`), the check-in desk (`desk`), the quorum with its proxies and rolls
(`quorum`), votes and ballots (`votes`), and accounts for admins (`admin`)."""

from __future__ import annotations

from flask import Flask


def register_pages(app: Flask) -> None:
    from planner.web import (
        admin,
        agenda,
        credentials,
        desk,
        directory,
        documents,
        meetings,
        minutes,
        participants,
        quorum,
        register,
        sheets,
        travel,
        views,
        visas,
        votes,
    )
    from planner.web.access import can_change, is_admin
    from planner.web.labels import TEMPLATE_GLOBALS

    for module in (
        views,
        directory,
        meetings,
        participants,
        agenda,
        minutes,
        documents,
        credentials,
        desk,
        quorum,
        votes,
        register,
        travel,
        visas,
        sheets,
        admin,
    ):
        app.register_blueprint(module.bp)
    for function in (can_change, is_admin, *TEMPLATE_GLOBALS):
        app.add_template_global(function)
