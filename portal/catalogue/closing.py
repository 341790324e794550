"""Closing a campaign once its report is final: the report is frozen (stored), and from then on served as stored;
nothing that would change its numbers is taken any more (each door asks `Campaign.is_closed`); the personal data of
a closed campaign is purged after the retention period (portal.catalogue.purging)."""
from dataclasses import asdict
from datetime import timedelta

from portal import tally
from portal.extensions import db
from portal.models import CampaignClosing
from portal.tally.counting import Row, Sexes

BY = ("host", "residence")


class AlreadyClosed(Exception):
    """The campaign was closed before: its report is frozen already."""


def close(campaign, user, now):
    """Close campaign: freeze its report (by host and by residence) as it stands at now. Only flushes."""
    if campaign.is_closed:
        raise AlreadyClosed(campaign.id)
    report = {}
    for by in BY:
        rows, totals = tally.compute(tally.Scope(campaign.id), now, by=by)
        report[by] = {"rows": [asdict(r) for r in rows], "totals": asdict(totals)}
    closing = CampaignClosing(campaign=campaign, closed_at=now, closed_by_id=getattr(user, "id", None),
                              report=report)
    db.session.add(closing)
    db.session.flush()
    return closing


def purge_due(closing, days):
    """When the personal data of a closed campaign is to be purged: days after its closing."""
    return closing.closed_at + timedelta(days=days)


def frozen_table(closing, by):
    """The frozen (rows, totals) of a closed campaign's report, tallied by host or by residence."""
    stored = closing.report[by]
    return [_row(r) for r in stored["rows"]], _row(stored["totals"])


def _row(data):
    """A tally Row from its stored dict."""
    sexes = {name: Sexes(**data[name]) for name in ("attendances", "headcounts", "trained")}
    return Row(**{**data, **sexes})
