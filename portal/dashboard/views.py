"""Dashboard views: the commune table (live, cheap when idle), the daily trend, the per-event screen."""
from flask import make_response, render_template, request
from flask_babel import get_locale
from flask_login import current_user

from portal import clock, tally
from portal.catalogue import campaigns
from portal.dashboard import charts
from portal.dashboard.blueprint import bp
from portal.dashboard.query import Query, campaign_or_404, table
from portal.extensions import db
from portal.manage.blueprint import managed_event
from portal.tally import cache, state
from portal.tally.report import row_name
from portal.web.htmx import is_partial, render


@bp.get("/")
def index():
    """The dashboard page."""
    campaign, query = campaign_or_404(Query.from_args(request.args))
    today = clock.now().date()
    trend = tally.daily(tally.Scope(campaign.id, query.kind), campaign.starts_on,
                        min(max(today, campaign.starts_on), campaign.ends_on))
    return render_template("dashboard/index.html", campaign=campaign, query=query, trend=charts.columns(trend),
                           choices=db.session.scalars(campaigns.visible_to(current_user)).all(),
                           **_live(campaign, query))


@bp.get("/live")
def live():
    """The table and chart, only when the numbers changed since the stamp the page has (else 204, no work)."""
    campaign, query = campaign_or_404(Query.from_args(request.args))
    current, now = state.version(campaign.id), clock.now()
    known = state.Stamp.parse(request.args.get("since"))
    if known is not None and known.holds(current, now):
        return _unchanged(known)

    def rendered():
        context = _live(campaign, query, current)
        html = render_template("dashboard/_live.html", campaign=campaign, query=query, **context)
        return html, context["stamp"]

    # Dashboards polling the same numbers share one rendering too (per viewer scope and language).
    body, _stamp = cache.remember(("live-html", query, cache.viewer_key(current_user), str(get_locale())),
                                  current, now, rendered)
    response = make_response(body)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/events/<slug>")
def event_screen(slug):
    """Big numbers for one event, to project: total, women, men; polled as #event-numbers (204 when unchanged)."""
    event = managed_event(slug)
    current, now = state.event_version(event.id), clock.now()  # its numbers move with its own cells only
    known = state.Stamp.parse(request.args.get("since"))
    if is_partial("event-numbers") and known is not None and known.holds(current, now):
        return _unchanged(known)
    return render("dashboard/event.html", "dashboard/_event_numbers.html", "event-numbers", event=event,
                  **_event_numbers(event, current))


def _live(campaign, query, current=None):
    rows, totals, stamp = table(campaign, query, current)
    bars, top = charts.stacked([(row_name(r), r.participants.female, r.participants.male,
                                 r.participants.other_or_unknown) for r in rows])
    return {"rows": rows, "totals": totals, "bars": bars, "chart_top": top,
            "version": stamp.token, "stamp": stamp, "row_name": row_name}


def _event_numbers(event, current=None):
    """The event's participants, stamped with its version (read now unless given): the clock alone never changes
    them (check-ins and headcounts count from the moment they are recorded)."""
    stamp = state.Stamp(state.event_version(event.id) if current is None else current)
    return {"numbers": tally.participants(event), "version": stamp.token}


def _unchanged(stamp):
    response = make_response("", 204)
    response.headers["ETag"] = f'"v{stamp.token}"'
    response.headers["Cache-Control"] = "no-cache"
    return response
