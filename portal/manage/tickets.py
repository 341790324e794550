"""The printable sheet of an event's tickets for its organisers: those ticked on the people list, or all."""
from flask import request, url_for

from portal.checkin import people
from portal.manage.blueprint import bp, managed_event
from portal.tickets.sheet import sheet
from portal.web.audit import record


@bp.get("/events/<slug>/tickets")
def ticket_sheet(slug):
    """The A4 sheet of the confirmed tickets chosen (?r=<registration id>, repeated; every one when none is)."""
    event = managed_event(slug)
    chosen = {int(v) for v in request.args.getlist("r") if v.isascii() and v.isdigit() and len(v) < 10}
    record("ticket_sheet_printed", slug)
    return sheet(event, people.confirmed(event, chosen), back=url_for("manage.detail", slug=slug))
