"""The words for a list's reporting units as pages and reports show them: "xã, thị trấn" for the 2022 list,
"xã, phường" for Hà Nội today, "thôn, tổ dân phố" for the villages of one commune."""
from flask import g
from sqlalchemy import select

from portal.extensions import db
from portal.i18n import gettext
from portal.i18n import lazy_gettext as _l
from portal.models import UNIT_TYPES, Commune

# Each kind of unit (models.UNIT_TYPES, named as lists write them in unit_lists.TYPE_NAMES), in the reader's language:
# commune, ward, town, special zone, village, residential group, neighbourhood.
TYPE_LABELS = dict(zip(UNIT_TYPES, (_l("xã"), _l("phường"), _l("thị trấn"), _l("đặc khu"), _l("thôn"),
                                    _l("tổ dân phố"), _l("khu phố")), strict=True))


def in_order(types):
    """The kinds of unit in types, each once, in UNIT_TYPES order."""
    present = set(types)
    return tuple(kind for kind in UNIT_TYPES if kind in present)


def label(types, capital=False, joiner=", "):
    """The kinds of unit in types, each once, in UNIT_TYPES order, in the reader's language ("xã, thị trấn");
    "đơn vị" (unit) for none. capital: the first letter upper-case, for a heading or a field's label."""
    words = joiner.join(str(TYPE_LABELS[kind]) for kind in in_order(types)) or gettext("đơn vị")
    return words[:1].upper() + words[1:] if capital else words


def types_in(unit_list):
    """The kinds of unit a list holds, in UNIT_TYPES order (one query)."""
    return in_order(db.session.scalars(select(Commune.type).where(Commune.unit_list_id == unit_list.id).distinct()))


def unit_label(unit_list, capital=False, joiner=", "):
    """label() of the kinds of unit a list holds, asked of the database once per list in an app context (a
    request); changes to a list made through portal.catalogue.units are seen at once."""
    known = g.setdefault("unit_types", {})
    if unit_list.id not in known:
        known[unit_list.id] = types_in(unit_list)
    return label(known[unit_list.id], capital, joiner)


def forget(unit_list):
    """Drop what unit_label() knows of a list whose units changed."""
    g.get("unit_types", {}).pop(unit_list.id, None)
