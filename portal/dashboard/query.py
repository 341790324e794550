"""What a dashboard request asks for: scope, view, sort; and the rows its viewer may see."""
from dataclasses import dataclass, replace
from datetime import date

from flask import abort
from flask_login import current_user

from portal import clock, params, tally
from portal.catalogue import campaigns
from portal.catalogue.closing import frozen_table
from portal.i18n import format_date
from portal.models import KINDS
from portal.tally import sources

SORTS = ("code", "name", "communication", "training", "participants", "male", "female", "other", "reach", "show_up")


@dataclass(frozen=True)
class Query:
    """Dashboard parameters, read from the query string with harmless defaults (campaign None: the current one)."""

    campaign: int | None = None
    by: str = "host"
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "code"
    desc: bool = False

    @classmethod
    def from_args(cls, args):
        """Parse request.args; unknown values fall back to the defaults."""
        chosen = args.get("campaign") or ""
        return cls(campaign=int(chosen) if chosen.isascii() and chosen.isdigit() and len(chosen) < 10 else None,
                   by=params.one_of(args.get("by"), ("host", "residence"), "host"),
                   kind=params.one_of(args.get("kind"), KINDS), date_from=params.day(args.get("from")),
                   date_to=params.day(args.get("to")), sort=params.one_of(args.get("sort"), SORTS, "code"),
                   desc=args.get("dir") == "desc")

    def args(self, **changes):
        """Query parameters reproducing this query (defaults left out)."""
        values = {"campaign": self.campaign, "by": self.by, "kind": self.kind, "from": self.date_from, "to": self.date_to, "sort": self.sort,
                  "dir": "desc" if self.desc else ""} | changes
        return params.query(values, {"by": "host", "sort": "code"})


def campaign_or_404(query):
    """Return (campaign, query): the campaign asked for, else the viewer's current one, and query naming it (so
    that every link and poll stays on it, even when another campaign becomes the current one). 404 for a campaign
    the viewer may not see (an organiser: one whose list does not hold their unit)."""
    if query.campaign is None:
        campaign = campaigns.current_for(current_user, clock.now().date())
    else:
        campaign = campaigns.visible(current_user, query.campaign)
    if campaign is None:
        abort(404)
    return campaign, replace(query, campaign=campaign.id)


def table(campaign, query, current=None):
    """Return (rows, totals, stamp): every commune for admins, their own commune's row for organisers (computed
    alone: its cost does not grow with the other communes).

    The numbers equal a fresh count at this moment; dashboards asking at the same stamp share one computation.
    """
    scope = tally.Scope(campaign.id, query.kind, query.date_from, query.date_to)
    unit = None if current_user.is_admin else current_user.commune_id
    (rows, totals), stamp = tally.table(scope, query.by, clock.now(), current, unit=unit)
    return _visible(rows, totals, query) + (stamp,)


def _visible(rows, totals, query):
    """(rows, totals) the signed-in user may see (an organiser: their commune's row, no totals), sorted."""
    if not current_user.is_admin:
        rows = [r for r in rows if r.key == current_user.commune.code]
        totals = None
    key = {"code": lambda r: r.key, "name": lambda r: r.name, "participants": lambda r: r.participants.total,
           "male": lambda r: r.participants.male, "female": lambda r: r.participants.female,
           "other": lambda r: r.participants.other_or_unknown, "reach": lambda r: r.reach,
           "show_up": lambda r: r.show_up or 0}.get(query.sort, lambda r: getattr(r, query.sort))
    return sorted(rows, key=key, reverse=query.desc), totals


def report_table(campaign, query):
    """Return (rows, totals, unit) for the report: the district's for admins; for an organiser their own commune's
    row, a totals row for it, and the commune as the reporting unit (None for the district). A closed campaign's
    whole-month report is the one frozen when it closed."""
    closing = campaign.closing if not (query.kind or query.date_from or query.date_to) else None
    if closing is not None:
        rows, totals = _visible(*frozen_table(closing, query.by), query)
    else:
        rows, totals, _stamp = table(campaign, query)
    if totals is not None:
        return rows, totals, None
    return rows, _sum(rows), current_user.commune


def _sum(rows):
    """A totals row over rows (each an exact count of its own, so their sums are exact too)."""
    totals = tally.Row(tally.TOTAL, "total")
    for r in rows:
        for name in ("training", "communication", "registrations", "registered_attended", "reach"):
            setattr(totals, name, getattr(totals, name) + getattr(r, name))
        totals.attendances += r.attendances
        totals.headcounts += r.headcounts
        totals.trained += r.trained
    return totals


def source_rows(campaign, query):
    """The table by source (portal.tally.sources) the signed-in user may see: every event's for admins, their own
    unit's events' for an organiser."""
    scope = tally.Scope(campaign.id, query.kind, query.date_from, query.date_to)
    return sources.by_source(scope, None if current_user.is_admin else current_user.commune_id)


def period(campaign, query):
    """The period a report covers, as dates people read."""
    start, end = query.date_from or campaign.starts_on, query.date_to or campaign.ends_on
    return f"{format_date(start, 'dd/MM/yyyy')} – {format_date(end, 'dd/MM/yyyy')}"
