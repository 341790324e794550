"""Test data builders: gen_* make valid rows with overridable fields."""
from datetime import timedelta

from sqlalchemy import select

from portal import clock
from portal.catalogue import current_campaign, event_search_key
from portal.catalogue.seed import SEED_LIST_KEY
from portal.extensions import db
from portal.models import Campaign, Commune, Event, UnitList
from portal.registration import Details, register
from portal.tokens import new_slug


def commune(code="10198", unit_list=None):
    """A unit by code, of the seeded 2022 list unless told (10198 is Xã Hòa Bình there)."""
    on_list = Commune.unit_list == unit_list if unit_list else Commune.unit_list.has(UnitList.key == SEED_LIST_KEY)
    return db.session.scalar(select(Commune).where(Commune.code == code, on_list))


def gen_event(**fields):
    """A published event of the current campaign (or of campaign=), starting in three days unless told otherwise."""
    now = clock.now()
    campaign = fields.pop("campaign", None) or current_campaign(now.date())
    host = fields.pop("commune", None) or commune()
    values = dict(kind="training", title="Tập huấn kỹ năng phòng ngừa bạo lực", venue="Hội trường UBND xã",
                  description="Mô tả", starts_at=now + timedelta(days=3), capacity=None,
                  registration_open=True, status="published")
    values.update(fields)
    values.setdefault("ends_at", values["starts_at"] + timedelta(hours=3))
    event = Event(slug=new_slug(), campaign=campaign, commune=host, seats_taken=0,
                  search_key=event_search_key(values["title"], values["venue"], host), **values)
    db.session.add(event)
    db.session.commit()
    return event


def details(**fields):
    """Valid, normalised registration details."""
    values = dict(full_name="Nguyễn Thị Lan", phone="0912345678", sex="female", birth_year=1990,
                  commune_id=commune().id, role="collaborator")
    values.update(fields)
    return Details(**values)


def gen_registration(event, by=None, **fields):
    """A committed registration for event (made by the collaborator `by` when given, else on the public form)."""
    now = clock.now()
    origin = {"source": "collaborator", "registered_by": by} if by else {}
    entry, _created = register(event, details(**fields), now, consent_at=now, **origin)
    db.session.commit()
    return entry


def form_data(**fields):
    """What a person types into the registration form."""
    values = {"full_name": "Nguyễn Thị Lan", "phone": "0912 345 678", "sex": "female", "birth_year": "1990",
              "commune": "10198", "role": "collaborator", "consent": "y"}
    values.update(fields)
    return {k: v for k, v in values.items() if v is not None}


PASSWORD = "mật-khẩu-đủ-dài"


def gen_user(username="organiser", role="organiser", commune_code="10198"):
    """A staff account with PASSWORD; organisers and collaborators belong to commune_code."""
    from portal.accounts import create_user

    commune_id = commune(commune_code).id if role in ("organiser", "collaborator") else None
    user = create_user(username, username.title(), PASSWORD, role, commune_id, clock.now())
    db.session.commit()
    return user


def open_event(**fields):
    """A published event whose check-in window is open now (it started ten minutes ago)."""
    now = clock.now()
    fields.setdefault("starts_at", now - timedelta(minutes=10))
    return gen_event(**fields)


def gen_registration_now(event, by=None, **fields):
    """A registration for an event that has already started (registration itself would refuse), counted as
    registration.register counts one (made by the collaborator `by` when given)."""
    from portal import tally
    from portal.models import Registration
    from portal.registration import details_key, new_person
    from portal.tokens import new_short_code, new_token

    now, given = clock.now(), details(**fields)
    held = db.session.scalar(select(db.func.count()).select_from(Registration).where(
        Registration.event_id == event.id, Registration.phone == given.phone, Registration.status == "confirmed"))
    with tally.change() as change:
        registration = Registration(event_id=event.id, person=new_person(given, now), phone=given.phone,
                                    person_key=details_key(given), household_place=held + 1 if given.phone else None,
                                    token=new_token(), short_code=new_short_code(), consent_at=now, created_at=now,
                                    source="collaborator" if by else "public", registered_by_id=by.id if by else None)
        db.session.add(registration)
        change.registration(event, registration.person)
    db.session.commit()
    return registration


def simultaneously(app, actions):
    """Run each action in its own thread and app context, all released at the same instant; return their results."""
    import threading

    start, results = threading.Barrier(len(actions)), [None] * len(actions)

    def run(index, action):
        with app.app_context():
            start.wait()
            results[index] = action()

    threads = [threading.Thread(target=run, args=(index, action)) for index, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def attendance_now(registration):
    """The registration's attendance as the database has it now (requests made since may have recorded it)."""
    db.session.expire(registration, ["attendance"])
    return registration.attendance


def gen_two_events():
    """A training in Hòa Bình with 30 seats and a communication event in the town: what the list tests filter."""
    gen_event(title="Tập huấn cộng tác viên Hòa Bình", commune=commune("10198"), capacity=30)
    gen_event(title="Mít tinh thị trấn", commune=commune("10183"), kind="communication")


def gen_unit_list(name="Thành phố Hà Nội (thử)", units=(("10183", "Xã Thường Tín", "xa"),
                                                       ("00679", "Xã Ngọc Hồi", "xa"))):
    """A committed list of reporting units given as (code, name, type)."""
    from portal.text import fold

    unit_list = UnitList(name=name, created_at=clock.now())
    unit_list.units = [Commune(code=code, name=unit, type=kind, name_key=fold(unit)) for code, unit, kind in units]
    db.session.add(unit_list)
    db.session.commit()
    return unit_list


def gen_campaign(**fields):
    """A committed campaign: the 2025 month on the seeded list unless told otherwise."""
    from datetime import date

    year = fields.pop("year", 2025)
    values = dict(title=f"Tháng hành động năm {year}", theme=f"Chủ đề năm {year}", starts_on=date(year, 11, 15),
                  ends_on=date(year, 12, 15), lead_agency="Phòng Văn hóa - Xã hội", plan_reference="",
                  organiser_name="Huyện Thường Tín, thành phố Hà Nội")
    values.update(fields)
    values.setdefault("unit_list", commune().unit_list)
    campaign = Campaign(year=year, **values)
    db.session.add(campaign)
    db.session.commit()
    return campaign


def gen_crowd(event, count, start=0, homes=None):
    """count people already checked in at event by their tickets, written in bulk (as a big rally would have them
    after an hour) and counted as the live counters count; start keeps their phone numbers apart from another
    crowd's; homes: the communes they live in, in turn (one commune unless told)."""
    from sqlalchemy import func, insert

    from portal.models import Attendance, Person, Registration
    from portal.registration import person_key
    from portal.tally import counters
    from portal.text import fold
    from portal.tokens import new_short_code, new_token

    now = clock.now()
    homes = [home.id for home in homes] if homes else [commune().id]
    before = db.session.scalar(select(func.max(Person.id))) or 0
    people = [(f"08{start + n:08d}", f"Người dự {start + n}") for n in range(count)]
    db.session.execute(insert(Person), [
        {"full_name": name, "name_key": fold(name), "sex": ("female", "male")[n % 2], "phone": phone,
         "birth_year": 1990, "commune_id": homes[n % len(homes)], "role": "resident", "created_at": now}
        for n, (phone, name) in enumerate(people)])
    ids = dict(db.session.execute(select(Person.phone, Person.id).where(Person.id > before)).all())
    keys = {phone: person_key(phone, name, 1990) for phone, name in people}
    db.session.execute(insert(Registration), [
        {"event_id": event.id, "person_id": ids[phone], "phone": phone, "person_key": keys[phone],
         "household_place": 1, "token": new_token(), "short_code": new_short_code(), "consent_at": now,
         "created_at": now} for phone, _name in people])
    registrations = db.session.execute(select(Registration.id, Registration.person_id, Registration.phone).where(
        Registration.event_id == event.id, Registration.person_id > before)).all()
    db.session.execute(insert(Attendance), [
        {"event_id": event.id, "person_id": person_id, "registration_id": registration_id, "phone": phone,
         "person_key": keys[phone], "method": "ticket", "created_at": now}
        for registration_id, person_id, phone in registrations])
    counters.rebuild()
    db.session.commit()
