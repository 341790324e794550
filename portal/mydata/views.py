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
    """Give view the proven phone number, or send the person to prove who they are first."""
    @wraps(view)
    def wrapper():
        phone = _proven_phone()
        if phone is None:
            return private(redirect(url_for("mydata.prove"), code=303))
        return view(phone)
    return wrapper


@bp.get("/xem")
@_proven
def show(phone):
    """Everything held under the proven phone number, and what the person can do with it."""
    _record("access", phone, done=True)
    return private(make_response(render_template(
        "mydata/show.html", registrations=own_data.registrations(phone), attendances=own_data.attendances(phone),
        ROLE_LABELS=ROLE_LABELS)))


@bp.get("/du-lieu.json")
@_proven
def download_json(phone):
    """The person's data as a JSON file."""
    _record("export", phone, done=True)
    body = json.dumps(own_data.export(phone), ensure_ascii=False, indent=2)
    return _attachment(body.encode("utf-8"), "application/json; charset=utf-8", "du-lieu-cua-toi.json")


@bp.get("/du-lieu.csv")
@_proven
def download_csv(phone):
    """The person's data as a CSV file (formula-safe cells)."""
    _record("export", phone, done=True)
    return _attachment(sheets.to_csv(own_data.lines(phone)), "text/csv; charset=utf-8", "du-lieu-cua-toi.csv")


@bp.post("/rut-dong-y")
@_proven
def withdraw(phone):
    """Withdraw consent on every registration of the proven phone number."""
    own_data.withdraw_consent(phone, clock.now())
    _record("withdrawal", phone, done=True)
    return private(redirect_after_post(url_for("mydata.show") + "#consent"))


@bp.route("/xoa", methods=["GET", "POST"])
@_proven
def erase(phone):
    """Ask once more, then erase everything held under the proven phone number at once; the queue records it as
    done by the portal itself. The proof goes with the data."""
    if request.method == "GET":
        return private(make_response(render_template(
            "mydata/erase.html", registrations=own_data.registrations(phone),
            attendances=own_data.attendances(phone), now=clock.now())))
    now = clock.now()
    erased = erasing.erase(phone, now)
    data_requests.record("erasure", data_requests.phone_hash(phone), phone[-3:], now, done=True)
    data_requests.close_erasures(data_requests.phone_hash(phone), None, now)
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


def _proven_phone():
    """The phone number proven in this session within the last minutes, or None."""
    proof = session.get(PROOF)
    try:
        registration_id, expires = int(proof[0]), datetime.fromisoformat(proof[1])
    except (TypeError, ValueError, IndexError, KeyError):
        return None
    if expires < clock.now():
        session.pop(PROOF, None)
        return None
    registration = db.session.get(Registration, registration_id)
    return registration.phone if registration is not None else None


def _record(kind, phone, done):
    """Put the request in the admins' queue (done at once when the portal did it itself)."""
    data_requests.record(kind, data_requests.phone_hash(phone), phone[-3:], clock.now(), done=done)


def _attachment(body, content_type, filename):
    """A download that no cache keeps."""
    response = make_response(body)
    response.headers["Content-Type"] = content_type
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return private(response)

