"""Database models: the campaign, its communes and events, people and their registrations."""
from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db

KINDS = ("training", "communication")
EVENT_STATUSES = ("draft", "published", "cancelled")
SEXES = ("male", "female", "other")
ROLES = ("cadre", "collaborator", "member", "resident", "student", "other")


class Commune(db.Model):
    """A commune-level unit (xã or thị trấn) of the district."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(10))
    name_key: Mapped[str] = mapped_column(String(100))


class Campaign(db.Model):
    """One year's action month: its theme, dates and lead agency are data."""

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    title: Mapped[str] = mapped_column(String(300))
    theme: Mapped[str] = mapped_column(Text)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    lead_agency: Mapped[str] = mapped_column(String(200))
    plan_reference: Mapped[str] = mapped_column(String(200), default="")


class Event(db.Model):
    """A training session or communication event, hosted by a commune (or district-wide when none)."""

    __table_args__ = (
        CheckConstraint("kind IN ('training', 'communication')", name="kind"),
        CheckConstraint("status IN ('draft', 'published', 'cancelled')", name="status"),
        CheckConstraint("capacity IS NULL OR seats_taken <= capacity", name="seats"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(16), unique=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("commune.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    venue: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    capacity: Mapped[int | None]
    seats_taken: Mapped[int] = mapped_column(default=0)
    registration_open: Mapped[bool] = mapped_column(default=True)
    status: Mapped[str] = mapped_column(String(20), default="published")
    search_key: Mapped[str] = mapped_column(String(600), default="")

    campaign: Mapped[Campaign] = relationship()
    commune: Mapped[Commune | None] = relationship()

    @property
    def seats_left(self):
        """Seats still free, or None when the event has no capacity."""
        return None if self.capacity is None else max(self.capacity - self.seats_taken, 0)


class Person(db.Model):
    """Someone who registered or attended, as they gave their details."""

    __table_args__ = (
        CheckConstraint("sex IN ('male', 'female', 'other')", name="sex"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(100), index=True)
    phone: Mapped[str | None] = mapped_column(String(15), index=True)
    sex: Mapped[str] = mapped_column(String(10))
    birth_year: Mapped[int]
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("commune.id"))
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime]

    commune: Mapped[Commune | None] = relationship()


class Registration(db.Model):
    """A person's place at an event; the ticket is its secret token (in the QR) and a short code."""

    __table_args__ = (UniqueConstraint("event_id", "phone"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    phone: Mapped[str] = mapped_column(String(15))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    short_code: Mapped[str] = mapped_column(String(8), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="confirmed")
    consent_at: Mapped[datetime]
    created_at: Mapped[datetime]

    event: Mapped[Event] = relationship()
    person: Mapped[Person] = relationship()


class User(UserMixin, db.Model):
    """A staff account: a district admin, or an organiser bound to one commune."""

    __table_args__ = (CheckConstraint("role IN ('admin', 'organiser')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("commune.id"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]

    commune: Mapped[Commune | None] = relationship()

    @property
    def is_active(self):
        """Deactivated accounts cannot log in."""
        return self.active


def load_user(user_id):
    """Flask-Login's loader: the active account with this id, or None."""
    user = db.session.get(User, int(user_id)) if str(user_id).isdigit() else None
    return user if user is not None and user.active else None
