"""View tests: control characters (NUL and friends) in any path, query or form never give a server error."""
import re
from urllib.parse import quote, urlencode

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Attendance, Event, Registration, User
from tests.conftest import csrf_from
from tests.factories import (
    PASSWORD,
    commune,
    form_data,
    gen_event,
    gen_registration_now,
    gen_user,
    open_event,
)

# NUL breaks PostgreSQL's text; the others are invisible garbage that breaks spreadsheets and logs.
BAD = ["\x00", "a\x01\x08\x1b\x7f\x85\x9fb"]
QUERY_NAMES = ["q", "next", "k", "since", "kind", "when", "commune", "from", "to", "by", "sort", "dir", "page",
               "campaign"]
FORM_NAMES = ["full_name", "phone", "sex", "birth_year", "commune", "role", "consent", "short_code", "username",
              "password", "current", "new", "title", "kind", "venue", "description", "starts_at", "ends_at",
              "capacity", "registration_open", "checkin_opens_at", "checkin_closes_at", "rotating_qr", "male",
              "female", "other", "note", "code", "10198", "10183", "name", "type", "province", "year", "theme",
              "starts_on", "ends_on", "lead_agency", "plan_reference", "organiser_name", "unit_list_id", "campaign"]
CONVERTER = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")


def _path(rule, values, bad_arg=None, bad=""):
    """The rule's address with real values, and bad appended to one argument when told."""
    def fill(match):
        name = match.group(1)
        return quote(values[name] + (bad if name == bad_arg else ""), safe="/")
    return CONVERTER.sub(fill, rule.rule)


def _requests(app, values):
    """Every (method, url, form) to try: each path argument spoiled, then the query, then the form."""
    rules = sorted(app.url_map.iter_rules(), key=lambda rule: rule.endpoint == "auth.logout")  # sign out last
    for rule in rules:
        for method in sorted(rule.methods & {"GET", "POST"}):
            for bad in BAD:
                for name in rule.arguments:
                    yield method, _path(rule, values, name, bad), None
                yield method, _path(rule, values) + "?" + urlencode({name: bad for name in QUERY_NAMES}), None
                if method == "POST":
                    yield method, _path(rule, values), {name: "x" + bad + "1" for name in FORM_NAMES}


@pytest.mark.parametrize("who", ["nobody", "admin"])
def test_every_route_answers_control_characters_without_a_server_error(ctx, app, client, auth, who):
    """Walks app.url_map with GET and POST, signed in as an admin and as nobody, on SQLite and PostgreSQL."""
    event = open_event()
    entry = gen_registration_now(event)
    values = {"slug": event.slug, "token": entry.token, "code": event.checkin_code, "fmt": "csv",
              "filename": "css/app.css", "user_id": str(gen_user("someone").id), "number": "1",
              "list_id": str(commune().unit_list_id), "unit_id": str(commune().id),
              "campaign_id": str(event.campaign_id), "device_id": "1"}
    gen_user("admin", role="admin")
    if who == "admin":
        auth.login("admin")
    token = csrf_from(client, "/manage/" if who == "admin" else "/login")
    failures = []
    for method, url, form in _requests(app, values):
        data = dict(form, csrf_token=token) if form is not None else {"csrf_token": token}
        try:
            status = client.open(url, method=method, data=data if method == "POST" else None).status_code
        except Exception as error:  # noqa: BLE001  (TESTING propagates what a server would answer with 500)
            status = repr(error)[:120]
        if not isinstance(status, int) or status >= 500:
            failures.append((method, url, sorted(form or {})[:1], status))
    assert failures == []


@pytest.mark.parametrize("url", ["/t/%00", "/c/%00", "/events/%00", "/t/%00/qr.png", "/events/a%0Ab"])
def test_control_characters_in_a_path_are_not_found(ctx, client, url):
    response = client.get(url)
    assert response.status_code == 404 and "Không tìm thấy trang" in response.text


@pytest.mark.parametrize("url", ["/events?q=%00", "/events?q=lan%01", "/login?next=%00", "/dashboard/?kind=%1b"])
def test_control_characters_in_a_query_are_a_bad_request(ctx, client, url):
    response = client.get(url)
    assert response.status_code == 400 and "Yêu cầu không hợp lệ" in response.text


FIELD_MESSAGE = "Ô này có ký tự không hợp lệ"
NEXT_TO_FIELD = '-error">' + FIELD_MESSAGE  # the message under a field (the form's summary repeats it)


def test_registration_with_a_nul_in_the_name_keeps_the_form_with_a_message(ctx, client):
    event = gen_event()
    token = csrf_from(client, f"/events/{event.slug}")
    response = client.post(f"/events/{event.slug}/register",
                           data=form_data(csrf_token=token, full_name="Nguyễn Thị\x00 Lan", phone="0912\x01345678"))
    assert response.status_code == 422 and response.text.count(NEXT_TO_FIELD) == 2
    assert 'value="Nguyễn Thị Lan"' in response.text and "\x00" not in response.text
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 0


def test_login_with_a_nul_is_refused_next_to_the_field(ctx, client):
    gen_user()
    token = csrf_from(client, "/login")
    response = client.post("/login", data={"csrf_token": token, "username": "organiser\x00", "password": PASSWORD})
    assert response.status_code == 422 and FIELD_MESSAGE in response.text
    assert 'value="organiser"' in response.text


def test_event_title_with_a_control_character_is_not_saved(ctx, client, auth):
    gen_user("admin", role="admin")
    auth.login("admin")
    token = csrf_from(client, "/manage/events/new")
    response = client.post("/manage/events/new", data={
        "csrf_token": token, "kind": "training", "title": "=Tập huấn\x07", "commune": "10198", "venue": "Hội trường",
        "description": "Dòng một\r\nDòng hai\tcột", "starts_at": "2030-11-20T08:00", "ends_at": "2030-11-20T11:00"})
    assert response.status_code == 422 and response.text.count(NEXT_TO_FIELD) == 1
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0


def test_desk_scan_with_a_nul_is_an_unknown_ticket(ctx, client, auth, htmx):
    gen_user()
    auth.login()
    token = csrf_from(client, "/manage/")
    event = open_event()
    response = htmx.post(f"/manage/events/{event.slug}/scan", target="scan-result", csrf=token, data={"code": "\x00"})
    assert response.status_code == 200 and "Không tìm thấy vé" in response.text
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_a_device_cookie_with_a_nul_is_ignored_at_self_check_in(ctx, client):
    event = open_event(kind="communication")
    token = csrf_from(client, f"/c/{event.checkin_code}")
    client.set_cookie("device", "\x00abc")
    walk_in = {"csrf_token": token, "full_name": "Phạm Văn Bình", "sex": "male", "birth_year": "1975", "commune": "10183",
               "consent": "y"}
    refused = client.post(f"/c/{event.checkin_code}/walk-in", data=walk_in)
    assert refused.status_code == 403 and "hết hạn" in refused.text  # treated as a browser without one: scan again
    client.get(f"/c/{event.checkin_code}")  # scanning again gives this phone a proper device cookie
    response = client.post(f"/c/{event.checkin_code}/walk-in", data=walk_in)
    assert response.status_code == 200 and 'class="scan-result new"' in response.text
    assert db.session.scalar(select(Attendance.device)) not in (None, "\x00abc")


def test_a_number_too_big_for_the_database_in_any_path_is_not_found(ctx, app, client, auth):
    """Every route with a number in its path, as an admin: a number beyond the database's integers (PostgreSQL's
    int4) is 'not found', never a server error."""
    gen_user("admin", role="admin")
    auth.login("admin")
    token = csrf_from(client, "/manage/")
    failures, tried = [], 0
    for rule in app.url_map.iter_rules():
        numbers = [name for name, converter in rule._converters.items() if converter.__class__.__name__.endswith(
            "IntegerConverter") or converter.regex == r"\d+"]
        if not numbers:
            continue
        url = re.sub(r"<([a-z]+)(\([^)]*\))?:([a-z_]+)>", lambda m: "99999999999" if m.group(3) in numbers
                     else "x", rule.rule)
        for method in sorted(rule.methods & {"GET", "POST"}):
            tried += 1
            try:
                status = client.open(url, method=method, data={"csrf_token": token}).status_code
            except Exception as error:  # noqa: BLE001
                status = repr(error)[:120]
            if status != 404:
                failures.append((method, url, status))
    assert tried >= 5 and failures == []
    assert client.get("/manage/requests?erased=99999999999").status_code == 200  # a number in the query too
