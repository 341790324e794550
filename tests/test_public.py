"""View tests: the campaign home, the language switch, and the seed command."""
import re
from datetime import timedelta

from sqlalchemy import func, select

from portal import clock
from portal.extensions import db
from portal.models import Campaign, Commune, Event
from tests.factories import gen_event


def test_home_shows_the_campaign_and_what_is_on(ctx, client):
    gen_event(title="Tập huấn kỹ năng", kind="training")
    text = client.get("/").text
    campaign = db.session.scalar(select(Campaign))
    assert campaign.title in text and campaign.theme in text
    assert "15/11 – 15/12" in text and "Tập huấn kỹ năng" in text
    assert "Buổi tập huấn (1)" in text


def test_each_kinds_count_on_home_is_what_its_link_lists(ctx, client):
    now = clock.now()
    gen_event(title="Tập huấn sắp tới 1", kind="training")
    gen_event(title="Tập huấn sắp tới 2", kind="training", starts_at=now + timedelta(days=5))
    gen_event(title="Tập huấn đã qua 1", kind="training", starts_at=now - timedelta(days=2))
    gen_event(title="Tập huấn đã qua 2", kind="training", starts_at=now - timedelta(days=3))
    gen_event(title="Tập huấn bị hủy", kind="training", status="cancelled")
    gen_event(title="Tập huấn nháp", kind="training", status="draft")
    gen_event(title="Mít tinh đã qua", kind="communication", starts_at=now - timedelta(days=1))
    home = client.get("/").text
    for label, kind, listed in (("Buổi tập huấn", "training", 3), ("Hoạt động truyền thông", "communication", 0)):
        link = re.search(rf'href="(/events\?kind={kind})"[^>]*>{label} \((\d+)\)</a>', home)
        assert int(link.group(2)) == listed
        assert f"{listed} hoạt động" in client.get(link.group(1)).text  # the list the link opens says the same


def test_language_switch_offers_english_and_back(app, client):
    """Each request decides its language (no app context held across requests here, as in a real server)."""
    with app.app_context():
        gen_event()
    response = client.get("/lang/en?next=/events")
    assert response.status_code == 303 and response.headers["Location"] == "/events"
    english = client.get("/events").text
    assert '<html lang="en">' in english and "Events" in english and "Training" in english
    client.get("/lang/vi")
    assert "Các hoạt động" in client.get("/events").text


def test_language_switch_never_sends_people_elsewhere(client):
    for target in ("https://example.com/", "//example.com/", "javascript:alert(1)", "/\\example.com/"):
        assert client.get("/lang/en", query_string={"next": target}).headers["Location"] == "/"


def test_seed_loads_the_29_communes_and_demo_events_once(ctx, runner):
    for table in (Event,):
        db.session.execute(table.__table__.delete())
    db.session.commit()
    first = runner.invoke(args=["seed"])
    assert "demo events added: 59; 2022 demo: 59 events" in first.output
    second = runner.invoke(args=["seed"])
    assert "Communes added: 0" in second.output and "demo events added: 0" in second.output
    assert "2022 demo: 0 events, 0 attendances" in second.output
    assert db.session.scalar(select(func.count()).select_from(Commune)) == 29
    assert db.session.scalar(select(func.count()).select_from(Event)) == 59 * 2
    names = set(db.session.scalars(select(Commune.name)))
    assert {"Thị trấn Thường Tín", "Xã Hòa Bình", "Xã Minh Cường", "Xã Hiền Giang"} <= names


def test_seed_without_demo_adds_no_events(ctx, runner):
    result = runner.invoke(args=["seed", "--no-demo"])
    assert "demo events added: 0" in result.output
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0
