"""The own-data pages: proof (kept in the session for a short time, never in the address), the data, its downloads,
withdrawing consent and erasing it; each access and request goes into the admins' queue."""
import json
from datetime import datetime, timedelta
from functools import wraps

from flask import (
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from portal import clock, sheets
from portal.catalogue.purging import STAND_IN
from portal.events.forms import ROLE_LABELS
from portal.extensions import db, limiter
from portal.i18n import lazy_gettext as _l
from portal.models import Registration
from portal.mydata.blueprint import bp
from portal.mydata.forms import ProofForm
from portal.registration import data_requests, erasing, own_data
from portal.web import limits
from portal.web.htmx import redirect_after_post, render
from portal.web.security import private

PROOF = "own_data"  # session key: [registration id, expiry as ISO text]
PROOF_MINUTES = 15
ERASED = "own_data_erased"  # session key: what an erasure did, shown once
NO_MATCH = _l("Các thông tin không khớp với đăng ký nào. Hãy kiểm tra lại số điện thoại, năm sinh và mã vé.")


@bp.route("", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RECOVER_LIMIT_PER_ADDRESS"], methods=["POST"])
@limiter.limit(lambda: current_app.config["RECOVER_LIMIT_PER_PHONE"], methods=["POST"], key_func=limits.phone_key)
@limits.phone_tries
def prove():
    """Ask for the three facts; when they match one registration, remember the proof and show the data."""
    form, problem, status = ProofForm(), None, 200
    if request.method == "POST":
        found = own_data.proven(form.phone.normalised, form.birth_year.year,
                                getattr(form.short_code, "code", None)) if form.validate() else None
        if found is not None:
            expires = clock.now() + timedelta(minutes=PROOF_MINUTES)
            session[PROOF] = [found.id, expires.isoformat()]
            return private(redirect_after_post(url_for("mydata.show")))
        problem, status = (None if form.errors else NO_MATCH), 422
    return private(render("mydata/prove.html", "mydata/_prove.html", "proof", status=status, form=form,
                           problem=problem))


def _proven(view):
    """Give view the registration the person proved (its phone is what they may see), or send them to prove who
    they are first."""
    @wraps(view)
    def wrapper():
        proof = _proof()
        if proof is None:
            return private(redirect(url_for("mydata.prove"), code=303))
        return view(proof)
    return wrapper


@bp.get("/xem")
@_proven
def show(proof):
    """Everything held under the proven phone number (for every person of a household sharing it), and what the
    person can do with it."""
    phone = proof.phone
    _record("access", phone, done=True)
    registrations, attendances = own_data.registrations(phone), own_data.attendances(phone)
    return private(make_response(render_template(
        "mydata/show.html", registrations=registrations, attendances=attendances,
        people=_people(registrations, attendances), ROLE_LABELS=ROLE_LABELS)))


@bp.get("/du-lieu.json")
@_proven
def download_json(proof):
    """The person's data (their household's, on a shared phone) as a JSON file."""
    phone = proof.phone
    _record("export", phone, done=True)
    body = json.dumps(own_data.export(phone), ensure_ascii=False, indent=2)
    return _attachment(body.encode("utf-8"), "application/json; charset=utf-8", "du-lieu-cua-toi.json")


@bp.get("/du-lieu.csv")
@_proven
def download_csv(proof):
    """The person's data (their household's, on a shared phone) as a CSV file (formula-safe cells)."""
    phone = proof.phone
    _record("export", phone, done=True)
    return _attachment(sheets.to_csv(own_data.lines(phone)), "text/csv; charset=utf-8", "du-lieu-cua-toi.csv")


@bp.post("/rut-dong-y")
@_proven
def withdraw(proof):
    """Withdraw consent on every registration of the proven phone number."""
    phone = proof.phone
    own_data.withdraw_consent(phone, clock.now())
    _record("withdrawal", phone, done=True)
    return private(redirect_after_post(url_for("mydata.show") + "#consent"))


@bp.route("/xoa", methods=["GET", "POST"])
@_proven
def erase(proof):
    """Ask once more, then erase at once what is held for the person who proved it, or for everyone under the
    proven phone number when they choose "all" (a household shares it); the queue records it as done by the portal
    itself. The proof goes with the data."""
    phone = proof.phone
    if request.method == "GET":
        registrations, attendances = own_data.registrations(phone), own_data.attendances(phone)
        return private(make_response(render_template(
            "mydata/erase.html", registrations=registrations, attendances=attendances, member=proof.person,
            key=proof.person_key, people=_people(registrations, attendances), now=clock.now())))
    now = clock.now()
    erased, _entry = erasing.erase_on_request(phone, now, None if request.form.get("who") == "all"
                                              else {proof.person_key})
    session.pop(PROOF, None)
    session[ERASED] = [erased.registrations, erased.attendances, erased.cancelled]
    return private(redirect_after_post(url_for("mydata.erased")))


@bp.get("/da-xoa")
def erased():
    """What the erasure did, shown once to the person who asked for it."""
    done = session.pop(ERASED, None)
    if not isinstance(done, list) or len(done) != 3:
        return private(redirect(url_for("mydata.prove"), code=303))
    return private(make_response(render_template("mydata/erased.html", registrations=done[0],
                                                 attendances=done[1], cancelled=done[2])))


def _proof():
    """The registration whose phone number was proven in this session within the last minutes (its person is who
    proved it), or None."""
    proof = session.get(PROOF)
    try:
        registration_id, expires = int(proof[0]), datetime.fromisoformat(proof[1])
    except (TypeError, ValueError, IndexError, KeyError):
        return None
    if expires < clock.now():
        session.pop(PROOF, None)
        return None
    registration = db.session.get(Registration, registration_id)
    if registration is None or not registration.phone or registration.phone.startswith(STAND_IN):
        return None  # erased meanwhile
    return registration


def _people(registrations, attendances):
    """How many people the records under one phone belong to (told apart by their person key)."""
    return len({r.person_key for r in registrations} | {a.person_key for a in attendances})


def _record(kind, phone, done):
    """Put the request in the admins' queue (done at once when the portal did it itself)."""
    data_requests.record(kind, data_requests.phone_hash(phone), phone[-3:], clock.now(), done=done)


def _attachment(body, content_type, filename):
    """A download that no cache keeps."""
    response = make_response(body)
    response.headers["Content-Type"] = content_type
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return private(response)

