"""The offline desk's shell page, its service worker and its web app manifest. The shell holds no personal data
and no session: everything about the event comes from the API with the device token, kept in the device's
IndexedDB."""
import hashlib

from flask import jsonify, make_response, render_template, url_for

from portal.desk_app.blueprint import bp
from portal.i18n import gettext as _
from portal.web.templating import static_url

# What the shell loads: cached by the service worker so that the page opens with no network at all.
ASSETS = ("css/portal.css", "vendor/idb/umd.js", "vendor/jsqr/jsQR.js", "js/scanner.js", "js/desk-app.js",
          "icons/desk-192.png", "icons/desk-512.png")


def _shell():
    """The shell page's HTML (the same for everyone in one language: no token, no name, no CSRF token)."""
    return render_template("desk_app/index.html", texts=_texts(), api_root=url_for("api.openapi").rsplit("/", 1)[0])


@bp.get("/")
def shell():
    """The offline desk. A link from the desk page carries the device token in its #fragment, never sent here."""
    response = make_response(_shell())
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/sw.js")
def service_worker():
    """The service worker: caches the shell and its assets under a version named by their content, so a changed
    page or script installs a new worker (and the page offers to reload)."""
    shell_url = url_for("desk_app.shell")
    assets = [static_url(name) for name in ASSETS] + [url_for("desk_app.manifest")]
    version = hashlib.sha256("\n".join([_shell(), *assets]).encode()).hexdigest()[:12]
    response = make_response(render_template("desk_app/sw.js", version=version, shell=shell_url, assets=assets))
    response.headers["Content-Type"] = "text/javascript; charset=utf-8"
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/manifest.webmanifest")
def manifest():
    """The web app manifest that makes the desk installable on a phone's home screen."""
    response = jsonify({
        "name": _("Bàn điểm danh ngoại tuyến"), "short_name": _("Điểm danh"), "lang": "vi",
        "start_url": url_for("desk_app.shell"), "scope": url_for("desk_app.shell"), "display": "standalone",
        "background_color": "#fafafa", "theme_color": "#c2410c",
        "icons": [{"src": static_url(f"icons/desk-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png",
                   "purpose": "any maskable"} for size in (192, 512)]})
    response.headers["Content-Type"] = "application/manifest+json"
    return response


def _texts():
    """The words the desk's script shows, translated here (the script has none of its own)."""
    return {
        "online": _("Trực tuyến"), "offline": _("Ngoại tuyến"),
        "pending": _("Chờ đồng bộ: %(count)s lượt"), "never_synced": _("Chưa đồng bộ lần nào"),
        "last_sync": _("Đồng bộ lần cuối lúc %(time)s"), "not_synced": _("chưa đồng bộ"), "synced": _("đã đồng bộ"),
        "ready": _("Sẵn sàng quét."), "new": _("Đã điểm danh"), "already": _("Đã điểm danh trước đó"),
        "first_scan": _("Lần quét đầu lúc %(time)s"), "refused": _("Không điểm danh được"),
        "unknown_here": _("Không có vé này trong danh sách trên máy. Lượt quét sẽ được gửi lên để kiểm tra."),
        "elsewhere": _("Nơi khác"),
        "flag_other_desk": _("Trùng: người này đã được điểm danh ở bàn khác lúc %(time)s."),
        "flag_refused": _("Máy chủ không nhận lượt quét này: %(message)s"),
        "server_new": _("Máy chủ đã nhận vé này (máy chưa có vé lúc quét)."),
        "window_closed": _("Đã hết giờ điểm danh cho hoạt động này."),
        "window_not_open": _("Chưa đến giờ điểm danh (mở lúc %(time)s)."),
        "tickets_here": _("Vé trên máy: %(count)s, đã điểm danh: %(done)s"),
        "no_device": _("Thiết bị này chưa có mã. Tại bàn điểm danh của hoạt động, cán bộ nhấn “Cấp mã cho thiết bị” "
                       "rồi mở liên kết hiện ra trên máy này (hoặc quét mã QR của liên kết)."),
        "link_bad": _("Liên kết không đúng. Hãy dán cả liên kết hiện ra sau khi cấp mã cho thiết bị."),
        "other_event_pending": _("Máy còn %(count)s lượt quét của hoạt động trước chưa đồng bộ; hãy kết nối mạng để "
                                 "đồng bộ trước khi chuyển hoạt động."),
        "token_refused": _("Máy chủ không nhận mã của thiết bị này: %(message)s"),
        "cleared": _("Đã hết giờ điểm danh; danh sách vé đã được xóa khỏi máy."),
        "unsupported": _("Trình duyệt này không chạy được bàn điểm danh ngoại tuyến. Hãy dùng bàn điểm danh thường "
                         "hoặc mở bằng Chrome, Firefox hay Safari mới."),
        "new_version": _("Có phiên bản mới của bàn điểm danh."),
        "walk_in_new": _("Đã ghi người đến tại chỗ"),
        "field_required": _("Vui lòng điền mục này."), "sex_required": _("Vui lòng chọn giới tính."),
        "year_bad": _("Năm sinh gồm 4 chữ số, ví dụ 1980."), "unit_required": _("Vui lòng chọn nơi cư trú."),
        "phone_bad": _("Số điện thoại không đúng (ví dụ 0912 345 678)."),
        "consent_required": _("Người đăng ký cần đồng ý với thông báo về dữ liệu cá nhân."),
        "fix_fields": _("Vui lòng sửa các mục được đánh dấu."),
        "leave": _("Còn lượt quét chưa đồng bộ. Rời trang bây giờ thì chúng vẫn nằm trên máy và sẽ gửi khi mở lại."),
    }
