"""The offline desk: an installable page that checks tickets in from the device's own copy of the event's list when
the network drops, and syncs its queue through the JSON API (/api/v1) with a device token."""
from portal.desk_app import views  # noqa: F401  (adds its views to bp)
from portal.desk_app.blueprint import bp

__all__ = ["bp"]
