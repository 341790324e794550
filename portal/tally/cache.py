"""Computed tables and rendered fragments, shared by dashboards polling the same numbers.

An item is served only while its stamp holds (same version, clock before the next event start), so what is served
always equals a fresh computation at that moment. Keys are tuples of tagged parts: no two viewers can collide
(in Python True == 1, so a bare `is_admin or commune_id` would make the admin and commune 1 one key).
"""
from flask import current_app

LIMIT = 256


def _items():
    return current_app.extensions.setdefault("tally_cache", {})


def remember(key, version, now, compute):
    """Return compute()'s (value, stamp) for key, reusing the last one while its stamp holds at version and now."""
    items = _items()
    hit = items.get(key)
    if hit is not None and hit[1].holds(version, now):
        return hit
    if len(items) >= LIMIT:
        items.clear()
    items[key] = result = compute()
    return result


def viewer_key(user):
    """Who is looking, as a cache key part: every admin sees the same; an organiser sees one commune."""
    return ("admin",) if user.is_admin else ("organiser", user.commune_id)
