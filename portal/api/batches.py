"""Reading the batches devices send: a malformed batch is refused whole (ApiRefused, 400); a walk-in the form
refuses is answered by itself, since a desk cannot correct what it queued offline."""
from datetime import datetime

from werkzeug.datastructures import MultiDict

from portal import clock
from portal.api.blueprint import ApiRefused
from portal.checkin import CheckinRefused
from portal.i18n import lazy_gettext as _l
from portal.self_checkin.forms import WalkInForm
from portal.web.guard import has_control, without_control

MAX_BATCH = 200
_WALK_IN_FIELDS = ("full_name", "sex", "birth_year", "commune", "phone", "notice_version")


def items(body, name, message):
    """The list body[name] of at most MAX_BATCH items; raises ApiRefused (message for a body that is not one)."""
    if not isinstance(body, dict) or not isinstance(body.get(name), list):
        raise ApiRefused(400, "bad_json", message)
    if len(body[name]) > MAX_BATCH:
        raise ApiRefused(400, "too_many_items", _l("Mỗi lần gửi tối đa %(count)s lượt quét.", count=MAX_BATCH))
    return body[name]


def key(item, message):
    """The item's idempotency key (its id); raises ApiRefused with message when the item or its id is unusable."""
    value = item.get("id") if isinstance(item, dict) else None
    if not isinstance(value, str) or not 0 < len(value) <= 36 or has_control(value):
        raise ApiRefused(400, "bad_item", message)
    return value


def scans(body):
    """The batch's scans as (key, code, scanned_at); raises ApiRefused for a body that is not a valid batch."""
    found = []
    missing = _l("Một lượt quét thiếu mã lượt (id) hoặc mã vé (code).")
    for item in items(body, "checkins", _l("Dữ liệu gửi lên không phải là một lô điểm danh hợp lệ (JSON).")):
        scan_key, code = key(item, missing), item.get("code")
        if not isinstance(code, str) or len(code) > 300:
            raise ApiRefused(400, "bad_item", missing)
        found.append((scan_key, "" if has_control(code) else code, scan_time(item.get("scanned_at"))))
    return found


def walk_ins(body, communes):
    """The batch's walk-ins as (key, scanned_at, details or the form's refusal, notice); raises ApiRefused for a body
    that is not a valid batch."""
    found = []
    for item in items(body, "walkins", _l("Dữ liệu gửi lên không phải là một lô người đến tại chỗ hợp lệ (JSON).")):
        walk_in_key = key(item, _l("Một người đến tại chỗ thiếu mã lượt (id)."))
        at = scan_time(item.get("scanned_at"))
        form = walk_in_form(item, communes)
        if form.validate():
            found.append((walk_in_key, at, form.details(), form.notice))
        else:
            errors = {field.name: str(field.errors[0]) for field in form if field.errors}
            found.append((walk_in_key, at, CheckinRefused("invalid", _l(
                "Thông tin của người đến tại chỗ chưa đầy đủ hoặc chưa đúng; chưa điểm danh."), errors=errors), None))
    return found


def walk_in_form(item, communes):
    """The self check-in walk-in form, filled in with the item's fields as if they had been typed (no CSRF: the
    device token stands for it); text with control characters is refused next to its field."""
    data, removed = MultiDict(), set()
    for name in _WALK_IN_FIELDS:
        value = item.get(name)
        if isinstance(value, str | int) and not isinstance(value, bool):
            text = str(value)
            if has_control(text):
                text = without_control(text)
                removed.add(name)
            data[name] = text
    data.setdefault("notice_version", "0")  # the notice seen must be named: none is asked to consent again
    if item.get("consent") is True:
        data["consent"] = "y"
    form = WalkInForm(communes, formdata=data, meta={"csrf": False})
    form.controls_removed = frozenset(removed)
    return form


def scan_time(text):
    """The device's scan time as naive local time (None when not given); raises ApiRefused when unreadable."""
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text) if isinstance(text, str) and len(text) <= 40 else None
    except ValueError:
        moment = None
    if moment is None:
        raise ApiRefused(400, "bad_item", _l("Thời điểm quét (scanned_at) phải theo dạng ISO 8601."))
    if moment.tzinfo is not None:
        moment = clock.local(moment)
    return moment.replace(microsecond=0)
