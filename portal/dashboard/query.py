"""What a dashboard request asks for: scope, view, sort; and the rows its viewer may see."""
import time
from dataclasses import dataclass
from datetime import date

from flask import abort, current_app
from flask_login import current_user

from portal import changes, clock, tally
from portal.catalogue import current_campaign
from portal.i18n import format_date

SORTS = ("code", "name", "communication", "training", "participants", "male", "female", "other", "reach", "show_up")


@dataclass(frozen=True)
class Query:
    """Dashboard parameters, read from the query string with harmless defaults."""

    by: str = "host"
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "code"
    desc: bool = False

    @classmethod
    def from_args(cls, args):
        """Parse request.args; unknown values fall back to the defaults."""
        def day(name):
            try:
                return date.fromisoformat(args.get(name, ""))
            except ValueError:
                return None
        return cls(by="residence" if args.get("by") == "residence" else "host",
                   kind=args.get("kind") if args.get("kind") in ("training", "communication") else "",
                   date_from=day("from"), date_to=day("to"),
                   sort=args.get("sort") if args.get("sort") in SORTS else "code", desc=args.get("dir") == "desc")

    def args(self, **changes):
        """Query parameters reproducing this query (defaults left out)."""
        values = {"by": self.by, "kind": self.kind, "from": self.date_from.isoformat() if self.date_from else "",
                  "to": self.date_to.isoformat() if self.date_to else "", "sort": self.sort,
                  "dir": "desc" if self.desc else ""} | changes
        return {k: v for k, v in values.items() if v and (k, v) not in (("by", "host"), ("sort", "code"))}


def campaign_or_404():
    """The campaign the dashboard shows."""
    return current_campaign(clock.now().date()) or abort(404)


def table(campaign, query, version=None):
    """Return (rows, totals, version): every commune for admins, their own commune's row for organisers.

    The tally is computed at most once per TALLY_CACHE_SECONDS per process and query: twenty dashboards polling
    during a crowd of check-ins share one computation; version is the one the numbers are known to include.
    """
    scope = tally.Scope(campaign.id, query.kind, query.date_from, query.date_to)
    (rows, totals), version = _computed(scope, query.by, changes.version() if version is None else version)
    if not current_user.is_admin:
        rows = [r for r in rows if r.key == current_user.commune.code]
        totals = None
    key = {"code": lambda r: r.key, "name": lambda r: r.name, "participants": lambda r: r.participants.total,
           "male": lambda r: r.participants.male, "female": lambda r: r.participants.female,
           "other": lambda r: r.participants.other_or_unknown, "reach": lambda r: r.reach,
           "show_up": lambda r: r.show_up or 0}.get(query.sort, lambda r: getattr(r, query.sort))
    return sorted(rows, key=key, reverse=query.desc), totals, version


_cache = {}


def _computed(scope, by, version):
    key = (id(current_app._get_current_object()), scope, by)
    moment = time.monotonic()
    hit = _cache.get(key)
    if hit and (hit[2] == version or moment - hit[0] < current_app.config["TALLY_CACHE_SECONDS"]):
        return hit[1], hit[2]
    if len(_cache) > 256:
        _cache.clear()
    result = tally.compute(scope, clock.now(), by=by)
    _cache[key] = (moment, result, version)
    return result, version


def period(campaign, query):
    """The period a report covers, as dates people read."""
    start, end = query.date_from or campaign.starts_on, query.date_to or campaign.ends_on
    return f"{format_date(start, 'dd/MM/yyyy')} – {format_date(end, 'dd/MM/yyyy')}"
