"""Error pages: a failed write or an unreachable database still gives a styled page in Vietnamese, never a bare one."""
from flask_login import current_user, login_required
from sqlalchemy.engine import make_url

from portal import create_app
from portal.extensions import db
from tests.conftest import TEST_CONFIG, ServerLikeClient, csrf_from
from tests.factories import gen_user

STYLED = '<link rel="stylesheet"'


def test_a_write_failing_mid_flush_while_signed_in_shows_the_styled_error_page(app, ctx, client, auth):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the error handler answers, not the test

    @app.post("/manage-test/break")
    @login_required
    def break_a_write():
        """A write the database refuses at flush (the role check constraint)."""
        current_user.role = "nobody"
        db.session.flush()

    gen_user()
    auth.login()
    response = client.post("/manage-test/break", data={"csrf_token": csrf_from(client, "/manage/")})
    assert response.status_code == 500
    assert STYLED in response.text and "Có lỗi xảy ra" in response.text
    assert client.get("/manage/").status_code == 200  # the next request is served normally


def _unreachable(database_url, tmp_path):
    """A URL of the same kind as the test database where no database answers."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return "sqlite:///" + str(tmp_path / "missing-folder" / "portal.sqlite3")
    return url.set(host="127.0.0.1", port=9).render_as_string(hide_password=False)  # discard port: nobody listens


def test_a_signed_in_request_with_the_database_down_gets_the_styled_page(app, ctx, client, auth, database_url,
                                                                          tmp_path):
    gen_user()
    auth.login()
    cookie = client.get_cookie("session").value
    down = create_app({**TEST_CONFIG, "PROPAGATE_EXCEPTIONS": False,
                       "SQLALCHEMY_DATABASE_URI": _unreachable(database_url, tmp_path)})
    down.test_client_class = ServerLikeClient
    browser = down.test_client()
    browser.set_cookie("session", cookie)
    response = browser.get("/manage/")
    assert response.status_code == 503
    assert STYLED in response.text and "tạm thời gián đoạn" in response.text
