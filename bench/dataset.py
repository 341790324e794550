"""Build a seeded portal database of realistic size quickly (bulk inserts, no per-row ORM work)."""
import random
from datetime import timedelta

from sqlalchemy import func, insert, select

from portal import clock
from portal.catalogue.demo import create_demo_events
from portal.catalogue.seed import campaign_year, ensure_campaign, load_communes
from portal.extensions import db
from portal.models import Attendance, Commune, Event, Person, Registration
from portal.registration import person_key
from portal.tally import counters, state
from portal.tokens import new_short_code, new_slug, new_token

BATCH = 5000


def build(events=300, registrations=50_000, attendances=0, seed=7):
    """Fill the (migrated, empty) database: communes, campaign, events, registrations, attendances.

    Attendances go first to registered people, then to walk-ins; every event has started, so everything counts.
    Returns the list of event ids. Call inside an app context.
    """
    rng = random.Random(seed)
    load_communes()
    state.ensure_state()
    campaign = ensure_campaign(campaign_year(clock.now().date()))
    create_demo_events(campaign, seed=seed)
    template = db.session.scalars(select(Event)).all()
    now = clock.now()
    for n in range(max(events - len(template), 0)):
        model = template[n % len(template)]
        db.session.add(Event(slug=new_slug(), campaign=campaign, commune_id=model.commune_id, kind=model.kind,
                             title=model.title, venue=model.venue, description="", starts_at=now,
                             ends_at=now + timedelta(hours=3), capacity=None, seats_taken=0,
                             registration_open=True, status="published", search_key=model.search_key))
    db.session.flush()
    db.session.execute(Event.__table__.update().values(status="published", starts_at=now - timedelta(hours=1),
                                                       ends_at=now + timedelta(hours=6), capacity=None))
    event_ids = list(db.session.scalars(select(Event.id).order_by(Event.id)))
    commune_ids = list(db.session.scalars(select(Commune.id)))
    db.session.commit()
    registered = _people_and_registrations(rng, event_ids, commune_ids, registrations, now)
    _attendances(rng, event_ids, commune_ids, registered, attendances, now)
    counters.rebuild()  # bulk inserts skip the live counters; count them the way a migration would
    db.session.commit()
    return event_ids


def add_registrations(event_id, count, first_number, seed=11):
    """Register count more people (phones numbered from first_number, clear of the others) for one event; returns
    their registration ids. Call inside an app context, after build()."""
    rng = random.Random(seed)
    commune_ids = list(db.session.scalars(select(Commune.id)))
    added = _people_and_registrations(rng, [event_id], commune_ids, count, clock.now(), first_number)
    counters.rebuild()
    db.session.commit()
    return [row[0] for row in added]


def big_event(event_id, held, fresh, first_number, seed=13):
    """Give one event held check-ins already (registered people, checked in within the last hour) and fresh tickets
    not yet scanned; returns (the held tickets' short codes, the fresh ones'). Bulk inserts: call counters.rebuild()
    and commit once every event is filled. Call inside an app context, after build()."""
    rng = random.Random(seed + event_id)
    commune_ids = list(db.session.scalars(select(Commune.id)))
    now = clock.now()
    added = _people_and_registrations(rng, [event_id], commune_ids, held + fresh, now, first_number)
    _attendances(rng, [event_id], commune_ids, added[:held], held, now)
    codes = dict(db.session.execute(select(Registration.id, Registration.short_code)
                                    .where(Registration.event_id == event_id, Registration.id >= added[0][0])).all())
    ordered = [codes[row[0]] for row in added]
    return ordered[:held], ordered[held:]


def _person(rng, commune_ids, number, now, phone=True):
    return {"full_name": "Người Tham Dự", "name_key": "nguoi tham du", "sex": rng.choice(("male", "female", "female", "other")),
            "phone": f"09{number:08d}" if phone else None, "birth_year": rng.randint(1950, 2008),
            "commune_id": rng.choice(commune_ids), "role": "resident", "created_at": now}


def _insert_people(rows):
    first = (db.session.scalar(select(func.max(Person.id))) or 0) + 1
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(Person), rows[start:start + BATCH])
    return list(range(first, first + len(rows)))


def _key(person):
    return person_key(person["phone"], person["full_name"], person["birth_year"])


def _people_and_registrations(rng, event_ids, commune_ids, count, now, first_number=0):
    people = [_person(rng, commune_ids, first_number + n, now) for n in range(count)]
    ids = _insert_people(people)
    codes = _short_codes(count)
    rows = [{"event_id": event_ids[n % len(event_ids)], "person_id": ids[n], "phone": people[n]["phone"],
             "person_key": _key(people[n]), "household_place": 1, "token": new_token(),
             "short_code": codes[n], "status": "confirmed", "consent_at": now, "created_at": now}
            for n in range(count)]
    first = (db.session.scalar(select(func.max(Registration.id))) or 0) + 1
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(Registration), rows[start:start + BATCH])
    db.session.commit()
    return [(first + n, row["event_id"], row["person_id"], row["phone"], row["person_key"])
            for n, row in enumerate(rows)]


def _short_codes(count):
    """count new short codes, unlike each other and those held (drawn blindly, 50,000 codes of 35 bits share one in
    about 30 builds, and the unique index fails the build)."""
    taken = set(db.session.scalars(select(Registration.short_code)))
    codes = []
    while len(codes) < count:
        code = new_short_code()
        if code not in taken:
            taken.add(code)
            codes.append(code)
    return codes


def _attendances(rng, event_ids, commune_ids, registered, count, now):
    chosen = registered[:count]
    rows = [{"event_id": event, "person_id": person, "registration_id": reg, "phone": phone, "person_key": key,
             "method": "ticket", "created_at": now - timedelta(minutes=rng.randint(0, 50))}
            for reg, event, person, phone, key in chosen]
    walk_ins = count - len(rows)
    if walk_ins > 0:
        people = [_person(rng, commune_ids, 10_000_000 + n, now, phone=n % 3 != 0) for n in range(walk_ins)]
        ids = _insert_people(people)
        rows += [{"event_id": event_ids[n % len(event_ids)], "person_id": ids[n], "phone": people[n]["phone"],
                  "person_key": _key(people[n]), "method": "walk_in",
                  "created_at": now - timedelta(minutes=rng.randint(0, 50))} for n in range(walk_ins)]
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(Attendance), rows[start:start + BATCH])
