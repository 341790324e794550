"""Organisers' area: their events, the check-in desk, posters, headcounts; admins also manage accounts."""
from portal.manage import audit, desk, events, headcounts, posters, requests, users  # noqa: F401  (each module adds its views to bp)
from portal.manage.blueprint import bp

__all__ = ["bp"]
