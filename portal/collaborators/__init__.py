"""Collaborators' area: their unit's upcoming events, registering people for them, the registrations they made
and their sheet of tickets, and how many of their people came."""
from portal.collaborators import group, views  # noqa: F401  (each module adds its views to bp)
from portal.collaborators.blueprint import bp

__all__ = ["bp"]
