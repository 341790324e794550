"""Collaborators registering the people they bring: one validated person at a time (a form of many rows registers
each row through register_on_behalf too), the registrations they made, and how many of their people came."""
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import Attendance, Event, Registration
from portal.registration import register


class AlreadyRegistered(Exception):
    """The person already holds a ticket for the event that this collaborator did not make: it stays theirs."""


def register_on_behalf(event, details, collaborator, now, notice=None):
    """Register one person (details validated) for event on behalf of collaborator, who showed them notice (the
    current one when None) and took their consent now; return (registration, created).

    Raises RegistrationRefused (HouseholdFull among them) as register() does, and AlreadyRegistered when the same person already
    holds a ticket made on the public form or by someone else (nothing is written then, nor shown).
    """
    registration, created = register(event, details, now, consent_at=now, notice=notice, source="collaborator",
                                     registered_by=collaborator)
    if not created and registration.registered_by_id != collaborator.id:
        raise AlreadyRegistered()
    return registration, created


def made_by(collaborator, campaign=None, event=None, confirmed_only=False):
    """The registrations collaborator made for event (or for campaign's events), oldest first, with their person,
    event and attendance loaded."""
    stmt = (select(Registration).join(Event, Registration.event_id == Event.id)
            .options(joinedload(Registration.person), joinedload(Registration.event),
                     joinedload(Registration.attendance))
            .where(Registration.registered_by_id == collaborator.id))
    if event is not None:
        stmt = stmt.where(Registration.event_id == event.id)
    if campaign is not None:
        stmt = stmt.where(Event.campaign_id == campaign.id)
    if confirmed_only:
        stmt = stmt.where(Registration.status == "confirmed")
    return db.session.scalars(stmt.order_by(Registration.id)).unique().all()


def brought(collaborator, campaign):
    """How many of the people collaborator registered for campaign's events came (were checked in at an event
    that counts: published, not cancelled)."""
    return db.session.scalar(
        select(func.count()).select_from(Registration)
        .join(Attendance, Attendance.registration_id == Registration.id)
        .join(Event, Registration.event_id == Event.id)
        .where(Registration.registered_by_id == collaborator.id, Event.campaign_id == campaign.id,
               Event.status == "published"))


def upcoming_events(collaborator, campaign, now):
    """Return [(event, registrations made by collaborator)] for the published events of collaborator's unit in
    campaign that have not started yet, soonest first."""
    mine = (select(func.count()).where(Registration.event_id == Event.id,
                                       Registration.registered_by_id == collaborator.id,
                                       Registration.status == "confirmed")
            .correlate(Event).scalar_subquery())
    return db.session.execute(
        select(Event, mine).options(joinedload(Event.campaign))
        .where(Event.campaign_id == campaign.id, Event.commune_id == collaborator.commune_id,
               Event.status == "published", Event.starts_at > now)
        .order_by(Event.starts_at, Event.id)).all()
