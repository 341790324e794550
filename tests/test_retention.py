"""Closing a campaign freezes its report; after the retention period `flask purge` removes its personal data and
every number stays the same."""
import re
from datetime import timedelta

from sqlalchemy import select

from portal import clock, tally
from portal.catalogue import current_campaign
from portal.extensions import db
from portal.models import (
    AuditEntry,
    Campaign,
    CampaignClosing,
    Event,
    Person,
    Registration,
)
from portal.text import fold
from tests.conftest import csrf_from

NAMES = ("Nguyễn Thị Lan", "Trần Văn Hùng", "Lê Thị Mai", "Người Tương Lai", "Phạm Văn Bình")
PHONES = ("0911111111", "0922222222", "0933333333", "0944444444", "0955555555")


def dump():
    """Every row of every table, as text."""
    db.session.expire_all()
    return {table.name: sorted(repr(tuple(row)) for row in db.session.execute(select(table)))
            for table in db.metadata.sorted_tables}


def numbers(campaign_id, talk_id):
    """What the dashboard computes: whole month, one kind, one event; by host and by residence."""
    now = clock.now()
    return [tally.compute(scope, now, by=by) for by in ("host", "residence") for scope in (
        tally.Scope(campaign_id), tally.Scope(campaign_id, kind="training"), tally.Scope(campaign_id, event_id=talk_id))]


def close(client, auth):
    """An admin closes the campaign through its confirmation page."""
    auth.login("admin")
    token = csrf_from(client, "/manage/campaign/close")
    return client.post("/manage/campaign/close", data={"csrf_token": token})


def later(clock_at, days):
    """Move the clock days ahead."""
    clock_at(clock.now() + timedelta(days=days))


def test_whole_campaign_closed_then_purged_keeps_every_number_and_no_personal_data(month, client, auth, clock_at,
                                                                                   runner):
    campaign = current_campaign(clock.now().date())
    talk = db.session.scalar(select(Event).where(Event.title == "C1"))
    auth.login("admin")
    csv_before = client.get("/dashboard/report.csv").data
    assert close(client, auth).status_code == 303
    later(clock_at, 91)  # the future event is held by now: the live count moved on, the closed report did not
    assert client.get("/dashboard/report.csv").data == csv_before
    dashboard_before, page_before = numbers(campaign.id, talk.id), _cells(client.get("/dashboard/").text)

    result = runner.invoke(args=["purge"])

    assert result.exit_code == 0 and f"Purged campaign {campaign.year}: 6 registrations, 5 attendances" in result.output
    assert client.get("/dashboard/report.csv").data == csv_before
    assert numbers(campaign.id, talk.id) == dashboard_before
    assert _cells(client.get("/dashboard/").text) == page_before
    rows = dump()
    for table, lines in rows.items():
        text = "\n".join(lines)
        for secret in NAMES + tuple(fold(n) for n in NAMES) + PHONES:
            assert secret not in text, (table, secret)
    assert set(db.session.scalars(select(Person.birth_year))) == {0}
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "data_purged")) == "data_purged"


def _cells(page):
    """The dashboard table's cells."""
    return re.findall(r"<td[^>]*>([^<]*)</td>", page)


def test_dry_run_says_what_would_go_and_changes_nothing(month, client, auth, clock_at, runner):
    close(client, auth)
    later(clock_at, 91)
    before = dump()
    result = runner.invoke(args=["purge", "--dry-run"])
    assert result.exit_code == 0
    assert re.search(r"Would purge campaign \d+: 6 registrations, 5 attendances, 8 persons, 7 reach marks", result.output)
    assert not any(secret in result.output for secret in NAMES + PHONES)
    assert dump() == before


def test_purging_twice_is_harmless(month, client, auth, clock_at, runner):
    close(client, auth)
    later(clock_at, 91)
    runner.invoke(args=["purge"])
    after_first = dump()
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0 and "Nothing to purge" in result.output
    assert dump() == after_first


def test_an_open_campaign_is_never_purged(month, clock_at, runner):
    before = dump()
    later(clock_at, 1000)
    assert "Nothing to purge" in runner.invoke(args=["purge"]).output
    assert dump() == before


def test_a_campaign_closed_less_than_the_retention_ago_is_kept(month, client, auth, clock_at, runner):
    close(client, auth)
    later(clock_at, 89)
    assert "Nothing to purge" in runner.invoke(args=["purge"]).output
    assert db.session.scalar(select(Person.full_name).where(Person.phone == PHONES[0])) == NAMES[0]
    later(clock_at, 2)
    assert "Purged campaign" in runner.invoke(args=["purge"]).output


def test_a_person_also_at_an_open_campaign_keeps_their_name(month, client, auth, clock_at, runner):
    lan = db.session.scalar(select(Registration).where(Registration.phone == PHONES[0]))
    other = Campaign(year=2099, title="Tháng hành động 2099", theme="-", starts_on=clock.now().date() + timedelta(
        days=3000), ends_on=clock.now().date() + timedelta(days=3030), lead_agency="-",
                     unit_list_id=current_campaign(clock.now().date()).unit_list_id)
    db.session.add(other)
    db.session.flush()
    later_event = Event(slug="later2099", campaign_id=other.id, kind="training", title="L", venue="-",
                        starts_at=clock.now() + timedelta(days=3000), ends_at=clock.now() + timedelta(days=3000))
    db.session.add(later_event)
    db.session.flush()
    db.session.add(Registration(event_id=later_event.id, person_id=lan.person_id, phone=PHONES[0], token="t" * 40,
                                short_code="ZZZZ9999", consent_at=clock.now(), created_at=clock.now()))
    db.session.commit()
    auth.login("admin")
    campaign = db.session.scalar(select(Campaign).where(Campaign.year != 2099))
    from portal.catalogue import closing
    closing.close(campaign, None, clock.now())
    db.session.commit()
    later(clock_at, 91)
    runner.invoke(args=["purge"])
    db.session.expire_all()
    assert db.session.get(Person, lan.person_id).full_name == NAMES[0]
    assert db.session.get(Registration, lan.id).phone != PHONES[0]


def test_rebuilding_the_counts_keeps_a_purged_campaign(month, client, auth, clock_at, runner):
    campaign = current_campaign(clock.now().date())
    talk = db.session.scalar(select(Event).where(Event.title == "C1"))
    close(client, auth)
    later(clock_at, 91)
    runner.invoke(args=["purge"])
    before = numbers(campaign.id, talk.id)
    assert runner.invoke(args=["rebuild-counts"]).exit_code == 0
    assert numbers(campaign.id, talk.id) == before


def test_closing_page_says_when_personal_data_goes_and_the_audit_log_records_it(month, client, auth):
    auth.login("admin")
    page = client.get("/manage/campaign/close").text
    due = (clock.now() + timedelta(days=90)).strftime("%d/%m/%Y")
    assert "Đóng chiến dịch" in page and due in page and "Có, đóng chiến dịch" in page
    token = csrf_from(client, "/manage/campaign/close")
    assert client.post("/manage/campaign/close", data={"csrf_token": token}).status_code == 303
    page = client.get("/manage/campaign/close").text
    assert "đã đóng" in page and due in page
    again = client.post("/manage/campaign/close", data={"csrf_token": token})
    assert again.status_code == 409 and "đã đóng" in again.text
    assert db.session.scalar(select(CampaignClosing.closed_by_id)) is not None
    assert db.session.scalar(select(AuditEntry.target).where(AuditEntry.action == "campaign_closed"))


def test_only_admins_may_close(month, client, auth):
    from tests.conftest import A
    from tests.factories import gen_user
    gen_user("hoabinh", commune_code=A)
    auth.login("hoabinh")
    assert client.get("/manage/campaign/close").status_code == 404
    assert client.post("/manage/campaign/close", data={}).status_code in (400, 404)
    assert db.session.scalar(select(CampaignClosing)) is None


def test_an_admin_closes_an_earlier_campaign_chosen_from_the_list(ctx, client, auth):
    from tests.factories import gen_campaign, gen_user

    earlier = gen_campaign(year=2025)
    current = current_campaign(clock.now().date())
    gen_user("admin", role="admin")
    auth.login("admin")
    listing = client.get("/manage/campaigns").text
    assert f"/manage/campaign/close?campaign={earlier.id}" in listing
    page = client.get(f"/manage/campaign/close?campaign={earlier.id}")
    assert "Tháng hành động năm 2025" in page.text
    token = csrf_from(client, f"/manage/campaign/close?campaign={earlier.id}")
    done = client.post(f"/manage/campaign/close?campaign={earlier.id}", data={"csrf_token": token})
    assert done.status_code == 303 and done.headers["Location"].endswith(f"?campaign={earlier.id}")
    db.session.expire_all()
    assert db.session.get(Campaign, earlier.id).is_closed and not db.session.get(Campaign, current.id).is_closed
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "campaign_closed"))
    assert entry.target == f"campaign:{earlier.id}"
    assert client.get("/manage/campaign/close?campaign=99999999999").status_code == 404
