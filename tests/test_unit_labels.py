"""Domain and view tests: the words for reporting units follow the campaign's list ("xã, thị trấn" for 2022,
"xã, phường" for Hà Nội today, "thôn, tổ dân phố" for one commune's villages); none is hard-coded."""
import io
import os
import re

import pytest
from openpyxl import load_workbook

from portal import clock
from portal.catalogue import current_campaign, units
from portal.catalogue.unit_labels import TYPE_LABELS, label, unit_label
from portal.catalogue.unit_lists import TYPE_NAMES, read_unit_list
from portal.extensions import db
from portal.models import UNIT_TYPES
from tests.factories import commune, gen_event, gen_user

ROOT = os.path.join(os.path.dirname(__file__), "..")
VILLAGES = "code,name,type\nT01,Thôn Đông,thôn\nT02,Thôn Đồng,thôn\nTDP1,Tổ dân phố số 1,tổ dân phố\n"


def villages():
    """A list of one commune's villages and residential groups."""
    return units.from_upload("Xã Hòa Bình: thôn, tổ dân phố", read_unit_list(VILLAGES.encode()).units, clock.now())


def ha_noi():
    """Today's list of Hà Nội's communes and wards."""
    return units.from_map("01", clock.now())[0]


def on_list(unit_list):
    """Put the current campaign on unit_list; return one of the list's units (the first by code)."""
    campaign = current_campaign(clock.now().date())
    campaign.unit_list = unit_list
    db.session.commit()
    return min(unit_list.units, key=lambda u: u.code)


def test_each_type_name_is_marked_for_translation_and_reads_as_the_lists_write_it():
    assert list(TYPE_LABELS) == list(UNIT_TYPES)
    assert {slug: str(name) for slug, name in TYPE_LABELS.items()} == TYPE_NAMES


def test_the_label_names_the_types_present_in_their_order():
    assert label({"thi_tran", "xa"}) == "xã, thị trấn"
    assert label(["phuong", "xa", "xa"], capital=True) == "Xã, phường"
    assert label(("to_dan_pho", "thon"), joiner="/") == "thôn/tổ dân phố"
    assert label(()) == "đơn vị"


def test_each_kind_of_list_has_its_label(ctx):
    assert unit_label(commune().unit_list) == "xã, thị trấn"
    assert unit_label(ha_noi(), capital=True) == "Xã, phường"
    assert unit_label(villages()) == "thôn, tổ dân phố"


def test_the_label_follows_a_unit_added_to_the_list(ctx):
    unit_list = villages()
    assert unit_label(unit_list) == "thôn, tổ dân phố"
    units.add_unit(unit_list, "KP1", "Khu phố 1", "khu_pho")
    assert unit_label(unit_list) == "thôn, tổ dân phố, khu phố"


def _registration_field(client, event):
    page = client.get(f"/events/{event.slug}").text
    return page.split('id="field-commune"', 1)[1].split("</select>", 1)[0]


@pytest.mark.parametrize("make, words", [
    (lambda: None, "Xã, thị trấn"),
    (ha_noi, "Xã, phường"),
    (villages, "Thôn, tổ dân phố"),
])
def test_the_registration_form_names_the_campaigns_units(ctx, client, make, words):
    unit_list = make()
    event = gen_event(commune=on_list(unit_list)) if unit_list else gen_event()
    field = _registration_field(client, event)
    assert f'<label for="commune">{words} nơi cư trú</label>' in field
    assert f"— Chọn {words.lower()} —" in field
    assert "Nơi khác (ngoài địa bàn)" in field and "huyện" not in field


def test_the_walk_in_form_names_the_campaigns_units(ctx, client):
    from tests.factories import open_event

    event = open_event(commune=on_list(villages()))
    page = client.get(f"/c/{event.checkin_code}").text
    assert "Thôn, tổ dân phố nơi cư trú" in page and "Xã, thị trấn" not in page


def test_a_commune_not_on_the_list_is_refused_in_the_lists_words(ctx, client):
    from tests.conftest import csrf_from
    from tests.factories import form_data

    event = gen_event(commune=on_list(villages()))
    token = csrf_from(client, f"/events/{event.slug}")
    response = client.post(f"/events/{event.slug}/register", data=form_data(csrf_token=token, commune="10198"))
    assert response.status_code == 422 and "Vui lòng chọn thôn, tổ dân phố trong danh sách." in response.text


@pytest.mark.parametrize("make, words", [
    (lambda: None, "xã/thị trấn"),
    (ha_noi, "xã/phường"),
    (villages, "thôn/tổ dân phố"),
])
def test_the_report_and_dashboard_name_the_campaigns_units(ctx, client, auth, make, words):
    unit_list = make()
    if unit_list:
        on_list(unit_list)
    gen_user("admin", role="admin")
    auth.login("admin")
    sheet = load_workbook(io.BytesIO(client.get("/dashboard/report.xlsx").data)).active
    assert [cell.value for cell in sheet[5]][1] == f"Đơn vị ({words})"
    assert f"<th>Đơn vị ({words})</th>" in client.get("/dashboard/report").text
    heading = re.search(r"<h1>(.*?)</h1>", client.get("/dashboard/").text).group(1)
    assert heading == f"Số liệu tham dự theo {words.replace('/', ', ')}"


def test_the_accounts_page_names_the_campaigns_units(ctx, client, auth):
    on_list(ha_noi())
    gen_user("admin", role="admin")
    auth.login("admin")
    page = client.get("/manage/users").text
    assert "<th>Xã, phường</th>" in page and "— Chọn xã, phường —" in page and "thị trấn" not in page


# Words that name the old map's units or the district, and the files allowed to hold them: the seed and demo data,
# the unit types' own names, the model's description of a unit, and the footer (it names the organising body, a
# fact of the campaign, not of its units).
HARD_CODED = re.compile(r"thị trấn|huyện", re.IGNORECASE)
ALLOWED = {"portal/catalogue/seed.py", "portal/catalogue/demo.py", "portal/catalogue/unit_lists.py",
           "portal/catalogue/unit_labels.py", "portal/models.py", "templates/base.html",
           "templates/manage/succession.html"}  # names the bundled mapping of the old district


def test_no_label_names_the_old_maps_units_or_the_district():
    found = []
    for top in ("portal", "templates"):
        for folder, _dirs, files in os.walk(os.path.join(ROOT, top)):
            for name in files:
                path = os.path.relpath(os.path.join(folder, name), ROOT)
                if not name.endswith((".py", ".html")) or path in ALLOWED or "translations" in path:
                    continue
                with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
                    found += [f"{path}:{n}" for n, line in enumerate(handle, 1) if HARD_CODED.search(line)]
    assert found == []
