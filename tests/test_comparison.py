"""Year over year across a change of map: each unit of today's list beside the earlier campaign's numbers of the old
units that became it; whole counted exactly, most counted in full and marked ≈, part only named; totals exact."""
import csv
import io
import re
from html import unescape

from portal import clock
from portal.catalogue import current_campaign
from portal.catalogue.seed import ensure_campaign
from portal.extensions import db
from portal.tally import comparison
from tests.factories import gen_campaign, gen_user
from tests.reform import build_reform, gen_unit_list, headcount, units_of, walk_in

# (communication, training, women, men, other, total), as the report's columns run.
NOTHING = (0, 0, 0, 0, 0, 0)


def numbers(row):
    """A row's sessions by kind and participants by sex."""
    p = row.participants
    return (row.communication, row.training, p.female, p.male, p.other_or_unknown, p.total)


def test_the_comparison_counts_whole_and_most_once_and_names_part(ctx):
    current, base, _old, _new = build_reform()
    result = comparison.compare(current, base, clock.now())
    lines = {line.key: line for line in result.lines}
    assert list(lines) == ["00679", "10183", "10237", "10273", "district"]
    assert not result.same_list

    town = lines["10183"]
    assert (numbers(town.now), numbers(town.before)) == ((0, 1, 1, 1, 0, 2), (2, 1, 12, 6, 1, 19))
    assert [(unit.name, share) for unit, share in town.counted] == [("Thị trấn Thường Tín", "whole"),
                                                                     ("Xã Nhị Khê", "whole")]
    assert not town.approximate and town.parts == []

    most = lines["10273"]
    assert (numbers(most.now), numbers(most.before)) == ((1, 0, 4, 4, 0, 8), (0, 1, 1, 3, 0, 4))
    assert [(unit.name, share) for unit, share in most.counted] == [("Xã Tô Hiệu", "most")]
    assert most.approximate

    part = lines["10237"]
    assert (numbers(part.now), numbers(part.before)) == (NOTHING, NOTHING)
    assert part.counted == [] and [unit.name for unit in part.parts] == ["Xã Tô Hiệu"] and not part.approximate

    new = lines["00679"]
    assert (numbers(new.now), numbers(new.before)) == ((0, 1, 0, 0, 1, 1), NOTHING)
    assert new.counted == [] and new.parts == []

    district = lines["district"]
    assert (numbers(district.now), numbers(district.before)) == (NOTHING, (1, 0, 20, 0, 0, 20))

    assert [(old.row.key, old.row.name, numbers(old.row), old.parts) for old in result.unplaced] == [
        ("10186", "Xã Ninh Sở", (1, 0, 0, 1, 0, 1), [])]
    assert numbers(result.totals) == (1, 2, 5, 5, 1, 11)
    assert numbers(result.base_totals) == (4, 2, 33, 10, 1, 44)


def test_nothing_is_counted_twice_nor_lost(ctx):
    """Do the earlier campaign's lines and its unplaced units add up to its exact totals, column by column?"""
    current, base, _old, _new = build_reform()
    result = comparison.compare(current, base, clock.now())
    sums = [sum(column) for column in zip(*[numbers(line.before) for line in result.lines] +
                                           [numbers(old.row) for old in result.unplaced])]
    assert sums == list(numbers(result.base_totals))
    assert [sum(column) for column in zip(*[numbers(line.now) for line in result.lines])] == list(
        numbers(result.totals))


def test_an_old_unit_that_only_went_in_parts_is_listed_apart_with_where_it_went(ctx):
    current, base, old_list, new_list = build_reform()
    from portal.models import UnitSuccession

    succession = db.session.query(UnitSuccession).filter_by(share="most").one()
    succession.share = "part"
    db.session.commit()
    result = comparison.compare(current, base, clock.now())
    lines = {line.key: line for line in result.lines}
    assert numbers(lines["10273"].before) == NOTHING and not lines["10273"].approximate
    assert [unit.name for unit in lines["10273"].parts] == ["Xã Tô Hiệu"]
    assert [(old.row.name, numbers(old.row), sorted(unit.name for unit in old.parts)) for old in result.unplaced] == [
        ("Xã Ninh Sở", (1, 0, 0, 1, 0, 1), []),
        ("Xã Tô Hiệu", (0, 1, 1, 3, 0, 4), ["Xã Chương Dương", "Xã Phú Xuyên"])]


def test_an_old_unit_mapped_mostly_twice_still_counts_once(ctx):
    """Data written around the upload's checks: Tô Hiệu "most" into two units. Is it counted in one only?"""
    current, base, old_list, new_list = build_reform()
    from portal.models import UnitSuccession

    part = db.session.query(UnitSuccession).filter_by(share="part").one()
    part.share = "most"
    db.session.commit()
    result = comparison.compare(current, base, clock.now())
    lines = {line.key: line for line in result.lines}
    assert numbers(lines["10237"].before) == (0, 1, 1, 3, 0, 4) and lines["10237"].approximate  # the lower code
    assert numbers(lines["10273"].before) == NOTHING and [u.name for u in lines["10273"].parts] == ["Xã Tô Hiệu"]
    assert numbers(result.base_totals) == (4, 2, 33, 10, 1, 44)


def test_two_campaigns_on_one_list_compare_unit_by_unit(ctx):
    current = current_campaign(clock.now().date())
    admin = gen_user("admin", role="admin")
    base = ensure_campaign(2025)
    db.session.commit()
    from tests.reform import HELD_2022, gen_campaign_event

    units = units_of(current.unit_list)
    held = HELD_2022.replace(year=2025)
    walk_in(gen_campaign_event(base, units["10198"], "training", held), "female")
    headcount(gen_campaign_event(base, units["10183"], "communication", held), admin, male=2)
    result = comparison.compare(current, base, clock.now())
    assert result.same_list and result.unplaced == []
    lines = {line.key: line for line in result.lines}
    assert len(lines) == 29
    assert numbers(lines["10198"].before) == (0, 1, 1, 0, 0, 1) and numbers(lines["10198"].now) == NOTHING
    assert numbers(lines["10183"].before) == (1, 0, 0, 2, 0, 2)
    assert all(line.counted == [] and line.parts == [] and not line.approximate for line in result.lines)


def test_the_default_base_is_the_latest_earlier_campaign_mapped_into_this_list(ctx):
    current, base, _old, _new = build_reform()
    later = ensure_campaign(2025)  # on the seed list: nothing of it is mapped into the current list
    db.session.commit()
    assert comparison.default_base(current) == base
    assert comparison.default_base(base) is None  # nothing before 2022
    assert comparison.default_base(later) == base  # the only earlier one, mapped or not
    assert [c.year for c in comparison.other_campaigns(current)] == [2025, 2022]


def test_without_a_mapped_campaign_the_default_base_is_the_latest_earlier_one(ctx):
    current = current_campaign(clock.now().date())
    ensure_campaign(2022)
    later = ensure_campaign(2025)
    db.session.commit()
    assert comparison.default_base(current) == later


def test_a_closed_campaign_compares_with_its_frozen_report(ctx):
    current, base, _old, _new = build_reform()
    from portal.catalogue import closing

    closed = closing.close(base, None, clock.now())
    closed.report = {**closed.report, "host": {**closed.report["host"], "totals": {
        **closed.report["host"]["totals"], "communication": 40}}}  # what was frozen is what is shown
    db.session.commit()
    result = comparison.compare(current, base, clock.now())
    assert result.base_totals.communication == 40


def _cells(page, row_id):
    """The texts of a table row's cells, tags stripped."""
    row = re.search(rf'<tr id="{row_id}"[^>]*>(.*?)</tr>', page, re.S).group(1)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", cell)).split())
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]


def test_an_admin_reads_the_comparison_with_the_rule_the_mark_and_the_note(ctx, client, auth):
    build_reform()
    auth.login("admin")
    page = client.get("/dashboard/compare").text
    year = str(clock.now().year)
    assert _cells(page, "name-10183") == ["Xã Thường Tín"]
    assert _cells(page, "now-10183") == [year, "0", "1", "1", "1", "0", "2"]
    assert _cells(page, "before-10183") == ["2022", "2", "1", "12", "6", "1", "19"]
    assert _cells(page, "now-10273")[1:] == ["1", "0", "4", "4", "0", "8"]
    assert _cells(page, "before-10273") == ["2022 ≈", "≈ 0", "≈ 1", "≈ 1", "≈ 3", "≈ 0", "≈ 4"]
    assert _cells(page, "before-10237") == ["2022", "0", "0", "0", "0", "0", "0"]
    assert _cells(page, "now-00679")[1:] == ["0", "1", "0", "0", "1", "1"]
    assert _cells(page, "before-district") == ["2022", "1", "0", "20", "0", "0", "20"]
    assert _cells(page, "now-total")[1:] == ["1", "2", "5", "5", "1", "11"]
    assert _cells(page, "before-total") == ["2022", "4", "2", "33", "10", "1", "44"]
    assert _cells(page, "old-10186") == ["Xã Ninh Sở", "không có đơn vị kế tiếp", "1", "0", "0", "1", "0", "1"]
    sources = _cells(page, "sources-10183")[0]
    assert "Thị trấn Thường Tín, Xã Nhị Khê" in sources
    assert "Xã Tô Hiệu (phần lớn)" in _cells(page, "sources-10273")[0]
    assert _cells(page, "sources-10237") == ["gồm một phần của Xã Tô Hiệu (không chia số liệu)"]
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())
    assert "tính cả vào đơn vị đó, đánh dấu ≈" in text and "Không số nào được tính hai lần" in text


def test_the_comparison_downloads_as_csv_with_the_same_numbers(ctx, client, auth):
    current, base, old_list, _new = build_reform()
    old_list_units = units_of(old_list)
    old_list_units["10186"].name = "=HYPERLINK(\"x\")"  # a name that a spreadsheet would run
    db.session.commit()
    auth.login("admin")
    response = client.get(f"/dashboard/compare.csv?base={base.id}")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    by_name = {row[1]: row for row in rows if len(row) > 2}
    assert by_name["Xã Thường Tín"][2:14] == ["0", "1", "1", "1", "0", "2", "2", "1", "12", "6", "1", "19"]
    assert by_name["Xã Thường Tín"][14:] == ["", "Thị trấn Thường Tín, Xã Nhị Khê", ""]
    assert by_name["Xã Phú Xuyên"][14:] == ["≈", "Xã Tô Hiệu (phần lớn)", ""]
    assert by_name["Xã Chương Dương"][14:] == ["", "", "gồm một phần của Xã Tô Hiệu (không chia số liệu)"]
    assert by_name["'=HYPERLINK(\"x\")"][2:14] == ["", "", "", "", "", "", "1", "0", "0", "1", "0", "1"]
    assert by_name["Tổng cộng"][2:14] == ["1", "2", "5", "5", "1", "11", "4", "2", "33", "10", "1", "44"]


def test_a_bad_base_falls_back_to_the_default_and_organisers_are_not_let_in(ctx, client, auth):
    build_reform()
    gen_user("hoabinh")
    auth.login("admin")
    for base in ("abc", "999999", "99999999999", "-1", str(current_campaign(clock.now().date()).id)):
        page = client.get(f"/dashboard/compare?base={base}")
        assert page.status_code == 200 and 'id="before-10183"' in page.text
    auth.logout()
    auth.login("hoabinh")
    assert client.get("/dashboard/compare").status_code == 404
    assert client.get("/dashboard/compare.csv").status_code == 404


def test_with_no_other_campaign_the_page_says_so(ctx, client, auth):
    gen_user("admin", role="admin")
    auth.login("admin")
    page = client.get("/dashboard/compare")
    assert page.status_code == 200 and "Chưa có chiến dịch nào khác để so sánh" in page.text
    assert client.get("/dashboard/compare.csv").status_code == 404


def test_a_list_with_no_mapping_says_where_to_make_one(ctx, client, auth):
    gen_user("admin", role="admin")
    current = current_campaign(clock.now().date())
    other = gen_unit_list("Danh sách khác", [("T1", "Thôn Một", "thon")])
    base = ensure_campaign(2022)
    base.unit_list_id = other.id
    db.session.commit()
    auth.login("admin")
    page = client.get(f"/dashboard/compare?base={base.id}").text
    assert "Chưa có bảng chuyển đổi" in page and f"/manage/succession?old={other.id}&amp;new={current.unit_list_id}" in page


def test_the_demo_gives_the_comparison_a_2022_month_held(ctx, runner):
    """After `flask seed`, does this year's campaign compare with the 2022 month, people at its events?"""
    output = runner.invoke(args=["seed"]).output
    people = int(re.search(r"2022 demo: 59 events, (\d+) attendances", output).group(1))
    current = current_campaign(clock.now().date())
    base = comparison.default_base(current)
    assert (base.year, base.plan_reference, base.starts_on.isoformat(), base.ends_on.isoformat()) == (
        2022, "Kế hoạch 252/KH-UBND", "2022-11-15", "2022-12-15")
    assert base.theme.startswith("Đảm bảo an sinh xã hội")
    result = comparison.compare(current, base, clock.now())
    assert result.same_list and people > 100
    assert result.base_totals.participants.total == people == result.base_totals.attendances.total
    assert result.base_totals.training + result.base_totals.communication == 58  # one of the 59 was cancelled


def test_the_default_base_is_an_earlier_year_not_another_campaign_of_the_same_year(ctx):
    from datetime import date

    current, base, old, _new = build_reform()  # the current campaign: the 2026 month, now on the newer list
    same_year = gen_campaign(year=current.year, title="Một tháng hành động khác cùng năm", unit_list=old,
                             starts_on=current.starts_on)
    current.starts_on = date(current.year, 11, 20)  # the city's month starts after the other one of its year
    db.session.commit()
    assert same_year.starts_on < current.starts_on
    assert comparison.default_base(current) == base
