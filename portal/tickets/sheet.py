"""The printable sheet of tickets: cards of eight to an A4 page, each with the QR of the ticket's own address, so
the desk checks a cut-out card in like the ticket on a phone."""
from dataclasses import dataclass

from flask import make_response, render_template, url_for

from portal import qr
from portal.models import Registration
from portal.tokens import format_short_code
from portal.web.security import private

PER_PAGE = 8  # two columns of four rows


@dataclass(frozen=True)
class Card:
    """One ticket on the sheet: whose, its short code as read aloud, its QR."""

    registration: Registration
    short_code: str
    qr_svg: str


def sheet(event, registrations, back):
    """The sheet of the registrations' tickets for event (back: the page to return to), never kept by a browser."""
    cards = [Card(r, format_short_code(r.short_code), qr.svg(url_for("tickets.show", token=r.token, _external=True)))
             for r in registrations]
    pages = [cards[start:start + PER_PAGE] for start in range(0, len(cards), PER_PAGE)]
    return private(make_response(render_template("tickets/sheet.html", event=event, pages=pages, count=len(cards),
                                                 back=back)))
