"""Headcounts: what they mean beside individual check-ins, splits that add up, and two staff correcting at once."""
import re

from sqlalchemy import select

from portal import clock, tally
from portal.catalogue import current_campaign
from portal.extensions import db
from portal.models import Headcount
from tests.conftest import A, Auth, B
from tests.factories import gen_registration_now, gen_user, open_event, simultaneously

HIDDEN_REVISES = re.compile(r'name="revises"[^>]*value="(\d+)"')


def _form(client, event):
    page = client.get(f"/manage/events/{event.slug}/headcount").text
    return {"csrf_token": re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page).group(1),
            "revises": HIDDEN_REVISES.search(page).group(1)}


def _totals(by):
    scope = tally.Scope(current_campaign(clock.now().date()).id)
    rows, totals = tally.compute(scope, clock.now(), by=by)
    return {r.key: r for r in rows}, totals


def _one_man_two_women(client, auth, split):
    """An organiser enters 1 man and 2 women for a new event, with split ({code: n}) by commune of residence."""
    gen_user()
    event = open_event(kind="communication")
    auth.login()
    return client.post(f"/manage/events/{event.slug}/headcount", data={
        **_form(client, event), "male": "1", "female": "2", "other": "0",
        **{f"commune-{code}": str(n) for code, n in split.items()}})


def test_a_split_by_commune_larger_than_the_total_is_refused(ctx, client, auth):
    response = _one_man_two_women(client, auth, {A: 50})
    assert response.status_code == 422
    assert "Tổng theo xã, thị trấn (50) lớn hơn tổng số người (3)" in response.text
    assert f'name="commune-{A}" inputmode="numeric" value="50"' in response.text  # what was typed stays
    assert db.session.scalar(select(Headcount)) is None


def test_host_and_residence_views_agree_on_a_split_headcount(ctx, client, auth):
    response = _one_man_two_women(client, auth, {B: 2})
    assert response.status_code == 303
    host_rows, host = _totals("host")
    home_rows, home = _totals("residence")
    assert host.participants.total == home.participants.total == 3
    assert home_rows[B].participants.total == 2 and home_rows[tally.UNKNOWN].participants.total == 1


def test_the_headcount_page_shows_individual_check_ins_and_asks_only_for_the_others(ctx, client, auth):
    """A cadre must not type the hall's total when some people were already scanned."""
    organiser = gen_user()
    event = open_event(kind="communication")
    from portal import checkin
    for phone, sex in (("0911000001", "male"), ("0911000002", "female")):
        entry = gen_registration_now(event, phone=phone, sex=sex)
        checkin.check_in_registration(event, entry, "ticket", clock.now(), user=organiser)
        db.session.commit()
    auth.login()
    page = client.get(f"/manage/events/{event.slug}/headcount").text
    assert "Đã điểm danh từng người: 2 (nam 1, nữ 1)" in page
    assert "chưa điểm danh từng người" in page and "không cộng lẫn" not in page
    client.post(f"/manage/events/{event.slug}/headcount", data={
        **_form(client, event), "male": "10", "female": "20", "other": "0"})
    detail = client.get(f"/manage/events/{event.slug}/headcount").text
    assert "Tổng số người tham dự: 32" in detail  # what the dashboard will show for this event
    assert _totals("host")[1].participants.total == 32


def test_two_staff_correcting_one_headcount_the_second_is_told(app, ctx):
    gen_user("first")
    gen_user("second")
    event = open_event(kind="communication")
    one, two = app.test_client(), app.test_client()
    Auth(one).login("first")
    Auth(two).login("second")
    form_one, form_two = _form(one, event), _form(two, event)
    assert one.post(f"/manage/events/{event.slug}/headcount",
                    data={**form_one, "male": "30", "female": "50", "other": "5"}).status_code == 303
    late = two.post(f"/manage/events/{event.slug}/headcount",
                    data={**form_two, "male": "40", "female": "40", "other": "0", "note": "của tôi"})
    assert late.status_code == 409
    assert "Người khác vừa lưu số lượng cho hoạt động này" in late.text
    assert "nam 30, nữ 50, khác 5" in late.text  # the numbers now stored
    assert 'value="40"' in late.text and "của tôi" in late.text  # what the second person typed stays
    assert [(h.male, h.female) for h in db.session.scalars(select(Headcount))] == [(30, 50)]
    again = two.post(f"/manage/events/{event.slug}/headcount",
                     data={**_form(two, event), "male": "40", "female": "40", "other": "0"})
    assert again.status_code == 303


def test_simultaneous_corrections_of_the_same_entry_keep_exactly_one(app, ctx):
    from portal.models import User
    from portal.tally import headcounts

    user = gen_user()
    event = open_event(kind="communication")
    headcounts.record_headcount(event, 1, 1, 0, {}, "", user, clock.now(), revises=0)
    db.session.commit()
    base = db.session.scalar(select(Headcount.id))
    event_id, user_id = event.id, user.id

    def correct(male):
        def action():
            from portal.models import Event
            try:
                headcounts.record_headcount(db.session.get(Event, event_id), male, 0, 0, {}, "",
                                            db.session.get(User, user_id), clock.now(), revises=base)
                db.session.commit()
                return "saved"
            except headcounts.HeadcountConflict:
                db.session.rollback()
                return "conflict"
        return action

    results = simultaneously(app, [correct(n) for n in range(10, 16)])
    assert sorted(results).count("saved") == 1 and results.count("conflict") == 5
    assert db.session.scalar(select(db.func.count()).select_from(Headcount)) == 2
