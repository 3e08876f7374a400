"""Travel pages: the delegate's own form (arrival, departure, hotel, pick-up) through the
secret link of their invitation; for organisers and viewers the meeting's arrivals board and
its rooming lists, where organisers manage the hotel blocks."""

from __future__ import annotations

from datetime import datetime

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from wtforms.fields import SelectChoice

from planner.db import get_or_404, utcnow
from planner.errors import NotFound
from planner.events.models import Event, ParticipantStatus
from planner.events.queries import participation_for_rsvp
from planner.extensions import db
from planner.localtime import from_utc, to_utc
from planner.travel import queries, service
from planner.travel.models import Travel
from planner.web.access import organisers_only
from planner.web.refusals import pages_blueprint, saving
from planner.web.travel_forms import OTHER_HOTEL, HotelBlockForm, TravelForm, WindowForm

bp = pages_blueprint("travel_pages", __name__)

#: The service's field names where the delegate's form calls them otherwise.
_FORM_NAMES = {"arrival_at": "arrival_date", "departure_at": "departure_date",
               "hotel_block_id": "hotel"}  # fmt: skip


@bp.route("/rsvp/<token>/travel", methods=["GET", "POST"])
def own_travel(token: str):
    """A delegate's travel, through the secret link of their invitation (no account)."""
    try:
        participation = participation_for_rsvp(token)
    except NotFound:
        return render_template("web/rsvp_gone.html"), 404
    event = participation.event
    blocks = queries.hotel_blocks(event.id)
    travel = service.travel_of(participation)
    form = TravelForm(data=_form_data(travel, event.timezone) if travel else None)
    form.hotel.choices = [
        SelectChoice("", "—"),
        *(SelectChoice(str(block.id), block.name) for block in blocks),
        SelectChoice(OTHER_HOTEL, _("Another hotel")),
    ]
    declined = participation.status is ParticipantStatus.DECLINED
    is_open = service.delegate_may_change(participation, utcnow()) and not declined
    if is_open and form.validate_on_submit():
        with saving(form, _FORM_NAMES) as save:
            service.save_travel(participation, _travel_data(form, event.timezone))
        if save.saved:
            flash(_("Thank you: your travel details are saved."))
            return redirect(url_for("travel_pages.own_travel", token=token))
    return render_template(
        "web/travel/own.html",
        participation=participation,
        event=event,
        delegate=participation.delegate,
        form=form,
        blocks=blocks,
        open=is_open,
        declined=declined,
    ), 422 if form.errors else 409 if request.method == "POST" and not is_open else 200


def _form_data(travel: Travel, zone: str) -> dict:
    arrival, departure = from_utc(travel.arrival_at, zone), from_utc(travel.departure_at, zone)
    hotel = str(travel.hotel_block_id) if travel.hotel_block_id else ""
    return {
        "arrival_date": arrival.date() if arrival else None,
        "arrival_time": arrival.time() if arrival else None,
        "arrival_flight": travel.arrival_flight,
        "arrival_airport": travel.arrival_airport.value if travel.arrival_airport else "",
        "departure_date": departure.date() if departure else None,
        "departure_time": departure.time() if departure else None,
        "departure_flight": travel.departure_flight,
        "departure_airport": travel.departure_airport.value if travel.departure_airport else "",
        "hotel": OTHER_HOTEL if travel.other_hotel else hotel,
        "other_hotel": travel.other_hotel,
        "needs_pickup": travel.needs_pickup,
    }


def _travel_data(form: TravelForm, zone: str) -> dict:
    def moment(day, time) -> datetime | None:
        return to_utc(datetime.combine(day, time), zone) if day and time else None

    hotel = form.hotel.data
    return {
        "arrival_at": moment(form.arrival_date.data, form.arrival_time.data),
        "arrival_flight": form.arrival_flight.data,
        "arrival_airport": form.arrival_airport.data or None,
        "departure_at": moment(form.departure_date.data, form.departure_time.data),
        "departure_flight": form.departure_flight.data,
        "departure_airport": form.departure_airport.data or None,
        "hotel_block_id": int(hotel) if hotel not in ("", OTHER_HOTEL) else None,
        "other_hotel": form.other_hotel.data if hotel == OTHER_HOTEL else None,
        "needs_pickup": form.needs_pickup.data,
    }


@bp.get("/meetings/<int:event_id>/arrivals")
@login_required
def arrivals(event_id: int):
    """Arrivals by day and hour in the meeting's zone, and the pick-up runs."""
    event = get_or_404(Event, event_id, "meeting")
    form = WindowForm(request.args)
    valid = form.validate()  # a wrong window is reported; the default applies meanwhile
    window = form.window.data if valid and form.window.data else queries.DEFAULT_WINDOW_MINUTES
    board = queries.arrivals_board(event, window)
    return render_template(
        "web/travel/arrivals.html", event=event, board=board, form=form
    ), 200 if valid else 422


@bp.get("/meetings/<int:event_id>/rooming")
@login_required
def rooming(event_id: int):
    return _rooming_page(get_or_404(Event, event_id, "meeting"), HotelBlockForm(formdata=None))


def _rooming_page(event: Event, form: HotelBlockForm, status: int = 200):
    """The guests of each hotel block (and of the hotels delegates named); the blocks."""
    return render_template(
        "web/travel/rooming.html",
        event=event,
        lists=queries.rooming_lists(event),
        form=form,
    ), status


@bp.post("/meetings/<int:event_id>/hotels")
@organisers_only
def add_hotel(event_id: int):
    event = get_or_404(Event, event_id, "meeting")
    form = HotelBlockForm()
    status = 422
    if form.validate_on_submit():
        data = {name: value or None for name, value in form.data.items() if name != "csrf_token"}
        with saving(form) as save:
            service.add_hotel_block(event, data)
        if save.refusal is None:
            flash(_("The hotel block is added."))
            return redirect(url_for("travel_pages.rooming", event_id=event.id), code=303)
        status = save.refusal.status
    return _rooming_page(event, form, status)


@bp.post("/meetings/<int:event_id>/hotels/<int:hotel_id>/delete")
@organisers_only
def delete_hotel(event_id: int, hotel_id: int):
    """Refused, with the reason on a page of its own, while a delegate has chosen the hotel."""
    event = get_or_404(Event, event_id, "meeting")
    service.delete_hotel_block(service.hotel_block_of(event, hotel_id))
    db.session.commit()
    flash(_("The hotel block is deleted."))
    return redirect(url_for("travel_pages.rooming", event_id=event.id), code=303)
