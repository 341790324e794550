"""Database models: the campaign, its communes and events, people, registrations, attendance, staff."""
import hashlib
from datetime import date, datetime, timedelta

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    bindparam,
    select,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.tokens import new_checkin_code

KINDS = ("training", "communication")
EVENT_STATUSES = ("draft", "published", "cancelled")
SEXES = ("male", "female", "other")
ROLES = ("cadre", "collaborator", "member", "resident", "student", "other")
STAFF_ROLES = ("admin", "organiser", "collaborator")
# Where a registration came from: the public form, or a collaborator registering someone (registered_by names them).
# Walk-ins and headcounts are the other sources of participants (portal/tally/sources.py counts all four).
REGISTRATION_SOURCES = ("public", "collaborator")
METHODS = ("ticket", "self", "walk_in", "manual")
EVENT_CHANGES = ("created", "edited", "published", "cancelled", "restored")
# What staff did that the audit log records: the one list of action names (portal/accounts/audit.py labels them).
AUDIT_ACTIONS = ("people_viewed", "people_searched", "ticket_scanned", "manual_check_in", "ticket_check_in",
                 "headcount_saved", "event_created", "event_edited", "event_published", "event_cancelled",
                 "event_restored", "account_created", "account_deactivated", "attendance_exported",
                 "attendance_exported_phones", "report_exported", "data_purged", "campaign_closed",
                 "data_erased", "campaign_created", "campaign_edited", "campaign_pinned", "campaign_unpinned",
                 "registered_on_behalf", "ticket_sheet_printed", "device_token_issued",
                 "device_token_revoked")


def one_of(column, values):
    """A check constraint keeping column to values (the tuples above are the one place they are listed)."""
    return CheckConstraint(f"{column} IN ({', '.join(repr(value) for value in values)})", name=column)


# Kinds of reporting unit (named in Vietnamese in portal/catalogue/unit_lists.py): commune, ward, town, special zone, village,
# residential group, neighbourhood.
UNIT_TYPES = ("xa", "phuong", "thi_tran", "dac_khu", "thon", "to_dan_pho", "khu_pho")
SHARES = ("whole", "most", "part")


class UnitList(db.Model):
    """A list of reporting units on one administrative map (the 29 units of Thường Tín in 2022, the communes and
    wards of Hà Nội today, the villages of one commune); each campaign reports by one list. key names a list the
    portal itself loads (the seed, a province of today's map), so loading twice finds it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]

    units: Mapped[list["Commune"]] = relationship(back_populates="unit_list", order_by="Commune.code")


class Commune(db.Model):
    """A reporting unit of one list: a commune, ward or town (xã, phường, thị trấn), or a village (thôn, tổ dân phố).
    Its code is unique within its list only: the statistics office reuses codes across maps."""

    __table_args__ = (UniqueConstraint("unit_list_id", "code"), one_of("type", UNIT_TYPES))

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_list_id: Mapped[int] = mapped_column(ForeignKey("unit_list.id"), index=True)
    code: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(20))
    name_key: Mapped[str] = mapped_column(String(100))

    unit_list: Mapped[UnitList] = relationship(back_populates="units")


class UnitSuccession(db.Model):
    """An old unit (on an earlier map) that became, wholly, mostly or partly, a unit of a newer map."""

    __table_args__ = (UniqueConstraint("old_id", "new_id"), one_of("share", SHARES))

    id: Mapped[int] = mapped_column(primary_key=True)
    old_id: Mapped[int] = mapped_column(ForeignKey("commune.id"), index=True)
    new_id: Mapped[int] = mapped_column(ForeignKey("commune.id"), index=True)
    share: Mapped[str] = mapped_column(String(10))

    old: Mapped[Commune] = relationship(foreign_keys=[old_id])
    new: Mapped[Commune] = relationship(foreign_keys=[new_id])


class Campaign(db.Model):
    """One action month of one organising body: its theme, dates, lead agency and reporting units are data.
    pinned: shown as the current campaign whatever the date."""

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)  # two bodies may each run the same year's month
    title: Mapped[str] = mapped_column(String(300))
    theme: Mapped[str] = mapped_column(Text)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    lead_agency: Mapped[str] = mapped_column(String(200))
    plan_reference: Mapped[str] = mapped_column(String(200), default="")
    organiser_name: Mapped[str] = mapped_column(String(200), default="")
    unit_list_id: Mapped[int] = mapped_column(ForeignKey("unit_list.id"))
    pinned: Mapped[bool] = mapped_column(default=False, server_default=sa_false())

    unit_list: Mapped[UnitList] = relationship()

    # Loaded with the campaign (one join, the frozen report left out): every door that changes the numbers asks it.
    closing: Mapped["CampaignClosing | None"] = relationship(back_populates="campaign", lazy="joined")

    @property
    def is_closed(self):
        """True once an admin closed the campaign: its report is frozen, and nothing may change its numbers."""
        return self.closing is not None


class Event(db.Model):
    """A training session or communication event, hosted by a commune (or district-wide when none)."""

    __table_args__ = (
        one_of("kind", KINDS),
        one_of("status", EVENT_STATUSES),
        CheckConstraint("capacity IS NULL OR seats_taken <= capacity", name="seats"),
        # A campaign's events by unit (a commune's own row of the table) and by start (the next one to start).
        Index("ix_event_campaign_id_commune_id", "campaign_id", "commune_id"),
        Index("ix_event_campaign_id_starts_at", "campaign_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(16), unique=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"))
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
    checkin_opens_at: Mapped[datetime | None]
    checkin_closes_at: Mapped[datetime | None]
    checkin_code: Mapped[str] = mapped_column(String(32), unique=True, default=new_checkin_code)
    rotating_qr: Mapped[bool] = mapped_column(default=False)

    campaign: Mapped[Campaign] = relationship()
    commune: Mapped[Commune | None] = relationship()

    @property
    def checkin_window(self):
        """(opens, closes): by default from an hour before the start to the end."""
        return (self.checkin_opens_at or self.starts_at - timedelta(hours=1), self.checkin_closes_at or self.ends_at)

    @property
    def seats_left(self):
        """Seats still free, or None when the event has no capacity."""
        return None if self.capacity is None else max(self.capacity - self.seats_taken, 0)


class Person(db.Model):
    """Someone who registered or attended, as they gave their details."""

    __table_args__ = (
        one_of("sex", SEXES),
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
    """A person's place at an event; the ticket is its secret token (in the QR) and a short code. source: the public
    form, or a collaborator (registered_by) registering the person.

    A household shares one phone: up to HOUSEHOLD_SIZE people may register for one event with it, each holding one of
    its numbered places there (household_place, while confirmed), each told apart by their person_key. Someone
    without a phone has neither, and a ticket like anyone else.
    """

    __table_args__ = (
        UniqueConstraint("event_id", "person_key"),
        UniqueConstraint("event_id", "phone", "household_place"),
        CheckConstraint("household_place >= 1", name="household_place"),
        one_of("source", REGISTRATION_SOURCES),
        CheckConstraint("source <> 'collaborator' OR registered_by_id IS NOT NULL", name="registered_by"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    phone: Mapped[str | None] = mapped_column(String(15), index=True)
    person_key: Mapped[str | None] = mapped_column(String(32))
    household_place: Mapped[int | None]
    token: Mapped[str] = mapped_column(String(64), unique=True)
    short_code: Mapped[str] = mapped_column(String(8), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="confirmed")
    consent_at: Mapped[datetime]
    # Which version of the personal-data notice was accepted (portal.registration.notices), and its text's SHA-256.
    consent_version: Mapped[int] = mapped_column(default=1, server_default="1")
    consent_digest: Mapped[str | None] = mapped_column(String(64))
    # When the person withdrew their consent (on their own-data page); a later registration needs consent again.
    consent_withdrawn_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    source: Mapped[str] = mapped_column(String(20), default="public", server_default="public")
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)

    event: Mapped[Event] = relationship()
    person: Mapped[Person] = relationship()
    attendance: Mapped["Attendance | None"] = relationship(
        primaryjoin="Attendance.registration_id == Registration.id", viewonly=True, uselist=False)


class User(UserMixin, db.Model):
    """A staff account: a district admin, or an organiser or a collaborator bound to one commune."""

    __table_args__ = (one_of("role", STAFF_ROLES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("commune.id"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    # Raised on sign-out and deactivation: every session cookie issued before then stops working.
    session_epoch: Mapped[int] = mapped_column(default=0, server_default="0")

    commune: Mapped[Commune | None] = relationship()

    @property
    def is_active(self):
        """Deactivated accounts cannot log in."""
        return self.active

    @property
    def is_admin(self):
        """District admins see and manage everything."""
        return self.role == "admin"

    @property
    def is_collaborator(self):
        """Collaborators register people for their unit's events, and see only the registrations they made."""
        return self.role == "collaborator"

    def get_id(self):
        """The session remembers the id, a fingerprint of the password and the session epoch: changing either
        ends the sessions signed in before."""
        return f"{self.id}:{self.password_fingerprint}:{self.session_epoch}"

    @property
    def password_fingerprint(self):
        """A short digest of the password hash (never the hash itself) for session checks."""
        return hashlib.sha256(self.password_hash.encode()).hexdigest()[:16]


class Attendance(db.Model):
    """One person present at one event, however many times they were scanned; how and by whom it was taken."""

    __table_args__ = (
        UniqueConstraint("event_id", "person_id"),
        UniqueConstraint("event_id", "person_key"),
        one_of("method", METHODS),
        Index("ix_attendance_event_id_id", "event_id", "id"),  # an event's last scans: the first rows of the index
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registration.id"), index=True)
    phone: Mapped[str | None] = mapped_column(String(15), index=True)
    person_key: Mapped[str | None] = mapped_column(String(32))  # as on the registration; None without a phone
    method: Mapped[str] = mapped_column(String(20))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    device: Mapped[str | None] = mapped_column(String(40), index=True)
    address: Mapped[str | None] = mapped_column(String(40))
    flagged: Mapped[bool] = mapped_column(default=False)
    # A walk-in's own consent (a registered person's is on the registration): notice version, its SHA-256, when.
    consent_version: Mapped[int | None]
    consent_digest: Mapped[str | None] = mapped_column(String(64))
    consent_at: Mapped[datetime | None]
    created_at: Mapped[datetime]

    event: Mapped[Event] = relationship()
    person: Mapped[Person] = relationship()
    registration: Mapped[Registration | None] = relationship()
    recorded_by: Mapped["User | None"] = relationship()

    @property
    def full_name(self):
        """The person's name, as a scan's answer shows it."""
        return self.person.full_name

    @property
    def unit(self):
        """The name of the person's unit, or None (elsewhere), as a scan's answer shows it."""
        return self.person.commune.name if self.person.commune else None


class Headcount(db.Model):
    """People at an event who were not checked in one by one, entered as counts; each correction is a new row
    naming the headcount it corrects (0 for the first), and only one row may correct a given headcount."""

    __table_args__ = (
        CheckConstraint("male >= 0 AND female >= 0 AND other >= 0", name="counts"),
        UniqueConstraint("event_id", "revises"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    male: Mapped[int] = mapped_column(default=0)
    female: Mapped[int] = mapped_column(default=0)
    other: Mapped[int] = mapped_column(default=0)
    by_commune: Mapped[dict] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(String(300), default="")
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime]
    revises: Mapped[int] = mapped_column(default=0)

    entered_by: Mapped["User | None"] = relationship()

    @property
    def total(self):
        """Everyone counted."""
        return self.male + self.female + self.other


_USER_BY_ID = select(User).where(User.id == bindparam("id"))  # built once: every signed-in request asks it


def load_user(session_id):
    """Flask-Login's loader: the active account whose id, password fingerprint and session epoch match, or None."""
    user_id, _, rest = str(session_id).partition(":")
    fingerprint, _, epoch = rest.partition(":")
    user = db.session.scalars(_USER_BY_ID, {"id": int(user_id)}).one_or_none() if user_id.isdigit() else None
    if user is None or not user.active or user.password_fingerprint != fingerprint:
        return None
    return user if epoch == str(user.session_epoch) else None


class TallyCell(db.Model):
    """Running counts per event x participant's commune of residence (0: elsewhere) x sex, kept in the same
    transaction as each registration and check-in, so the tally reads a few thousand cells, not every attendance."""

    __table_args__ = (UniqueConstraint("event_id", "commune_id", "sex"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"))
    commune_id: Mapped[int] = mapped_column(default=0)
    sex: Mapped[str] = mapped_column(String(10))
    registrations: Mapped[int] = mapped_column(default=0)
    attendances: Mapped[int] = mapped_column(default=0)
    registered_attended: Mapped[int] = mapped_column(default=0)
    reach_host: Mapped[int] = mapped_column(default=0)
    reach_residence: Mapped[int] = mapped_column(default=0)
    reach_district: Mapped[int] = mapped_column(default=0)


class TallyTotal(db.Model):
    """An event's running counts by sex alone, kept with its cells (the same changes, in the same transaction): what
    the commune table by host commune, the event screen and the desk's count read, a few rows an event however many
    communes its people live in. Spread over as many rows (slots) as writers ever counted at the event at once, as
    TallyChanges: on PostgreSQL a writer takes a slot no other open transaction holds, so a big event's desks never
    wait for each other here."""

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), primary_key=True)
    sex: Mapped[str] = mapped_column(String(10), primary_key=True)
    slot: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    registrations: Mapped[int] = mapped_column(default=0)
    attendances: Mapped[int] = mapped_column(default=0)
    registered_attended: Mapped[int] = mapped_column(default=0)
    reach_host: Mapped[int] = mapped_column(default=0)
    reach_district: Mapped[int] = mapped_column(default=0)
    # Raised by every change: summed over an event, its version (portal.tally.state), what the event screen and the
    # offline desk's ticket list poll.
    changes: Mapped[int] = mapped_column(default=0)


class ReachMark(db.Model):
    """A person (by their person_key) already reached in a scope (the district, a host commune, a commune of
    residence)."""

    __table_args__ = (UniqueConstraint("campaign_id", "scope", "commune_id", "person_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"))
    scope: Mapped[str] = mapped_column(String(10))
    commune_id: Mapped[int] = mapped_column(default=0)
    person_key: Mapped[str] = mapped_column(String(32))


class TallyChanges(db.Model):
    """How many times a campaign's counter cells changed, spread over as many rows (slots) as writers ever counted at
    once: a writer takes a slot no other open transaction holds (portal.tally.counters), so none waits for another.
    Summed, the version its dashboards poll (portal.tally.state)."""

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), primary_key=True)
    slot: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    changes: Mapped[int] = mapped_column(default=0)


class TallyState(db.Model):
    """One row whose version goes up with the rare changes the counts depend on that move no counter cell (an event
    edited, a headcount, a recount): with the cells' change counts, what dashboards poll (portal.tally.state)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0)


class EventChange(db.Model):
    """One change to an event (created, edited, published, cancelled, restored): what, by whom, when."""

    __table_args__ = (one_of("what", EVENT_CHANGES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    what: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime]

    user: Mapped["User | None"] = relationship()


class DeviceToken(db.Model):
    """A device's key to the JSON API for one event, issued by a staff member at the desk: only its keyed hash is
    stored; it works until revoked or until the event's check-in window closes (expires_at), and for sending what
    the device queued offline a grace after that (DEVICE_SYNC_GRACE_HOURS)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]

    event: Mapped[Event] = relationship()
    issued_by: Mapped["User | None"] = relationship()


class DeviceCheckin(db.Model):
    """One scan or walk-in sent by a device, by its idempotency key (key, a UUID the device chose): what it was
    answered, so a replay of the key gets the same answer and records nothing more."""

    __table_args__ = (UniqueConstraint("event_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"))
    device_token_id: Mapped[int] = mapped_column(ForeignKey("device_token.id"), index=True)
    key: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(10))  # new, already, refused
    reason: Mapped[str | None] = mapped_column(String(20))
    message: Mapped[str | None] = mapped_column(String(300))  # a refusal's message, as first answered
    errors: Mapped[dict | None] = mapped_column(JSON)  # an invalid walk-in's message per field, as first answered
    attendance_id: Mapped[int | None] = mapped_column(ForeignKey("attendance.id"))
    scanned_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class AuditEntry(db.Model):
    """One staff action on personal data or on an event or account: who, when, what, on what, from where (a keyed
    hash of the address). Never a name, phone number or search term."""

    __table_args__ = (one_of("action", AUDIT_ACTIONS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    target: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(32), default="")

    user: Mapped["User | None"] = relationship()


class CampaignClosing(db.Model):
    """A campaign closed by an admin once its report is final: the frozen report (rows as JSON, by host and by
    residence), who closed it and when, and when its personal data was purged (after the retention period)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), unique=True)
    closed_at: Mapped[datetime]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    report: Mapped[dict] = mapped_column(JSON, deferred=True)  # read only by the report, not by every door
    purged_at: Mapped[datetime | None]

    campaign: Mapped[Campaign] = relationship(back_populates="closing")
    closed_by: Mapped["User | None"] = relationship()


DATA_REQUEST_KINDS = ("access", "export", "withdrawal", "erasure")
DATA_REQUEST_STATUSES = ("received", "done")


class DataRequest(db.Model):
    """A person's request about their own data (seeing, downloading, withdrawing consent, erasure), for the admins'
    queue. It names the person only by a keyed hash of the phone number and its last three digits."""

    __table_args__ = (one_of("kind", DATA_REQUEST_KINDS), one_of("status", DATA_REQUEST_STATUSES))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    phone_hash: Mapped[str] = mapped_column(String(32), index=True)
    phone_last3: Mapped[str] = mapped_column(String(3))
    received_at: Mapped[datetime] = mapped_column(index=True)
    due_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(20), default="received")
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    handled_at: Mapped[datetime | None]

    handled_by: Mapped["User | None"] = relationship()
