"""A collaborator's group of people: rows pasted from a spreadsheet, what is wrong with a batch before it is saved
(duplicates, people already registered, too many on one phone), and saving a batch whole or not at all."""
import csv
from collections import Counter, defaultdict

from flask import current_app
from sqlalchemy import select

from portal.extensions import db
from portal.i18n import lazy_gettext as _l
from portal.models import Person, Registration
from portal.registration import details_key, person_key
from portal.registration.on_behalf import AlreadyRegistered, register_on_behalf
from portal.text import fold, is_ascii_number, squash

COLUMNS = ("full_name", "sex", "birth_year", "commune", "phone")
SEX_WORDS = {"nam": "male", "male": "male", "m": "male", "nu": "female", "female": "female", "f": "female",
             "khac": "other", "other": "other"}
_UNIT_KINDS = ("xa ", "thi tran ", "phuong ", "thon ", "to dan pho ", "dac khu ")


def parse_pasted(text, communes):
    """Rows (dicts of COLUMNS, as typed) from lines copied out of a spreadsheet: tab- or comma-separated name, sex,
    year of birth, unit (code or name, accents optional) and phone. Sex words (nam, nữ, khác, male, female) and
    units found become their codes; anything else stays as typed, for the row's check to name. A header line and
    blank lines are skipped."""
    rows = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        cells = line.split("\t") if "\t" in line else next(csv.reader([line]))
        cells = [squash(cell) for cell in cells] + [""] * len(COLUMNS)
        row = dict(zip(COLUMNS, cells, strict=False))
        if not rows and not is_ascii_number(row["birth_year"]) and "ten" in fold(row["full_name"]).split():
            continue  # the spreadsheet's header
        row["sex"] = SEX_WORDS.get(fold(row["sex"]), row["sex"])
        row["commune"] = unit_code(row["commune"], communes)
        rows.append(row)
    return rows


def unit_code(typed, communes):
    """The code of the unit typed (its code, or its name with or without accents and its kind: "hoa binh", "Xã Hòa
    Bình"), or typed itself when no single unit matches."""
    key = fold(typed)
    for prefix in _UNIT_KINDS:
        key = key.removeprefix(prefix)
    found = [c for c in communes if c.code == typed.strip() or _bare(c.name) == key]
    return found[0].code if len(found) == 1 else typed


def _bare(name):
    key = fold(name)
    for prefix in _UNIT_KINDS:
        key = key.removeprefix(prefix)
    return key


def problems(event, rows):
    """What is wrong with the batch rows (validated Details) for event, as {row index: message}: a row repeating an
    earlier one (same phone, folded name and year; or same name and year, both without a phone), a person already
    registered for the event, a phone holding more than HOUSEHOLD_SIZE people with those already registered."""
    found = {}
    first = {}
    for index, row in enumerate(rows):
        seen = first.setdefault((row.phone, fold(row.full_name), row.birth_year), index)
        if seen != index:
            found[index] = _l("Trùng với dòng %(row)s.", row=seen + 1)
    held = _registered(event, rows)
    for index, row in enumerate(rows):
        if index not in found and _already(row, held):
            found[index] = _l("Người này đã đăng ký hoạt động này rồi; bỏ dòng này đi.")
    size = current_app.config["HOUSEHOLD_SIZE"]
    people = defaultdict(set)
    for row in rows:
        if row.phone:
            people[row.phone].add(details_key(row))
    for phone, keys in held["phones"].items():
        people[phone] |= keys
    for index, row in enumerate(rows):
        if row.phone and len(people[row.phone]) > size and index not in found:
            found[index] = _l("Số điện thoại này có %(count)s người (kể cả người đã đăng ký), quá mức %(size)s người "
                              "cho một số. Bỏ số điện thoại ở một số dòng.", count=len(people[row.phone]), size=size)
    return found


def _registered(event, rows):
    """The event's confirmed registrations that rows could meet: their person keys, (folded name, year) pairs and,
    per phone of the batch, the person keys holding its places."""
    phones = {row.phone for row in rows if row.phone}
    names = {fold(row.full_name) for row in rows}
    entries = db.session.execute(
        select(Registration.phone, Registration.person_key, Person.name_key, Person.birth_year)
        .join(Person, Registration.person_id == Person.id)
        .where(Registration.event_id == event.id, Registration.status == "confirmed",
               Registration.phone.in_(phones) | Person.name_key.in_(names))).all()
    held = {"keys": set(), "names": Counter(), "phones": defaultdict(set)}
    for phone, key, name_key, year in entries:
        held["keys"].add(key)
        held["names"][(name_key, year)] += 1
        if phone in phones:
            held["phones"][phone].add(key)
    return held


def _already(row, held):
    """True when row's person holds a ticket: by person key with a phone; by name and year without one."""
    if row.phone:
        return person_key(row.phone, row.full_name, row.birth_year) in held["keys"]
    return held["names"][(fold(row.full_name), row.birth_year)] > 0


def register_group(event, rows, collaborator, now, notice=None):
    """Register every row (validated Details) for event on behalf of collaborator, who read them notice; return the
    new registrations in the order of rows. All or nothing: any refusal (RegistrationRefused, AlreadyRegistered,
    a row already holding a ticket) undoes the whole batch and propagates."""
    made = []
    with db.session.begin_nested():
        for row in rows:
            registration, created = register_on_behalf(event, row, collaborator, now, notice=notice)
            if not created:
                raise AlreadyRegistered()
            made.append(registration)
    return made
