"""Logs: personal data of a failed statement never reaches the error log."""
import logging

import pytest

from portal import clock, tokens
from portal.extensions import db
from portal.models import Person, Registration
from tests.factories import gen_event, gen_registration

PHONE, NAME = "0912345678", "Nguyễn Thị Lan"


def _failing_insert():
    """Insert a person the database refuses (a sex outside the check constraint); the statement carries PII."""
    db.session.add(Person(full_name=NAME, name_key="nguyen thi lan", phone=PHONE, sex="robot", birth_year=1990,
                          role="other", created_at=clock.now()))
    db.session.flush()


def _duplicate_registration():
    """Insert a second registration of the same person for one event (a unique key the database enforces)."""
    entry = gen_registration(gen_event(), full_name=NAME, phone=PHONE)
    db.session.add(Registration(event_id=entry.event_id, person_id=entry.person_id, phone=PHONE,
                                person_key=entry.person_key, token=tokens.new_token(), short_code=tokens.new_short_code(),
                                consent_at=clock.now(), created_at=clock.now()))
    db.session.flush()


def test_a_failed_statement_in_a_request_logs_no_phone_or_name(app, caplog):
    """When a request fails on the database, does the error log show the phone number or the name?"""
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer 500 and log, as on a server
    app.add_url_rule("/failing-insert", "failing_insert", lambda: _failing_insert() or "")
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")
    response = app.test_client().get("/failing-insert")
    assert response.status_code == 500 and "Có lỗi xảy ra" in response.text
    assert "IntegrityError" in caplog.text and "parameters hidden" in caplog.text
    assert PHONE not in caplog.text and NAME not in caplog.text


@pytest.mark.parametrize("failing", [_failing_insert, _duplicate_registration])
def test_the_exception_text_of_an_integrity_error_holds_no_personal_data(ctx, failing):
    try:
        failing()
    except Exception as error:  # noqa: BLE001  (whichever error the driver raises)
        text = str(error) + repr(error)
    else:
        raise AssertionError("the database accepted a sex outside its check constraint")
    finally:
        db.session.rollback()
    assert "INSERT INTO" in text
    assert PHONE not in text and NAME not in text
