"""The offline desk: an installable page that checks tickets in from the device's own copy of the event's list when
the network drops, and syncs its queue through the JSON API (/api/v1) with a device token."""
from portal.desk_app.views import bp

__all__ = ["bp"]
