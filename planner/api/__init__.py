"""The JSON API under /api/v1: one flask-smorest Api, error shape, authentication."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

import flask_smorest
import marshmallow as ma
from apispec import BasePlugin
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask import Flask, Response, current_app, g, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Api
from sqlalchemy.exc import DisconnectionError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from webargs.flaskparser import FlaskParser
from webargs.multidictproxy import MultiDictProxy
from werkzeug.datastructures import CombinedMultiDict
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import IntegerConverter, Rule

from planner.auth.service import Principal, principal_for_token
from planner.caching import LruCache, current_data_version
from planner.db import utcnow
from planner.errors import Conflict, DomainError, Unavailable
from planner.extensions import csrf, db
from planner.validation import MAX_INTEGER

PREFIX = "/api/v1"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SAFE_METHODS = frozenset({"GET", "HEAD"})
# A session's principal has no expiry of its own: Flask-Login ends the session.
SESSION_EXPIRY = datetime.max.replace(tzinfo=UTC)

_ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    410: "gone",
    412: "precondition_failed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "too_many_requests",
    500: "internal_error",
    503: "service_unavailable",
}


def error_response(status: int, message: str, fields: dict | None = None, code: str | None = None):
    body = {
        "error": {
            "code": code or _ERROR_CODES.get(status, "error"),
            "message": message,
            "fields": fields or {},
        }
    }
    return jsonify(body), status


class ErrorDetailSchema(ma.Schema):
    code = ma.fields.String(
        required=True, metadata={"description": "machine-readable, e.g. validation_error"}
    )
    message = ma.fields.String(required=True)
    # Not an attribute named "fields": that is the Schema's own table of its fields.
    fields_ = ma.fields.Dict(
        data_key="fields",
        required=True,
        metadata={"description": "messages by input field name"},
    )


class ErrorSchema(ma.Schema):
    """What every error answers; documented in the OpenAPI instead of flask-smorest's own."""

    error = ma.fields.Nested(ErrorDetailSchema, required=True)


#: When each error that any operation may answer comes, as the document tells clients.
ERROR_DESCRIPTIONS = {
    400: "the body is not valid JSON",
    401: "no valid bearer token",
    403: "a read-only account: this operation changes something, or answers with a delegate's "
    "secret link or check-in code",
    404: "nothing with this id (or slug) exists",
    409: "the change contradicts what is stored (a duplicate, a stale version, rows still in "
    "use) or a concurrent change got there first",
    413: "the body is larger than the server accepts",
    422: "input that breaks a rule; error.fields names the fields",
}


class ErrorResponses(BasePlugin):
    """Documents, for every operation, the errors it can answer, from what the operation is:
    401 unless public, 403 and 409 for writes, 404 when its path or a written body names
    something, 422 when it takes input or writes, 400 and 413 when it takes a body; public
    ones need no token, and a body is required only when its schema requires a field.

    Errors of one operation only (a 429, a 503) stay beside it as ``alt_response``s.
    """

    def __init__(self) -> None:
        self.view_functions: dict[str, Callable] = {}

    def init_spec(self, spec) -> None:
        self.spec = spec
        for status, description in ERROR_DESCRIPTIONS.items():
            content = {"application/json": {"schema": ErrorSchema}}
            spec.components.response(
                _error_component(status),
                {"description": description, "content": content},
                lazy=True,
            )

    def operation_helper(
        self, path: str | None = None, operations: dict | None = None, **kwargs: Any
    ) -> None:
        rule: Rule = kwargs["rule"]  # flask-smorest's FlaskPlugin passes the route's rule
        view = self.view_functions[rule.endpoint]
        is_public = getattr(view, "is_public", False)
        for method, operation in (operations or {}).items():
            responses = operation.setdefault("responses", {})
            documented = {int(status) for status in responses}
            for status in _errors_of(view, method.upper(), rule, operation) - documented:
                responses[status] = _error_component(status)
            for status, response in responses.items():
                if isinstance(response, dict):
                    if int(status) >= 400:
                        response.setdefault("content", {"application/json": {"schema": _ERROR_REF}})
                elif int(status) in ERROR_DESCRIPTIONS:
                    # flask-smorest's own reference (its 422 for arguments): ours says when.
                    responses[status] = _error_component(int(status))
            if is_public:
                operation["security"] = []
            body = operation.get("requestBody")
            if body is not None:
                # An absent body reads as {}: needed only when the schema requires a field.
                # (JSON, or multipart/form-data for an upload.)
                [content] = body["content"].values()
                name = content["schema"]["$ref"].rpartition("/")[2]
                body["required"] = bool(self.spec.components.schemas[name].get("required"))


_ERROR_REF = {"$ref": "#/components/schemas/Error"}


def _error_component(status: int) -> str:
    return f"Error{status}"


def _errors_of(view: Callable, method: str, rule: Rule, operation: dict) -> set[int]:
    takes_body = "requestBody" in operation
    takes_query = any(p.get("in") == "query" for p in operation.get("parameters", []))
    writes = method in WRITE_METHODS and not getattr(view, "open_to_viewers", False)
    errors = set()
    if not getattr(view, "is_public", False):
        errors.add(401)
        if getattr(view, "carries_secrets", False):
            errors.add(403)
        if writes:
            errors |= {403, 409, 422}
            if takes_body:
                errors.add(404)  # an id in the body (organisation_id...) that names nothing
    if rule.arguments:
        errors.add(404)
    if takes_body or takes_query:
        errors.add(422)
    if takes_body:
        errors |= {400, 413}
    return errors


class PlannerApi(Api):
    """flask-smorest's Api, answering errors as ``{"error": {"code", "message", "fields"}}``
    and documenting each operation's errors (``ErrorResponses``) instead of a ``default``
    that would make every status look documented."""

    ERROR_SCHEMA = ErrorSchema
    DEFAULT_ERROR_RESPONSE_NAME = None

    def __init__(self, *, spec_kwargs: dict[str, Any]) -> None:
        self.error_responses = ErrorResponses()
        extra_plugins = [*spec_kwargs.pop("extra_plugins", ()), self.error_responses]
        super().__init__(spec_kwargs={**spec_kwargs, "extra_plugins": extra_plugins})

    def init_app(self, app: Flask, **kwargs: Any) -> None:
        self.error_responses.view_functions = app.view_functions
        super().init_app(app, **kwargs)

    def handle_http_exception(self, error: HTTPException):
        if not request.path.startswith(PREFIX):
            return error  # the web UI keeps Flask's own error pages
        data = getattr(error, "data", None) or {}
        messages = data.get("errors") or data.get("messages") or {}
        # webargs nests errors by location ({"json": {...}}): clients want the field names.
        fields: dict[str, Any] = {}
        for location_errors in messages.values():
            if isinstance(location_errors, dict):
                fields.update(location_errors)
            else:
                fields.setdefault("_body", []).extend(location_errors)
        if error.code == 400 and "_body" in fields:
            message = "the request body is not valid JSON"
        elif fields:
            message = "invalid input: " + ", ".join(sorted(fields))
        else:
            message = data.get("message") or error.description or error.name
        response, status = error_response(error.code or 500, message, fields)
        # Werkzeug's own headers of the error: Allow on a 405, as RFC 9110 wants.
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        response.headers.update(data.get("headers") or {})
        return response, status


class _Parser(FlaskParser):
    """webargs' parser, answering 400 "invalid JSON" to JSON that the standard library cannot
    turn into Python: nested deeper than the interpreter recurses, or a number of more digits
    than ``int()`` converts (both raise, but not the JSONDecodeError webargs expects).

    Its ``multipart`` location reads a file and the fields sent beside it as one schema (an
    upload with its title and language), documented as one multipart/form-data body."""

    __location_map__ = dict(multipart="load_multipart", **FlaskParser.__location_map__)

    def load_multipart(self, req, schema):
        return MultiDictProxy(CombinedMultiDict([req.form, req.files]), schema)

    def _raw_load_json(self, req):
        try:
            return super()._raw_load_json(req)
        except json.JSONDecodeError:
            raise
        except (RecursionError, ValueError) as error:
            raise json.JSONDecodeError(str(error) or "nested too deeply", "…", 0) from None


class Blueprint(flask_smorest.Blueprint):
    """Every API blueprint: flask-smorest's, with the parser above."""

    ARGUMENTS_PARSER = _Parser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {
        **flask_smorest.Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        "multipart": "multipart/form-data",
    }


def _schema_name(schema: ma.Schema | type[ma.Schema]) -> str:
    """OpenAPI component names: ``Event``, and ``EventPatch`` for the partial form PATCH takes."""
    cls = resolve_schema_cls(schema)
    # A list comes back only for a list of schema names, which this API never passes.
    assert isinstance(cls, type)
    name = cls.__name__.removesuffix("Schema")
    if isinstance(schema, ma.Schema) and (schema.partial or schema.exclude):
        name += "Patch"
    return name


api = PlannerApi(
    spec_kwargs={"marshmallow_plugin": MarshmallowPlugin(schema_name_resolver=_schema_name)}
)


def public(view: Callable) -> Callable:
    """Mark an API view as reachable without a bearer token."""
    view.is_public = True  # type: ignore[attr-defined]
    return view


def open_to_viewers(view: Callable) -> Callable:
    """Mark a writing API view that a read-only account may still call (revoking its own
    token: a viewer must be able to give up its access)."""
    view.open_to_viewers = True  # type: ignore[attr-defined]
    return view


def carries_secrets(view: Callable) -> Callable:
    """Mark a reading API view whose whole answer is a delegate's secret (an RSVP link, a
    check-in code): organisers only. Holding one lets a reader act for the delegate, so a
    read-only account must not get it."""
    view.carries_secrets = True  # type: ignore[attr-defined]
    return view


def uncached(view: Callable) -> Callable:
    """Mark a GET whose answer changes without a data-version bump (a job's progress): it is
    always rendered afresh, never from the per-version response cache."""
    view.uncached = True  # type: ignore[attr-defined]
    return view


def shows_secrets() -> bool:
    """Whether this API request may see secret links (feed, RSVP): organisers, not viewers.

    An RSVP link lets its holder answer for the delegate, so showing it to a read-only
    account would let that account write. A view that reads such links chooses its schema
    by this: the documented one, or its ``secrets_hidden`` twin through ``dumped``.
    """
    principal = g.get("api_user")
    return principal is not None and principal.role.can_write


def acting_user_id() -> int | None:
    """The account this API request acts for (written down as who froze a roll, decided...)."""
    principal = g.get("api_user")
    return principal.user_id if principal is not None else None


def dumped(data: Any, schema: type[ma.Schema]) -> Response:
    """``data`` as ``schema`` dumps it, instead of the schema the view documents."""
    return jsonify(schema().dump(data))


class _IdConverter(IntegerConverter):
    """``<int:...>`` up to what an id column holds: a larger number is a 404 instead of an
    overflow in the database driver. Refused with NotFound itself: after a converter's
    ValidationError, Werkzeug's matcher answers other methods of the same path with a 405."""

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        if number > MAX_INTEGER:
            raise NotFound()
        return number


def _id_parameter_schema(_converter: _IdConverter) -> dict[str, Any]:
    return {"type": "integer", "minimum": 0, "maximum": MAX_INTEGER}


def _authenticate():
    """Every /api/v1 request needs an organiser token; viewers may only read. A GET or HEAD
    may instead come from a signed-in browser (a web page polling a job, a pack link)."""
    if not request.path.startswith(PREFIX):
        return None
    view = current_app.view_functions.get(request.endpoint or "")
    if view is None or getattr(view, "is_public", False) or request.path.endswith("openapi.json"):
        return None
    authorization = request.headers.get("Authorization", "")
    scheme, _, token = authorization.partition(" ")
    principal = _principal(token.strip()) if scheme.lower() == "bearer" and token else None
    if principal is None and not authorization and request.method in SAFE_METHODS:
        principal = _session_principal()
    if principal is None:
        response, status = error_response(401, "a valid bearer token is required")
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
        return response, status
    writes = request.method in WRITE_METHODS and not getattr(view, "open_to_viewers", False)
    if writes and not principal.role.can_write:
        return error_response(403, "this account may read but not change anything")
    if getattr(view, "carries_secrets", False) and not principal.role.can_write:
        return error_response(
            403, "this answer carries a delegate's secret link or check-in code: organisers only"
        )
    g.api_user = principal
    return None


def _session_principal() -> Principal | None:
    """The account signed in to the web pages. Safe methods only: a cookie rides along on
    cross-site requests too, and the API's writes carry no CSRF token."""
    if not current_user.is_authenticated or not current_user.is_active:
        return None
    return Principal(current_user.id, current_user.email, current_user.role, SESSION_EXPIRY)


def _principal(token: str) -> Principal | None:
    """The token's holder. A read remembers it until the data version changes (as any
    revocation, role change or deactivation does) or the token expires; a write looks it up
    afresh, one statement in the write's own transaction, where the version would cost one
    more statement on a second connection (and every write renews it anyway)."""
    version = _data_version() if request.method in SAFE_METHODS else None
    cache = current_app.extensions["api_token_cache"]
    principal = cache.get((token, version)) if version else None
    if principal is None:
        principal = principal_for_token(token)
        if principal is not None and version:
            cache.put((token, version), principal)
    if principal is not None and principal.expires_at <= utcnow():
        return None
    return principal


def _data_version() -> str | None:
    if "data_version" not in g:
        g.data_version = current_data_version()
    return g.data_version


def _serve_from_cache():
    """Answer a repeated GET from what was rendered under the same data version."""
    if request.method not in ("GET", "HEAD") or not request.path.startswith(PREFIX):
        return None
    if getattr(current_app.view_functions.get(request.endpoint or ""), "uncached", False):
        return None
    version = _data_version()
    if version is None:
        return None
    # The role is part of the key: organisers see secret links that viewers must not.
    principal = g.get("api_user")
    g.cache_key = (request.full_path, version, principal.role if principal else None)
    cached = current_app.extensions["api_response_cache"].get(g.cache_key)
    if cached is None:
        return None
    body, headers = cached
    return current_app.response_class(body, 200, headers)


def _store_in_cache(response):
    key = g.pop("cache_key", None)
    # JSON only: PDFs and files are large, and each would crowd out many small answers.
    if (
        key is not None
        and response.status_code == 200
        and not response.is_streamed
        and response.mimetype == "application/json"
    ):
        current_app.extensions["api_response_cache"].put(
            key, (response.get_data(), list(response.headers))
        )
    return response


def _forget_request_state(_error: BaseException | None = None) -> None:
    """``g`` lives as long as the app context, which may span requests (tests, CLI)."""
    for name in ("data_version", "cache_key", "api_user"):
        g.pop(name, None)


def _domain_error(error: DomainError):
    db.session.rollback()
    if request.path.startswith(PREFIX):
        return error_response(error.status, error.message, error.fields, error.code)
    return error.message, error.status


def _lost_race(_error: Exception):
    """A writer that passed every check but lost to a concurrent one at commit time: the
    database's unique constraint or the event's version column decided."""
    return _domain_error(
        Conflict(_("a concurrent change got there first; reload and apply yours again"))
    )


def _database_down(_error: Exception):
    """PostgreSQL restarting or out of reach: a moment's unavailability that clients and
    load balancers retry (503), not a broken page (500)."""
    return _domain_error(Unavailable(_("the database is unavailable; try again in a moment")))


def register_api(app: Flask, blueprints: Iterable[flask_smorest.Blueprint]) -> None:
    """The API under PREFIX with the domains' ``blueprints`` (create_app names them: this
    package knows no domain)."""
    app.url_map.converters["int"] = _IdConverter  # before any route is added
    api.init_app(app)
    api.register_converter(_IdConverter, _id_parameter_schema)
    for blueprint in blueprints:
        api.register_blueprint(blueprint, url_prefix=PREFIX)
        csrf.exempt(blueprint)  # bearer tokens, not cookies: no cross-site forgery to fear
    app.extensions["api_response_cache"] = LruCache()
    app.extensions["api_token_cache"] = LruCache()
    app.before_request(_authenticate)
    app.before_request(_serve_from_cache)
    app.after_request(_store_in_cache)
    app.teardown_request(_forget_request_state)
    app.register_error_handler(DomainError, _domain_error)
    app.register_error_handler(IntegrityError, _lost_race)
    app.register_error_handler(StaleDataError, _lost_race)
    app.register_error_handler(OperationalError, _database_down)
    app.register_error_handler(DisconnectionError, _database_down)
