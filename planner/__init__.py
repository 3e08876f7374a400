"""Assembly Planner: governance meetings of a city network."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from flask_babel import get_locale, lazy_gettext
from werkzeug.middleware.proxy_fix import ProxyFix

from planner.caching import LruCache
from planner.config import Config, default_secret_key, engine_options, keep_files_private
from planner.i18n import forget_locale, remember_language, select_locale
from planner.storage import check_storage


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the application; the only place where the parts are wired together."""
    keep_files_private()
    app = Flask(__name__, instance_relative_config=False)
    app.config.from_object(Config())
    app.config.update(overrides or {})
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config)
    if app.config["PROXY_FIX_X_FOR"]:
        # Flask's documented way to wrap the WSGI app; its stubs call wsgi_app a method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=app.config["PROXY_FIX_X_FOR"]
        )
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = default_secret_key(app.config["INSTANCE_PATH"])
    if not app.config["PACK_STORAGE"]:
        app.config["PACK_STORAGE"] = str(Path(app.config["INSTANCE_PATH"]) / "packs")
    if not app.config["UPLOAD_STORAGE"]:
        app.config["UPLOAD_STORAGE"] = str(Path(app.config["INSTANCE_PATH"]) / "uploads")
    check_storage(app.config)  # a storage that cannot work stops the start, saying why

    from planner import models  # noqa: F401  (every table known to Alembic and relationships)
    from planner.caching import track_changes
    from planner.db import configure_connections
    from planner.extensions import babel, csrf, db, login_manager, migrate

    configure_connections()
    track_changes()
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).with_name("migrations")))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["get_locale"] = get_locale
    login_manager.init_app(app)
    login_manager.login_view = "web.login"
    login_manager.login_message = lazy_gettext("Please sign in to see this page.")

    from planner import notifications
    from planner.api import register_api
    from planner.auth.api import blp as auth_api
    from planner.auth.service import load_user
    from planner.calendars.api import blp as calendars_api
    from planner.calendars.service import component_cache
    from planner.calendars.store import rendering_version
    from planner.calendars.views import bp as calendars_feeds
    from planner.celery import init_celery
    from planner.cli import planner_cli
    from planner.documents.api import blp as documents_api
    from planner.documents.service import attach_to_calendars
    from planner.events.api import blp as events_api
    from planner.governance.agenda.api import blp as agenda_api
    from planner.governance.credentials.api import blp as credentials_api
    from planner.governance.credentials.service import listen_to_events as listen_to_removals
    from planner.governance.door.api import blp as door_api
    from planner.governance.minutes.api import blp as minutes_api
    from planner.governance.proxies.api import blp as proxies_api
    from planner.governance.quorum.api import blp as quorum_api
    from planner.governance.register.api import blp as decisions_api
    from planner.governance.rolls.api import blp as rolls_api
    from planner.governance.votes.api import blp as votes_api
    from planner.input_guard import init_input_guard
    from planner.logs import (
        carry_request_ids,
        configure_logging,
        init_request_ids,
        redact_request_logs,
    )
    from planner.members.api import blp as members_api
    from planner.notifications.api import blp as messages_api
    from planner.ops.views import bp as ops_views
    from planner.packs import reportlab_patch
    from planner.packs.api import blp as packs_api
    from planner.packs.reports.api import blp as reports_api
    from planner.sheets.api import blp as sheets_api
    from planner.travel.api import blp as travel_api
    from planner.visas.api import blp as visas_api
    from planner.web import register_pages
    from planner.web.security import init_security

    login_manager.user_loader(load_user)
    configure_logging(app.config["LOG_FORMAT"])
    init_request_ids(app)  # before anything that may log
    init_input_guard(app)  # first: before authentication or any view looks a value up
    api_blueprints = (
        auth_api,
        members_api,
        events_api,
        calendars_api,
        messages_api,
        packs_api,
        quorum_api,
        proxies_api,
        rolls_api,
        votes_api,
        door_api,
        credentials_api,
        agenda_api,
        reports_api,
        decisions_api,
        minutes_api,
        travel_api,
        visas_api,
        sheets_api,
        documents_api,
    )
    register_api(app, api_blueprints)
    register_pages(app)
    init_security(app)
    app.after_request(remember_language)
    app.teardown_request(forget_locale)
    app.register_blueprint(calendars_feeds)
    app.register_blueprint(ops_views)
    app.extensions["feed_cache"] = LruCache()
    app.extensions["vevent_cache"] = component_cache()
    rendering_version()  # reads the source once per process, before any feed waits on it
    app.cli.add_command(planner_cli)
    redact_request_logs(app.logger)
    carry_request_ids()
    notifications.init_app(app)
    listen_to_removals()  # a removed participant speaks for no one
    attach_to_calendars(app)  # invitations and feeds link the meeting's documents
    reportlab_patch.install()  # refuses to start on a ReportLab the patch was not checked on
    init_celery(app)
    return app
