"""Self check-in: attendees scan the event's QR with their own phone."""
from portal.self_checkin import views  # noqa: F401  (each module adds its views to bp)
from portal.self_checkin.blueprint import bp

__all__ = ["bp"]
