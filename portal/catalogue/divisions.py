"""Today's map of Vietnam (from 1 July 2025: provinces and cities, then communes, wards and special zones).

The map comes from the pinned `vietnam-provinces` package, with the statistics office's codes written as that
office writes them (provinces "01", communes "00679"). It is package data, so each list is built once per process.
"""
from functools import cache
from typing import NamedTuple

from portal.catalogue.unit_lists import TYPE_OF_NAME
from portal.text import collation_key, squash

# Cities directly under the central government are named "Thành phố Hà Nội"; they are sorted as "Hà Nội".
CITY = "Thành phố "


class Division(NamedTuple):
    """A province or city (type in Vietnamese: "tỉnh", "thành phố trung ương"), or one of its communes, wards or
    special zones (type one of models.UNIT_TYPES: "xa", "phuong", "dac_khu")."""

    code: str
    name: str
    type: str


def provinces():
    """The 34 provinces and cities, in Vietnamese order of their own names (Hà Nội under H)."""
    return _map()[0]


def province(code):
    """The province or city with this code, or None."""
    return next((found for found in provinces() if found.code == code), None)


def communes(province_code):
    """The communes, wards and special zones of a province or city, in Vietnamese order of their names.

    Raises LookupError for a code that names no province of today's map.
    """
    try:
        return _map()[1][province_code]
    except KeyError:
        raise LookupError(province_code) from None


@cache
def _map():
    """(provinces, {province code: its units}), read from the package once."""
    from vietnam_provinces import Province, Ward

    units = {}
    for ward in Ward.iter_all():
        units.setdefault(int(ward.province_code), []).append(
            Division(f"{int(ward.code):05d}", squash(ward.name), TYPE_OF_NAME[ward.division_type.value]))
    found = [Division(f"{int(p.code):02d}", squash(p.name), p.division_type.value) for p in Province.iter_all()]
    found.sort(key=lambda p: collation_key(p.name.removeprefix(CITY)))
    by_name = {p.code: tuple(sorted(units[int(p.code)], key=lambda u: collation_key(u.name))) for p in found}
    return tuple(found), by_name
