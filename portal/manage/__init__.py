"""Organisers' area: their events, the check-in desk, posters, headcounts; admins also manage accounts."""
from portal.manage import (  # noqa: F401  (each module adds its views to bp)
    audit,
    campaigns,
    closing,
    desk,
    events,
    headcounts,
    posters,
    requests,
    succession,
    tickets,
    units,
    users,
)
from portal.manage.blueprint import bp

__all__ = ["bp"]
