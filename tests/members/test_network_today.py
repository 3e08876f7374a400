"""Which seats are current is reckoned on the secretariat's date (``PLANNER_TIMEZONE``), the
date on which an election confirmed there seats its winners; UTC's date lags Seoul's by nine
hours, and the new Executive Committee showed as upcoming until the morning."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from planner.auth.models import UserRole
from planner.extensions import db
from planner.members.models import Body, BodySeat, Membership, Organisation, SeatRole
from tests.support.pages import signed_in_client

# Always a day apart (UTC+14 and UTC-11): whatever the hour, one of them disagrees with UTC.
AHEAD, BEHIND = "Pacific/Kiritimati", "Pacific/Pago_Pago"


@pytest.mark.parametrize(("zone", "shown_as"), [(AHEAD, "term-current"), (BEHIND, "term-future")])
def test_a_seat_from_the_secretariats_today_is_current_there(app, monkeypatch, zone, shown_as):
    monkeypatch.setitem(app.config, "PLANNER_TIMEZONE", zone)
    organisation = Organisation(slug="seoul", name="Seoul Metropolitan Government",
                                country="KR", timezone="Asia/Seoul",
                                membership=Membership.FULL)  # fmt: skip
    body = Body(slug="executive-committee", name="Executive Committee")
    starts = datetime.now(ZoneInfo(AHEAD)).date()
    body.seats.append(
        BodySeat(organisation=organisation, role=SeatRole.PRESIDENT, term_start=starts)
    )
    db.session.add(body)
    db.session.commit()
    page = signed_in_client(app, UserRole.VIEWER).get("/bodies/executive-committee")
    html = page.get_data(as_text=True)
    table = html[html.index(f'seats cards-on-phone {shown_as}"') :]
    assert "Seoul Metropolitan Government" in table[: table.index("</table>")]
