"""Tally counters kept in the same transaction as each registration and check-in (upserts, race-free)."""
from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from portal.extensions import db
from portal.models import Attendance, Event, Person, ReachMark, Registration, TallyCell

COUNTS = ("registrations", "attendances", "registered_attended", "reach_host", "reach_residence", "reach_district")


def _insert(model):
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(model)


def count_registration(event, person):
    """A registration for event by person."""
    _add(event.id, person, registrations=1)


def count_attendance(event, person, phone, registered):
    """A new attendance; a person is newly reached in a scope unless their phone was already seen there."""
    deltas = {"attendances": 1, "registered_attended": 1 if registered else 0}
    for scope, commune_id in (("district", 0), ("host", event.commune_id or 0), ("residence", person.commune_id or 0)):
        deltas[f"reach_{scope}"] = 1 if phone is None else _mark(event.campaign_id, scope, commune_id, phone)
    _add(event.id, person, **deltas)


def _mark(campaign_id, scope, commune_id, phone):
    """1 if this phone is new in the scope (and remember it), else 0; the unique constraint decides under races."""
    statement = _insert(ReachMark).values(campaign_id=campaign_id, scope=scope, commune_id=commune_id, phone=phone)
    inserted = db.session.execute(statement.on_conflict_do_nothing().returning(ReachMark.id)).first()
    return 1 if inserted else 0


def _add(event_id, person, **deltas):
    values = {name: deltas.get(name, 0) for name in COUNTS}
    statement = _insert(TallyCell).values(event_id=event_id, commune_id=person.commune_id or 0, sex=person.sex, **values)
    db.session.execute(statement.on_conflict_do_update(
        index_elements=["event_id", "commune_id", "sex"],
        set_={name: getattr(TallyCell, name) + statement.excluded[name] for name in COUNTS if deltas.get(name)}))


def rebuild():
    """Recompute every counter from the registrations and attendances themselves (after a purge or an import)."""
    db.session.execute(delete(TallyCell))
    db.session.execute(delete(ReachMark))
    for event, person in db.session.execute(select(Event, Person).select_from(Registration).join(Event)
                                            .join(Person, Registration.person_id == Person.id)
                                            .where(Registration.status == "confirmed").order_by(Registration.id)):
        count_registration(event, person)
    for attendance, event, person in db.session.execute(
            select(Attendance, Event, Person).join(Event).join(Person, Attendance.person_id == Person.id)
            .order_by(Attendance.id)):
        count_attendance(event, person, attendance.phone, attendance.registration_id is not None)
    db.session.flush()
