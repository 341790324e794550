"""Consent to a versioned personal-data notice: stored with each registration and walk-in, published as a page."""
import hashlib
import importlib.util
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Attendance, Registration
from portal.registration import notices
from tests.conftest import csrf_from
from tests.factories import form_data, gen_event, gen_registration, open_event

V1_DIGEST = hashlib.sha256((notices.FOLDER / "v1.md").read_bytes()).hexdigest()
V2_TEXT = """---
effective: {effective}
---
# Thông báo về việc xử lý dữ liệu cá nhân (sửa đổi)

Mục đích mới: thống kê số người tham dự theo giới tính và theo độ tuổi.
"""
PAGE = "/thong-bao-du-lieu"


@pytest.fixture
def notice_folder(app, tmp_path):
    """A copy of the published notices that the test may add a version to."""
    folder = tmp_path / "notices"
    shutil.copytree(notices.FOLDER, folder)
    app.config["CONSENT_NOTICES_DIR"] = str(folder)
    return folder


def publish_v2(folder, effective="2026-01-01"):
    """Publish version 2 as the district would: its file and its line in SHA256SUMS."""
    path = folder / "v2.md"
    path.write_text(V2_TEXT.format(effective=effective), encoding="utf-8")
    with open(folder / "SHA256SUMS", "a", encoding="utf-8") as sums:
        sums.write(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  v2.md\n")


def _walk_in(client, event, **fields):
    token = csrf_from(client, f"/c/{event.checkin_code}")
    return client.post(f"/c/{event.checkin_code}/walk-in", data={
        "csrf_token": token, "full_name": "Phạm Văn Bình", "sex": "male", "birth_year": "1975", "commune": "10183",
        **fields})


def _register(client, event, **fields):
    token = csrf_from(client, f"/events/{event.slug}")
    return client.post(f"/events/{event.slug}/register", data=form_data(csrf_token=token, **fields))


def test_registration_stores_the_notice_version_and_when_it_was_accepted(ctx, client):
    event = gen_event()
    form = client.get(f"/events/{event.slug}").text
    assert f'href="{PAGE}"' in form and 'name="notice_version" type="hidden" value="1"' in form
    assert _register(client, event).status_code == 303
    entry = db.session.scalar(select(Registration))
    assert entry.consent_version == 1 and entry.consent_digest == V1_DIGEST and entry.consent_at is not None


def test_walk_in_stores_the_notice_version_and_when_it_was_accepted(ctx, client):
    event = open_event(kind="communication")
    response = _walk_in(client, event, consent="y", notice_version="1")
    assert 'class="scan-result new"' in response.text
    attendance = db.session.scalar(select(Attendance))
    assert (attendance.consent_version, attendance.consent_digest) == (1, V1_DIGEST)
    assert attendance.consent_at == attendance.created_at


def test_walk_in_without_consent_is_refused_next_to_the_box(ctx, client):
    event = open_event()
    page = client.get(f"/c/{event.checkin_code}").text
    assert f'href="{PAGE}"' in page and 'id="walk-in-consent"' in page
    response = _walk_in(client, event)
    assert response.status_code == 422
    box = response.text.split('id="field-walk-in-consent"', 1)[1].split("</div>", 1)[0]
    assert "Bạn cần đồng ý với thông báo về dữ liệu cá nhân" in box
    assert 'value="Phạm Văn Bình"' in response.text and 'value="1975"' in response.text
    assert db.session.scalar(select(Attendance)) is None


def test_a_form_shown_with_an_older_notice_asks_again(ctx, client, notice_folder):
    event = gen_event()
    publish_v2(notice_folder)
    response = _register(client, event, notice_version="1")
    assert response.status_code == 422 and "Thông báo về dữ liệu cá nhân đã được cập nhật" in response.text
    assert 'name="notice_version" type="hidden" value="2"' in response.text
    assert db.session.scalar(select(Registration)) is None


def test_the_notice_page_lists_the_versions_with_their_dates(ctx, client, notice_folder):
    publish_v2(notice_folder, effective="2026-11-20")
    page = client.get(PAGE)
    assert page.status_code == 200 and "Mục đích mới" in page.text
    assert "Phiên bản 2" in page.text and "20/11/2026" in page.text
    assert "01/11/2026" in page.text and f'href="{PAGE}/1"' in page.text
    old = client.get(f"{PAGE}/1")
    assert old.status_code == 200 and "Phòng Lao động - Thương binh và Xã hội" in old.text
    assert client.get(f"{PAGE}/9").status_code == 404


def test_the_footer_links_to_the_notice(client):
    assert f'href="{PAGE}"' in client.get("/").text.split("<footer", 1)[1]


def test_publishing_v2_changes_new_consents_only(ctx, client, notice_folder):
    event = gen_event()
    old = gen_registration(event, phone="0911111111")
    publish_v2(notice_folder)
    assert 'name="notice_version" type="hidden" value="2"' in client.get(f"/events/{event.slug}").text
    assert _register(client, event, notice_version="2").status_code == 303
    new = db.session.scalar(select(Registration).where(Registration.id != old.id))
    db.session.refresh(old)
    assert (old.consent_version, old.consent_digest) == (1, V1_DIGEST)
    assert new.consent_version == 2 and new.consent_digest != V1_DIGEST
    assert "Mục đích mới" not in client.get(f"{PAGE}/1").text and "UBND xã" in client.get(f"{PAGE}/1").text


def test_a_version_not_yet_in_effect_is_not_current(ctx, notice_folder):
    publish_v2(notice_folder, effective="2999-01-01")
    assert notices.current(date(2026, 12, 1)).number == 1
    assert notices.current(date(2999, 1, 1)).number == 2


def test_an_old_text_changed_silently_is_refused(ctx, notice_folder):
    path = notice_folder / "v1.md"
    path.write_text(path.read_text(encoding="utf-8").replace("31/3", "31/12"), encoding="utf-8")
    with pytest.raises(notices.NoticeChanged):
        notices.published()


def test_the_ticket_shows_which_notice_was_accepted_and_when(ctx, client):
    event = gen_event()
    entry = gen_registration(event)
    page = client.get(f"/t/{entry.token}").text
    assert "Đồng ý thông báo dữ liệu cá nhân" in page and f'href="{PAGE}/1"' in page
    assert entry.consent_at.strftime("%H:%M %d/%m/%Y") in page


def test_the_migration_gives_earlier_rows_the_published_v1():
    migration = Path(__file__).parents[1] / "migrations" / "versions" / "0009_consent_versions.py"
    spec = importlib.util.spec_from_file_location("consent_migration", migration)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.V1_DIGEST == V1_DIGEST
