"""PostgreSQL restarting or out of reach: readers of the API, the pages and the feeds get 503
("the database is unavailable; try again in a moment"), which clients and load balancers
retry, never a 500 that says the code is broken."""

from __future__ import annotations

from tests.conftest import make_app
from tests.support.api_helpers import assert_error
from tests.support.s3 import free_port

SAYS = "the database is unavailable; try again in a moment"


def test_a_database_out_of_reach_answers_503(tmp_path):
    nowhere = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/planner"
    client = make_app(nowhere, tmp_path).test_client()
    api = client.get("/api/v1/events", headers={"Authorization": "Bearer not-checked-yet"})
    assert assert_error(api, 503, "service_unavailable")["message"] == SAYS
    feed = client.get("/calendar/events/1.ics")
    sign_in = client.post("/login", data={"email": "a@b.example", "password": "x" * 12})
    for page in (feed, sign_in):
        assert page.status_code == 503, page.status_code
        assert SAYS in page.get_data(as_text=True)
