"""Device tokens: an organiser issues one for one event at the desk (shown once, stored as a keyed hash), lists and
revokes them; each expires when the event's check-in window closes; the API accepts only a live one for its event."""
import re
from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEntry, DeviceToken
from tests.conftest import csrf_from
from tests.factories import commune, gen_user, open_event


def _signed_in(client, auth, **user):
    gen_user(**user)
    auth.login(user.get("username", "organiser"))
    return csrf_from(client, "/manage/")


def _issue(client, csrf, event):
    response = client.post(f"/manage/events/{event.slug}/devices", data={"csrf_token": csrf})
    assert response.status_code == 200
    return re.search(r'<output id="device-token">([A-Za-z0-9_-]{30,})</output>', response.text).group(1)


def _counts(client, event, token):
    return client.get(f"/api/v1/events/{event.slug}/counts", headers={"Authorization": f"Bearer {token}"})


def test_organiser_issues_a_token_shown_once_and_stored_as_a_keyed_hash(ctx, client, auth):
    csrf = _signed_in(client, auth)
    event = open_event()
    page = client.get(f"/manage/events/{event.slug}/desk").text
    assert "Cấp mã cho thiết bị" in page
    token = _issue(client, csrf, event)
    stored = db.session.scalars(select(DeviceToken)).one()
    assert token not in (stored.token_hash or "") and stored.event_id == event.id
    assert stored.expires_at == event.checkin_window[1]
    assert token not in client.get(f"/manage/events/{event.slug}/desk").text
    assert db.session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(1)) == "device_token_issued"
    response = _counts(client, event, token)
    assert response.status_code == 200 and response.json["attendances"] == 0


def test_revoked_token_is_refused(ctx, client, auth):
    csrf = _signed_in(client, auth)
    event = open_event()
    token = _issue(client, csrf, event)
    stored = db.session.scalars(select(DeviceToken)).one()
    page = client.get(f"/manage/events/{event.slug}/desk").text
    assert "Thu hồi" in page
    response = client.post(f"/manage/events/{event.slug}/devices/{stored.id}/revoke", data={"csrf_token": csrf})
    assert response.status_code == 200 and "Đã thu hồi" in response.text
    refused = _counts(client, event, token)
    assert refused.status_code == 401 and refused.json["code"] == "token_revoked" and refused.json["message"]
    assert db.session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(1)) == "device_token_revoked"


def test_missing_wrong_expired_and_other_events_tokens_are_refused_as_json(ctx, client, auth, clock_at):
    csrf = _signed_in(client, auth)
    event, other = open_event(), open_event(title="Buổi khác")
    token = _issue(client, csrf, event)
    missing = client.get(f"/api/v1/events/{event.slug}/counts")
    assert missing.status_code == 401 and missing.json["code"] == "token_missing"
    assert "mã thiết bị" in missing.json["message"]
    wrong = _counts(client, event, "x" * 32)
    assert wrong.status_code == 401 and wrong.json["code"] == "token_unknown"
    elsewhere = _counts(client, other, token)
    assert elsewhere.status_code == 403 and elsewhere.json["code"] == "other_event"
    unknown_event = _counts(client, type("E", (), {"slug": "khongco"}), token)
    assert unknown_event.status_code == 404 and unknown_event.json["code"] == "not_found"
    clock_at(event.checkin_window[1] + timedelta(minutes=1))
    expired = _counts(client, event, token)
    assert expired.status_code == 401 and expired.json["code"] == "token_expired"


def test_organiser_of_another_unit_cannot_issue_or_revoke(ctx, client, auth):
    csrf = _signed_in(client, auth, username="elsewhere", commune_code="10183")
    event = open_event(commune=commune("10198"))
    assert commune("10183") is not None
    response = client.post(f"/manage/events/{event.slug}/devices", data={"csrf_token": csrf})
    assert response.status_code == 404 and db.session.scalars(select(DeviceToken)).all() == []


def test_unknown_api_address_answers_json_not_html(ctx, client):
    response = client.get("/api/v1/nothing")
    assert response.status_code == 404 and response.is_json and response.json["code"] == "not_found"
