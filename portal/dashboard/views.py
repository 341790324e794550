"""Dashboard views: the commune table (live, cheap when idle), the daily trend, the per-event screen."""
from flask import current_app, make_response, render_template, request
from flask_babel import get_locale
from flask_login import current_user

from portal import changes, charts, clock, tally
from portal.dashboard import bp
from portal.dashboard.query import Query, campaign_or_404, table
from portal.manage import managed_event
from portal.report import row_name

_rendered = {}


@bp.get("/")
def index():
    """The dashboard page."""
    campaign, query = campaign_or_404(), Query.from_args(request.args)
    today = clock.now().date()
    trend = tally.daily(tally.Scope(campaign.id, query.kind), clock.now(), campaign.starts_on,
                        min(max(today, campaign.starts_on), campaign.ends_on))
    return render_template("dashboard/index.html", campaign=campaign, query=query, trend=charts.columns(trend),
                           **_live(campaign, query))


@bp.get("/live")
def live():
    """The table and chart, only when something changed since the version the page has (else 204, no work)."""
    current = changes.version()
    if request.args.get("since") == str(current):
        return _unchanged(current)
    campaign, query = campaign_or_404(), Query.from_args(request.args)
    context = _live(campaign, query, current)
    # Dashboards polling the same numbers share one rendering too (per process, viewer scope and language).
    key = (id(current_app._get_current_object()), query, current_user.is_admin or current_user.commune_id,
           str(get_locale()), context["version"])
    body = _rendered.get(key)
    if body is None:
        if len(_rendered) > 256:
            _rendered.clear()
        body = _rendered[key] = render_template("dashboard/_live.html", campaign=campaign, query=query, **context)
    response = make_response(body)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/events/<slug>")
def event_screen(slug):
    """Big numbers for one event, to project: total, women, men."""
    event = managed_event(slug)
    return render_template("dashboard/event.html", event=event, **_event_numbers(event))


@bp.get("/events/<slug>/live")
def event_live(slug):
    """The event's numbers when they changed (204 otherwise)."""
    event = managed_event(slug)
    current = changes.version()
    if request.args.get("since") == str(current):
        return _unchanged(current)
    return render_template("dashboard/_event_numbers.html", event=event, **_event_numbers(event, current))


def _live(campaign, query, current=None):
    rows, totals, version = table(campaign, query, current)
    bars, height, top = charts.stacked([(row_name(r), r.participants.female, r.participants.male,
                                         r.participants.other_or_unknown) for r in rows])
    return {"rows": rows, "totals": totals, "bars": bars, "chart_height": height, "chart_top": top,
            "version": version, "row_name": row_name}


def _event_numbers(event, current=None):
    rows, totals = tally.compute(tally.Scope(event.campaign_id, event_id=event.id), clock.now())
    return {"numbers": totals.participants, "version": changes.version() if current is None else current}


def _unchanged(current):
    response = make_response("", 204)
    response.headers["ETag"] = f'"v{current}"'
    response.headers["Cache-Control"] = "no-cache"
    return response
