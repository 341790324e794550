"""Tickets: the page behind the QR, its images, a calendar file, and recovery of a lost ticket."""
from portal.tickets import views  # noqa: F401  (each module adds its views to bp)
from portal.tickets.blueprint import bp

__all__ = ["bp"]
