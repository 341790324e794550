"""The public event list, one event's page and registration."""
from portal.events import views  # noqa: F401  (each module adds its views to bp)
from portal.events.blueprint import bp

__all__ = ["bp"]
