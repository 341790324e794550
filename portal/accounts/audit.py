"""The audit log: what staff did to personal data, events and accounts, kept without copying personal data.

An entry says who (a user id), when, what (one of models.AUDIT_ACTIONS), on what (an event's address or an account's
id) and from where (a keyed hash of the network address, made by the caller). Entries are only ever added: the
portal has no way to change or delete them.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select

from portal.extensions import db
from portal.i18n import lazy_gettext as _l
from portal.models import AUDIT_ACTIONS, AuditEntry
from portal.storage import run, writes

ACTION_LABELS = {
    "people_viewed": _l("Xem danh sách người tham gia"),
    "people_searched": _l("Tìm người tham gia"),
    "ticket_scanned": _l("Quét vé tại bàn điểm danh"),
    "manual_check_in": _l("Điểm danh bằng tìm tên"),
    "ticket_check_in": _l("Điểm danh từ trang vé"),
    "headcount_saved": _l("Lưu số người ước tính"),
    "event_created": _l("Tạo hoạt động"),
    "event_edited": _l("Sửa hoạt động"),
    "event_published": _l("Công bố hoạt động"),
    "event_cancelled": _l("Hủy hoạt động"),
    "event_restored": _l("Khôi phục hoạt động"),
    "account_created": _l("Tạo tài khoản"),
    "account_deactivated": _l("Khóa tài khoản"),
    "attendance_exported": _l("Tải danh sách tham dự (không kèm số điện thoại)"),
    "attendance_exported_phones": _l("Tải danh sách tham dự kèm số điện thoại"),
    "report_exported": _l("Tải báo cáo"),
    "data_purged": _l("Xóa dữ liệu cá nhân"),
    "campaign_closed": _l("Đóng chiến dịch"),
    "data_erased": _l("Xóa dữ liệu của một người theo yêu cầu"),
    "campaign_created": _l("Tạo chiến dịch"),
    "campaign_edited": _l("Sửa chiến dịch"),
    "campaign_pinned": _l("Ghim chiến dịch hiện tại"),
    "campaign_unpinned": _l("Bỏ ghim chiến dịch"),
    "registered_on_behalf": _l("Cộng tác viên đăng ký cho người dân"),
    "ticket_sheet_printed": _l("In tờ vé"),
    "device_token_issued": _l("Cấp mã cho thiết bị điểm danh"),
    "device_token_revoked": _l("Thu hồi mã của thiết bị điểm danh"),
}
assert set(ACTION_LABELS) == set(AUDIT_ACTIONS)


_INSERT = insert(AuditEntry.__table__)  # built once: every desk scan adds an entry


def entry(action, user_id, target, address, now):
    """One entry's column values: who (user_id) did action on target, from address (a keyed hash), at now."""
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    return dict(created_at=now, user_id=user_id, action=action, target=str(target or "")[:40], address=address[:32])


def add(values):
    """Add one entry (its values, from entry()) to the request's transaction: inserted now when the transaction holds
    the write lock already (a scan took it), else inserted when the request commits (a reading request takes no
    write lock for it)."""
    if writes.holds(db.session()):
        run(_INSERT, values)
    else:
        db.session.add(AuditEntry(**values))


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to list: an action, a user's id, a first and last day (each optional)."""

    action: str = ""
    user_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def entries(chosen):
    """A select of the entries chosen, newest first."""
    query = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if chosen.action:
        query = query.where(AuditEntry.action == chosen.action)
    if chosen.user_id is not None:
        query = query.where(AuditEntry.user_id == chosen.user_id)
    if chosen.date_from:
        query = query.where(AuditEntry.created_at >= datetime.combine(chosen.date_from, time()))
    if chosen.date_to:
        query = query.where(AuditEntry.created_at < datetime.combine(chosen.date_to + timedelta(days=1), time()))
    return query
