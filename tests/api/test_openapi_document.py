"""The OpenAPI document tells the truth: every status an operation can answer, which ones need
a token, the headers, what may be null and which bodies may be left out.

Schemathesis checks the running API against the document (tests/api/test_schemathesis.py); these
tests pin the rules the document is built by, and run in a fraction of a second."""

from __future__ import annotations

import re

import pytest

from planner.validation import MAX_INTEGER, MAX_YEAR, MIN_YEAR

WRITES = {"post", "put", "patch", "delete"}
PUBLIC_OPERATIONS = {
    ("post", "/api/v1/auth/token"),
    # A delegate's ballots, through their own secret link instead of a token.
    ("get", "/api/v1/ballots/{token}"),
    ("post", "/api/v1/ballots/{token}/{vote_id}"),
}
# Revoking one's own token: open to viewers, and nothing to conflict with.
OPEN_TO_VIEWERS = {("delete", "/api/v1/auth/token")}


@pytest.fixture
def document(anonymous_api) -> dict:
    return anonymous_api.get("/openapi.json").json


def _operations(document: dict):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method != "parameters":
                yield path, method, operation


def _body_schema(document: dict, operation: dict) -> dict:
    """The schema of the body: JSON, or multipart/form-data for an upload."""
    [content] = operation["requestBody"]["content"].values()
    reference = content["schema"]["$ref"]
    return document["components"]["schemas"][reference.rpartition("/")[2]]


def test_every_operation_lists_the_errors_it_can_answer(document):
    for path, method, operation in _operations(document):
        name = (method, path)
        statuses = set(operation["responses"])
        # "default" would make any status documented, so none could be found missing.
        assert "default" not in statuses, name
        if name in PUBLIC_OPERATIONS:
            assert operation["security"] == [], name
        else:
            assert "security" not in operation, name  # the document's: a bearer token
            assert "401" in statuses, name
        writes_data = method in WRITES and name not in PUBLIC_OPERATIONS | OPEN_TO_VIEWERS
        if writes_data:
            assert {"403", "409", "422"} <= statuses, name
        if "{" in path or (writes_data and "requestBody" in operation):
            assert "404" in statuses, name
        takes_query = any(p["in"] == "query" for p in operation.get("parameters", []))
        if "requestBody" in operation or takes_query:
            assert "422" in statuses, name
        if "requestBody" in operation:
            assert {"400", "413"} <= statuses, name
        for status in statuses - {"200", "201", "202", "204"}:
            error = operation["responses"][status]
            if "$ref" in error:
                error = document["components"]["responses"][error["$ref"].rpartition("/")[2]]
            schema = error["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Error"}, (name, status)
    token = document["paths"]["/api/v1/auth/token"]["post"]["responses"]
    assert {"401", "429"} <= set(token)
    assert "Retry-After" in token["429"]["headers"]


def test_the_error_shape_is_required_as_sent(document):
    schemas = document["components"]["schemas"]
    assert schemas["Error"]["required"] == ["error"]
    assert set(schemas["ErrorDetail"]["required"]) == {"code", "message", "fields"}


def test_405_under_the_api_says_which_methods_are_allowed(anonymous_api, api):
    for client in (anonymous_api, api):
        response = client.request("TRACE", "/events")
        assert response.status_code == 405
        assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
        assert response.json["error"]["code"] == "method_not_allowed"


def test_an_id_beyond_the_documented_maximum_is_not_found_whatever_the_method(api, document):
    parameter = document["paths"]["/api/v1/delegates/{delegate_id}"]["parameters"][0]
    assert (parameter["schema"]["minimum"], parameter["schema"]["maximum"]) == (0, MAX_INTEGER)
    for method in ("GET", "PATCH", "DELETE"):
        response = api.request(method, f"/delegates/{MAX_INTEGER + 1}", json={})
        assert response.status_code == 404, method


def test_if_match_and_etag_are_documented(document):
    event = document["paths"]["/api/v1/events/{event_id}"]
    if_match = [p for p in event["patch"]["parameters"] if p["in"] == "header"]
    assert [p["name"] for p in if_match] == ["If-Match"]
    assert re.fullmatch(if_match[0]["schema"]["pattern"], '"3"')
    assert re.fullmatch(if_match[0]["schema"]["pattern"], "*")
    assert not re.search(if_match[0]["schema"]["pattern"], '"²"')
    for method in ("get", "patch"):
        assert "ETag" in event[method]["responses"]["200"]["headers"], method


def test_secret_links_are_documented_as_nullable_strings(document):
    schemas = document["components"]["schemas"]
    for schema, name in (("Participant", "rsvp_url"), ("Delegate", "calendar_url")):
        link = schemas[schema]["properties"][name]
        assert (link["type"], link["nullable"]) == ("string", True), (schema, name)


def test_a_body_is_required_exactly_when_its_schema_requires_a_field(document):
    for path, method, operation in _operations(document):
        if "requestBody" in operation:
            required = bool(_body_schema(document, operation).get("required"))
            assert operation["requestBody"].get("required", False) == required, (method, path)


def test_a_patch_without_a_body_changes_nothing(api, event):
    response = api.patch(f"/events/{event['id']}")  # no body at all
    assert response.status_code == 200
    assert response.json["version"] == event["version"]


def _nulls(value, path=()):
    """Where a JSON value holds null: tuples of keys (list positions left out)."""
    if value is None:
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _nulls(item, (*path, key))
    elif isinstance(value, list):
        for item in value:
            yield from _nulls(item, path)


def _documented_nullable(document: dict, schema: dict, path: tuple) -> bool:
    for key in path:
        if "$ref" in schema:
            schema = document["components"]["schemas"][schema["$ref"].rpartition("/")[2]]
        if schema.get("type") == "array":
            schema = schema["items"]
            if "$ref" in schema:
                schema = document["components"]["schemas"][schema["$ref"].rpartition("/")[2]]
        schema = schema["properties"][key]
    return schema.get("nullable", False)


def test_every_null_an_answer_holds_is_documented_as_nullable(
    document, api, viewer_api, event, delegate
):
    api.post(
        f"/events/{event['id']}/participants", {"delegate_id": delegate["id"], "role": "guest"}
    )
    reads = {
        "/events/{event_id}/participants": f"/events/{event['id']}/participants",
        "/events/{event_id}": f"/events/{event['id']}",
        "/delegates/{delegate_id}": f"/delegates/{delegate['id']}",
        "/delegates": "/delegates",
        "/venues": "/venues",
        "/organisations": "/organisations",
    }
    for client in (api, viewer_api):  # viewers get null for secret links
        for documented, url in reads.items():
            answer = client.get(url).json
            operation = document["paths"]["/api/v1" + documented]["get"]
            schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
            for path in _nulls(answer):
                assert _documented_nullable(document, schema, path), (documented, path)


def test_documented_date_times_keep_to_the_years_the_api_accepts(document):
    pattern = document["components"]["schemas"]["Event"]["properties"]["starts_at"]["pattern"]
    assert re.match(pattern, f"{MIN_YEAR}-01-01T00:00:00Z")
    assert re.match(pattern, f"{MAX_YEAR}-12-31T00:00:00Z")
    assert not re.match(pattern, f"{MIN_YEAR - 1}-12-31T00:00:00Z")
    assert not re.match(pattern, f"{MAX_YEAR + 1}-01-01T00:00:00Z")


class _AnyOtherId(dict):
    """An id the test made nothing for (a roll, a proxy) stands for a row that is not there."""

    def __missing__(self, key: str) -> str:
        if key.endswith("_id"):
            return "999999"
        raise KeyError(key)


def test_every_read_answers_a_viewer_and_an_organiser_with_a_documented_status(
    document, api, viewer_api, event, delegate
):
    """Schemathesis signs in as an organiser; what a read-only account is refused must be in
    the document too."""
    participant = api.post(
        f"/events/{event['id']}/participants", {"delegate_id": delegate["id"], "role": "guest"}
    ).json
    session = api.post(
        f"/events/{event['id']}/sessions",
        {"title": "Opening", "kind": "plenary", "starts_at": event["starts_at"],
         "ends_at": event["ends_at"]},
    ).json  # fmt: skip
    values = {
        "event_id": event["id"],
        "participant_id": participant["id"],
        "session_id": session["id"],
        "delegate_id": delegate["id"],
        "organisation_id": delegate["organisation_id"],
        "venue_id": event["venue_id"],
        "slug": "general-assembly",
        "credential_id": 999999,
        "job_id": "0" * 32,
        "name": "packs.zip",
        "token": "not-a-secret-link",
    }
    for path, method, operation in _operations(document):
        if method != "get":
            continue
        url = path.removeprefix("/api/v1").format_map(_AnyOtherId(values))
        for client in (api, viewer_api):
            status = str(client.get(url).status_code)
            assert status in operation["responses"], (path, client is viewer_api, status)
