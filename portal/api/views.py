"""The JSON API's routes."""
from flask import jsonify

from portal import clock, tally
from portal.api.blueprint import bp, device_event


@bp.get("/events/<slug>/counts")
def counts(slug):
    """The event's numbers, as on the dashboard's page for it."""
    event = device_event(slug)
    _rows, totals = tally.compute(tally.Scope(event.campaign_id, event_id=event.id), clock.now())
    people = totals.participants
    return jsonify(event=event.slug, registrations=totals.registrations, registered_attended=totals.registered_attended,
                   attendances=totals.attendances.total, headcounts=totals.headcounts.total,
                   participants={"total": people.total, "male": people.male, "female": people.female,
                                 "other": people.other, "unknown": people.unknown})
