"""Domain tests: today's map of Vietnam (after 1 July 2025: provinces and their communes, wards and special zones)."""
import csv
import os
from collections import Counter

import pytest

from portal.catalogue import divisions
from portal.models import UNIT_TYPES
from portal.text import collation_key, squash

OLD_LIST = os.path.join(os.path.dirname(__file__), "..", "portal", "catalogue", "data", "communes-thuong-tin-2022.csv")
# The five communes that replaced Thường Tín's 29 units, and Ngọc Hồi, which took a remnant of Duyên Thái.
SUCCESSORS = {"10183": "Xã Thường Tín", "10231": "Xã Thượng Phúc", "10237": "Xã Chương Dương",
              "10210": "Xã Hồng Vân", "10273": "Xã Phú Xuyên", "00679": "Xã Ngọc Hồi"}
HA_NOI = "01"


def test_todays_map_has_34_provinces_and_cities():
    provinces = divisions.provinces()
    assert len(provinces) == 34
    assert Counter(p.type for p in provinces) == {"tỉnh": 28, "thành phố trung ương": 6}
    assert divisions.province(HA_NOI) == divisions.Division(HA_NOI, "Thành phố Hà Nội", "thành phố trung ương")


def test_ha_noi_has_126_communes_and_wards_and_no_districts():
    units = divisions.communes(HA_NOI)
    assert len(units) == 126
    assert Counter(u.type for u in units) == {"xa": 75, "phuong": 51}
    assert not any(u.name.startswith(("Quận", "Huyện", "Thị xã", "Thị trấn")) for u in units)


def test_ha_noi_includes_the_thuong_tin_successors_with_the_statistics_office_codes():
    units = {u.code: u for u in divisions.communes(HA_NOI)}
    assert {code: units[code].name for code in SUCCESSORS} == SUCCESSORS
    assert {units[code].type for code in SUCCESSORS} == {"xa"}


def test_the_old_units_of_thuong_tin_are_gone_but_four_codes_live_on():
    """Is a code a unit? Only on one map: four old codes now name the new communes that absorbed them."""
    with open(OLD_LIST, encoding="utf-8") as handle:
        old = {row["code"]: row["name"] for row in csv.DictReader(handle)}
    today = {u.code: u.name for u in divisions.communes(HA_NOI)}
    assert {code: today[code] for code in old if code in today} == {
        "10183": "Xã Thường Tín", "10210": "Xã Hồng Vân", "10231": "Xã Thượng Phúc", "10237": "Xã Chương Dương"}
    assert "Xã Nhị Khê" not in today.values() and "Thị trấn Thường Tín" not in today.values()


def test_communes_come_in_vietnamese_order():
    names = [u.name for u in divisions.communes(HA_NOI)]
    assert names == sorted(names, key=collation_key)
    assert names.index("Xã Dương Hòa") < names.index("Xã Đa Phúc")  # d before đ, unlike an accent-free sort
    assert names.index("Phường Yên Sở") < names.index("Xã An Khánh")  # phường before xã: grouped by type
    assert names[-1] == "Xã Yên Xuân"  # ư comes before y


def test_provinces_come_in_vietnamese_order_of_their_own_names():
    names = [p.name for p in divisions.provinces()]
    assert names[:3] == ["An Giang", "Bắc Ninh", "Cà Mau"]
    assert names.index("Gia Lai") < names.index("Thành phố Hà Nội") < names.index("Hà Tĩnh")
    assert names.index("Điện Biên") > names.index("Thành phố Đà Nẵng") > names.index("Thành phố Cần Thơ")


def test_every_unit_is_a_commune_ward_or_special_zone_with_a_five_digit_code():
    units = [u for p in divisions.provinces() for u in divisions.communes(p.code)]
    assert len(units) == 3321
    assert Counter(u.type for u in units) == {"xa": 2621, "phuong": 687, "dac_khu": 13}
    assert set(UNIT_TYPES) >= {u.type for u in units}
    assert all(len(u.code) == 5 and u.code.isdigit() for u in units)
    assert len({u.code for u in units}) == len(units)


def test_names_are_tidy_nfc_text():
    """The package writes a few names with two spaces ("Phường  Buôn Ma Thuột"); people never see them so."""
    units = [u for p in divisions.provinces() for u in divisions.communes(p.code)]
    assert all(u.name == squash(u.name) for u in units)
    assert "Phường Buôn Ma Thuột" in {u.name for u in divisions.communes("66")}


def test_special_zones_are_listed_with_their_province():
    zones = [u.name for u in divisions.communes("22") if u.type == "dac_khu"]  # Quảng Ninh
    assert zones == ["Đặc khu Cô Tô", "Đặc khu Vân Đồn"]


def test_an_unknown_province_is_refused():
    assert divisions.province("99") is None
    with pytest.raises(LookupError):
        divisions.communes("99")


def test_the_lists_are_read_once_per_process():
    assert divisions.communes(HA_NOI) is divisions.communes(HA_NOI)
    assert divisions.provinces() is divisions.provinces()
