"""View tests: earlier campaigns stay browsable read-only (/chien-dich, /chien-dich/<id>), and every page names the
current campaign's organising body."""
import re
from datetime import datetime

from sqlalchemy import select

from portal.extensions import db
from portal.models import Campaign
from tests.conftest import csrf_from
from tests.factories import commune, form_data, gen_campaign, gen_event, gen_unit_list


def listed_titles(page):
    """The event titles a list shows, in order."""
    return re.findall(r'<a class="title" href="/events/[^"]+">([^<]+)</a>', page)


def test_the_list_of_campaigns_links_every_campaign_and_marks_the_current_one(ctx, client):
    earlier = gen_campaign(year=2022, title="Tháng hành động năm 2022", organiser_name="Huyện Thường Tín")
    page = client.get("/chien-dich").text
    assert f'href="/chien-dich/{earlier.id}"' in page and "Tháng hành động năm 2022" in page
    assert "15/11/2022 – 15/12/2022" in page
    current = db.session.scalar(select(Campaign).where(Campaign.year == 2026))
    entry = re.search(rf'<li[^>]*id="campaign-{current.id}"[^>]*>(.*?)</li>', page, re.S).group(1)
    assert "Đang diễn ra" in entry or "Hiện tại" in entry
    assert page.index(current.title) < page.index("Tháng hành động năm 2022")  # the latest first


def test_an_earlier_campaigns_page_shows_it_and_only_its_events_with_the_same_filters(ctx, client):
    earlier = gen_campaign(year=2025, title="Tháng hành động năm 2025", theme="Chủ đề năm 2025",
                           organiser_name="Huyện Thường Tín, thành phố Hà Nội")
    gen_event(campaign=earlier, title="Tập huấn năm 2025", starts_at=datetime(2025, 11, 20, 8))
    gen_event(campaign=earlier, title="Mít tinh năm 2025", kind="communication", commune=commune("10183"),
              starts_at=datetime(2025, 11, 25, 8))
    gen_event(title="Tập huấn năm nay")
    page = client.get(f"/chien-dich/{earlier.id}").text
    assert "<h1>Tháng hành động năm 2025</h1>" in page and "Chủ đề năm 2025" in page
    assert "15/11/2025 – 15/12/2025" in page and "Huyện Thường Tín, thành phố Hà Nội" in page
    assert listed_titles(page) == ["Tập huấn năm 2025", "Mít tinh năm 2025"]
    assert listed_titles(client.get(f"/chien-dich/{earlier.id}?kind=communication").text) == ["Mít tinh năm 2025"]
    assert listed_titles(client.get(f"/chien-dich/{earlier.id}?commune=10198").text) == ["Tập huấn năm 2025"]
    assert listed_titles(client.get(f"/chien-dich/{earlier.id}?q=mit+tinh").text) == ["Mít tinh năm 2025"]
    assert f'action="/chien-dich/{earlier.id}"' in page


def test_the_filter_offers_the_units_of_the_campaigns_own_list(ctx, client):
    city = gen_campaign(year=2025, unit_list=gen_unit_list(units=(("10183", "Xã Thường Tín", "xa"),)))
    page = client.get(f"/chien-dich/{city.id}").text
    assert '<option value="10183">Xã Thường Tín</option>' in page and "Xã Hòa Bình" not in page


def test_the_results_alone_update_in_place_with_links_that_stay_on_the_campaign(ctx, htmx, app):
    app.config["EVENTS_PER_PAGE"] = 1
    earlier = gen_campaign(year=2025)
    for day in (20, 21):
        gen_event(campaign=earlier, title=f"Tập huấn ngày {day}", starts_at=datetime(2025, 11, day, 8))
    fragment = htmx.get(f"/chien-dich/{earlier.id}?kind=training", target="event-results").text
    assert fragment.lstrip().startswith('<section id="event-results"')
    assert f'href="/chien-dich/{earlier.id}?page=2&amp;kind=training"' in fragment


def test_an_event_of_a_past_campaign_takes_no_registration(ctx, client):
    earlier = gen_campaign(year=2025)
    slug = gen_event(campaign=earlier, starts_at=datetime(2025, 11, 20, 8)).slug
    assert "không nhận đăng ký trực tuyến nữa" in client.get(f"/events/{slug}").text
    response = client.post(f"/events/{slug}/register",
                           data=form_data(csrf_token=csrf_from(client, "/login")))  # its page has no form
    assert response.status_code == 422 and "không nhận đăng ký trực tuyến nữa" in response.text


def test_an_unknown_campaign_is_not_found(ctx, client):
    assert client.get("/chien-dich/999999").status_code == 404


def test_every_page_names_the_current_campaigns_organising_body(ctx, client):
    current = db.session.scalar(select(Campaign).where(Campaign.year == 2026))
    current.organiser_name = "UBND xã Thường Tín, thành phố Hà Nội"
    db.session.commit()
    for url in ("/", "/events", "/chien-dich", "/tickets/recover", "/login", "/khong-co"):
        footer = client.get(url).text.split('<footer class="site">', 1)[1]
        assert "UBND xã Thường Tín, thành phố Hà Nội" in footer, url
        assert "Huyện Thường Tín" not in footer, url
    hero = client.get("/").text.split('<section class="hero">', 1)[1].split("</section>", 1)[0]
    assert "UBND xã Thường Tín, thành phố Hà Nội" in hero and "Huyện Thường Tín" not in hero


def test_the_seeded_campaign_still_names_the_district(ctx, client):
    assert "Huyện Thường Tín, thành phố Hà Nội" in client.get("/").text.split('<footer class="site">', 1)[1]
