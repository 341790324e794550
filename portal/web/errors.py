"""Error pages in the reader's language; never a bare 500, even with the database failing or gone."""
from flask import current_app, g, jsonify, make_response, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from portal.extensions import db, login_manager
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l
from portal.storage.writes import WriterBusy, is_busy
from portal.web.htmx import is_htmx, retarget

# The plain refusals: status -> (title, message), in the reader's language when shown.
PAGES = {
    400: (_l("Yêu cầu không hợp lệ"), _l("Dữ liệu gửi lên không hợp lệ. Vui lòng thử lại.")),
    404: (_l("Không tìm thấy trang"), _l("Địa chỉ này không tồn tại hoặc đã bị gỡ.")),
    405: (_l("Không thực hiện được"), _l("Thao tác này không được hỗ trợ tại địa chỉ này.")),
    413: (_l("Dữ liệu quá lớn"), _l("Dữ liệu gửi lên quá lớn. Vui lòng gửi tệp nhỏ hơn.")),
    429: (_l("Quá nhiều yêu cầu"), _l("Bạn đã thử quá nhiều lần. Vui lòng đợi một lúc rồi thử lại.")),
}


# The JSON API's machine codes for the plain refusals and failures (its answers are never HTML).
API_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large", 429: "too_many",
             500: "server_error", 503: "unavailable"}


def api_error(status, code, message):
    """A JSON API refusal: a machine code and a message for people."""
    return make_response(jsonify(code=code, message=str(message)), status)


def _page(status, title, message):
    """The styled error page with this status; for htmx, the message in the page's alert box instead of a swap
    into the region that asked (the form there keeps what was typed); for the JSON API, JSON."""
    if request.path.startswith("/api/"):
        return api_error(status, API_CODES.get(status, "error"), message)
    if is_htmx():
        return retarget(make_response(render_template("errors/_alert.html", title=title, message=message), status),
                        "#request-error")
    return make_response(render_template("errors/error.html", status=status, title=title, message=message), status)


def refusal(status):
    """The plain refusal page for status (one of PAGES), for a handler of its own that does not apply."""
    title, message = PAGES[status]
    return _page(status, str(title), str(message))


def _after_failure():
    """Roll back the failed transaction and load the signed-in account now, or render as signed out when the
    database cannot answer: the page's menu must not be what fails."""
    try:
        db.session.rollback()
        current_user.is_authenticated  # noqa: B018  (loads the account while we can still catch the failure)
    except SQLAlchemyError:
        g._login_user = login_manager.anonymous_user()  # Flask-Login's own slot for the request's user


def _busy():
    """Another writer held the database too long: try again in a few seconds (nothing was written)."""
    db.session.rollback()
    response = _page(503, _("Hệ thống đang bận"), _("Nhiều người đang gửi cùng lúc nên chưa lưu được. Vui lòng gửi lại "
                                                   "sau vài giây."))
    response.headers["Retry-After"] = str(max(int(current_app.config["WRITE_LOCK_TIMEOUT"]), 1))
    return response


def init_app(app):
    """Register handlers for the errors a person can meet."""

    @app.errorhandler(CSRFError)
    def csrf_failed(_error):
        return _page(400, _("Phiên làm việc đã hết hạn"),
                     _("Trang đã mở quá lâu hoặc thiếu mã bảo mật. Vui lòng tải lại trang rồi gửi lại."))

    for status, (title, message) in PAGES.items():
        app.register_error_handler(status, lambda _error, status=status, title=title, message=message:
                                   _page(status, str(title), str(message)))

    @app.errorhandler(WriterBusy)
    def writer_busy(_error):
        return _busy()

    @app.errorhandler(OperationalError)
    def database_unavailable(error):
        if is_busy(error):
            return _busy()
        # The statement's values (personal data) are kept out of the message by the engine's hide_parameters.
        current_app.logger.error("Database unavailable: %s", error)
        _after_failure()
        return _page(503, _("Hệ thống tạm thời gián đoạn"),
                     _("Không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau ít phút."))

    @app.errorhandler(500)
    def server_error(_error):
        _after_failure()
        return _page(500, _("Có lỗi xảy ra"), _("Hệ thống gặp lỗi. Vui lòng thử lại sau ít phút."))
