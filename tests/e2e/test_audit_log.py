"""Browser test on a 360 px phone, JavaScript on and off: a district admin opens the audit log and filters it."""
import re
from datetime import timedelta

from playwright.sync_api import expect

from portal import clock
from portal.extensions import db
from portal.models import AuditEntry
from tests.e2e.helpers import BOTH, PHONE, fits, sign_in
from tests.factories import gen_user


@BOTH
def test_an_admin_filters_the_log_by_action_on_a_phone(app, live_server, phone_context, javascript):
    with app.app_context():
        admin, other = gen_user("admin", role="admin"), gen_user("hoabinh")
        now = clock.now()
        db.session.add_all([AuditEntry(created_at=now - timedelta(minutes=n), user_id=other.id,
                                       action="people_viewed", target="abc123", address="f" * 24) for n in range(6)]
                           + [AuditEntry(created_at=now, user_id=admin.id, action="attendance_exported_phones",
                                         target="xyz789", address="e" * 24)])
        db.session.commit()
    page = sign_in(phone_context(javascript).new_page(), live_server, "admin")
    page.get_by_role("link", name="Nhật ký thao tác").click()
    expect(page.locator("#audit-count")).to_have_text("7 mục")
    fits(page)
    page.select_option("#action", "attendance_exported_phones")
    if not javascript:
        page.get_by_role("button", name="Lọc").click()
    expect(page.locator("#audit-count")).to_have_text("1 mục")
    expect(page).to_have_url(re.compile(r"action=attendance_exported_phones"))
    entry = page.locator(".audit-entry")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("Tải danh sách tham dự kèm số điện thoại")
    expect(entry).to_contain_text("xyz789")
    expect(entry).to_contain_text("admin")
    fits(page)
    button = page.get_by_role("button", name="Lọc").bounding_box()
    select = page.locator("#action").bounding_box()
    assert button["height"] >= 44 and select["height"] >= 44, (button, select)
    box = entry.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
