"""The versioned JSON API for the offline desk: a device token for one event, its counts, batch check-ins and the
ticket snapshot."""
from portal.api import views  # noqa: F401
from portal.api.blueprint import bp  # noqa: F401
