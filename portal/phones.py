"""Vietnamese phone numbers: normalise what people type, explain what cannot be used."""
import re
import unicodedata

from portal.i18n import lazy_gettext as _l
from portal.text import is_ascii_number

# Old 11-digit mobile prefixes and their 10-digit replacements (conversion of 2018-2019).
OLD_PREFIXES = {
    "0162": "032", "0163": "033", "0164": "034", "0165": "035", "0166": "036", "0167": "037",
    "0168": "038", "0169": "039", "0120": "070", "0121": "079", "0122": "077", "0126": "076",
    "0128": "078", "0123": "083", "0124": "084", "0125": "085", "0127": "081", "0129": "082",
    "0186": "056", "0188": "058", "0199": "059",
}
_SEPARATORS = re.compile(r"[\s.\-()/]")
_MOBILE = re.compile(r"0[35789][0-9]{8}")
_LANDLINE = re.compile(r"02[0-9]{9}")


class PhoneError(ValueError):
    """A phone number that cannot be used, with a message for the person who typed it."""


def normalise(raw):
    """Return the number as 10 digits (11 for a landline, 02…); raise PhoneError with the reason otherwise.

    Fullwidth digits become 0-9 (NFKC); digits of other scripts (Arabic-Indic, …) are refused, so one
    number has one spelling.
    """
    digits = _SEPARATORS.sub("", unicodedata.normalize("NFKC", raw or ""))
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("0084"):
        digits = "0" + digits[4:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not digits:
        raise PhoneError(_l("Vui lòng nhập số điện thoại."))
    if not is_ascii_number(digits):
        raise PhoneError(_l("Số điện thoại chỉ gồm chữ số, ví dụ 0912 345 678."))
    if len(digits) == 11 and digits[:4] in OLD_PREFIXES:
        new = OLD_PREFIXES[digits[:4]] + digits[4:]
        raise PhoneError(_l("Đây là số 11 số cũ; số mới của bạn là %(new)s.", new=new))
    if _MOBILE.fullmatch(digits) or _LANDLINE.fullmatch(digits):
        return digits
    raise PhoneError(_l("Số điện thoại không hợp lệ: số di động có 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09."))


def digits_of(raw):
    """The ASCII digits in what was typed (fullwidth ones included), for keys that must not vary with the keyboard."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", raw or "") if ch in "0123456789")


def mask(phone):
    """Show only the last three digits: 0912345678 becomes ••••••• 678."""
    return "•" * (len(phone) - 3) + phone[-3:] if phone else ""
