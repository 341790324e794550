"""View tests: signing in, roles, sessions, the first admin from the command line."""
import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import User
from tests.conftest import Auth, csrf_from
from tests.factories import PASSWORD, gen_user


def test_staff_pages_send_signed_out_people_to_login(client):
    response = client.get("/manage/")
    assert response.status_code == 302 and "/login?next=/manage/" in response.headers["Location"]


def test_expired_session_on_htmx_request_redirects_the_whole_page(client):
    response = client.get("/manage/events/abc/desk/search?q=lan",
                          headers={"HX-Request": "true", "HX-Current-URL": "http://localhost/manage/events/abc/desk"})
    assert response.status_code == 401 and response.headers["HX-Redirect"] == "/login?next=/manage/events/abc/desk"
    assert "<html" not in response.text


def test_login_and_logout(ctx, client, auth):
    gen_user()
    response = auth.login()
    assert response.status_code == 303 and response.headers["Location"] == "/manage/"
    assert "Hoạt động của bạn" in client.get("/manage/").text
    auth.logout()
    assert client.get("/manage/").status_code == 302


def test_sign_out_clears_site_data(ctx, client, auth):
    """The desk app keeps tickets, queued scans and caches in the browser: does signing out leave them behind?"""
    gen_user()
    auth.login()
    response = auth.logout()
    assert response.status_code == 303 and response.headers["Clear-Site-Data"] == '"cache", "storage"'


def test_wrong_password_is_refused_in_vietnamese(ctx, client, auth):
    gen_user()
    response = auth.login(password="sai-mat-khau-roi")
    assert response.status_code == 422 and "không đúng" in response.text


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example/"])
def test_login_goes_back_only_to_local_pages(ctx, client, target):
    """Browsers read '/\\host' as '//host': can a sign-in link send someone to another site?"""
    gen_user()
    token = csrf_from(client, "/login")
    response = client.post("/login", query_string={"next": target},
                           data={"csrf_token": token, "username": "organiser", "password": PASSWORD})
    assert response.headers["Location"] == "/manage/"


def test_login_is_rate_limited(ctx, client, auth):
    gen_user()
    statuses = [auth.login(password="sai-mat-khau-roi").status_code for _ in range(11)]
    assert statuses[:10] == [422] * 10 and statuses[10] == 429
    assert auth.login().status_code == 429  # even the right password waits


def test_changing_the_password_ends_other_sessions(app, ctx):
    gen_user()
    phone, laptop = app.test_client(), app.test_client()
    from tests.conftest import Auth

    Auth(phone).login()
    Auth(laptop).login()
    token = csrf_from(laptop, "/account/password")
    response = laptop.post("/account/password", data={"csrf_token": token, "current": PASSWORD, "new": "mot-mat-khau-moi-dai"})
    assert "Đã đổi mật khẩu" in response.text
    assert laptop.get("/manage/").status_code == 200
    assert phone.get("/manage/").status_code == 302


def test_short_new_password_is_refused(ctx, client, auth):
    gen_user()
    auth.login()
    token = csrf_from(client, "/account/password")
    response = client.post("/account/password", data={"csrf_token": token, "current": PASSWORD, "new": "ngan"})
    assert response.status_code == 422 and "ít nhất 10 ký tự" in response.text


def test_first_admin_comes_from_the_command_line(ctx, runner):
    result = runner.invoke(args=["users", "create-admin", "admin", "--name", "Phòng VH-XH"], input="mat-khau-quan-tri\nmat-khau-quan-tri\n")
    assert "Created admin account 'admin'" in result.output
    assert db.session.scalar(select(User).where(User.username == "admin")).is_admin
    weak = runner.invoke(args=["users", "create-admin", "admin2", "--password", "short"])
    assert weak.exit_code != 0


def test_organiser_command_needs_a_real_commune(ctx, runner):
    bad = runner.invoke(args=["users", "create-organiser", "lan", "--commune", "99999", "--password", "mat-khau-du-dai"])
    assert bad.exit_code != 0 and "no commune" in bad.output
    good = runner.invoke(args=["users", "create-organiser", "lan", "--commune", "10198", "--password", "mat-khau-du-dai"])
    assert good.exit_code == 0


def _add_account(client, auth, **fields):
    """An admin fills the new-account form at /manage/users."""
    gen_user("admin", role="admin")
    auth.login("admin")
    data = {"csrf_token": csrf_from(client, "/manage/users"), "full_name": "Lê Thị Hoa", "commune": "10183",
            "password": "mat-khau-du-dai", **fields}
    return client.post("/manage/users", data=data)


def test_admin_creates_an_organiser_bound_to_a_commune(ctx, client, auth):
    response = _add_account(client, auth, username="hoa", role="organiser")
    assert response.status_code == 303
    user = db.session.scalar(select(User).where(User.username == "hoa"))
    assert user.role == "organiser" and user.commune.code == "10183"


def test_organisers_see_no_other_staff_on_the_accounts_page(ctx, client, auth):
    """An organiser's accounts page is their unit's collaborators only (tests/test_collaborators.py)."""
    gen_user()
    gen_user("admin", role="admin")
    auth.login()
    page = client.get("/manage/users")
    assert page.status_code == 200 and "<td>admin</td>" not in page.text and "<td>organiser</td>" not in page.text


def test_a_tampered_role_is_refused(ctx, client, auth):
    response = _add_account(client, auth, username="x", role="superuser")
    assert response.status_code == 422 and "Vui lòng chọn vai trò" in response.text
    assert db.session.scalar(select(User).where(User.username == "x")) is None


def _session_cookie(client):
    return client.get_cookie("session").value


def _replay(app, cookie):
    """Someone else's browser holding a copy of the cookie."""
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other.get("/manage/")


def test_a_cookie_copied_before_logout_no_longer_works(app, ctx, client, auth):
    gen_user()
    auth.login()
    copied = _session_cookie(client)
    assert _replay(app, copied).status_code == 200
    auth.logout()
    response = _replay(app, copied)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def _deactivate(client, user_id):
    token = csrf_from(client, "/manage/users")
    return client.post(f"/manage/users/{user_id}/deactivate", data={"csrf_token": token})


def test_admin_deactivates_an_account_and_its_sessions_end(app, ctx, client, auth):
    organiser = gen_user()
    gen_user("admin", role="admin")
    phone = app.test_client()
    from tests.conftest import Auth

    Auth(phone).login()
    copied = _session_cookie(phone)
    auth.login("admin")
    assert f"/manage/users/{organiser.id}/deactivate" in client.get("/manage/users").text
    response = _deactivate(client, organiser.id)
    assert response.status_code == 303
    assert "Đã khóa" in client.get("/manage/users").text
    assert phone.get("/manage/").status_code == 302
    assert _replay(app, copied).status_code == 302
    assert Auth(app.test_client()).login().status_code == 422


def test_admin_cannot_deactivate_their_own_account(ctx, client, auth):
    admin = gen_user("admin", role="admin")
    auth.login("admin")
    response = _deactivate(client, admin.id)
    assert response.status_code == 422 and "Bạn không thể khóa tài khoản của chính mình" in response.text
    assert client.get("/manage/").status_code == 200


def test_organisers_cannot_deactivate_accounts(ctx, client, auth):
    gen_user()
    other = gen_user("other")
    auth.login()
    token = csrf_from(client, "/manage/")
    assert client.post(f"/manage/users/{other.id}/deactivate", data={"csrf_token": token}).status_code == 404
    assert Auth(client).login("other").status_code == 303


def test_the_tests_hash_passwords_cheaply_and_still_check_them(ctx, client, auth):
    user = gen_user()
    assert user.password_hash.startswith("pbkdf2:sha256:1$")
    assert auth.login(password="sai-mat-khau-roi").status_code == 422
    assert auth.login().status_code == 303


def test_the_production_default_is_still_scrypt(database_url):
    from portal import clock, create_app
    from portal.accounts import create_user

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "test"})
    assert app.config["PASSWORD_HASH_METHOD"] == "scrypt"
    with app.app_context():
        user = create_user("scrypt-admin", "Admin", PASSWORD, "admin", None, clock.now())
        assert user.password_hash.startswith("scrypt:32768:8:1$")
        db.session.rollback()
        db.session.remove()
        db.engine.dispose()
