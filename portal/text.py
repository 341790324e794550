"""Vietnamese text helpers: NFC names and accent-free search keys."""
import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NAME_PUNCTUATION = set(" '-.")


def fold(text):
    """Return a lower-case key without diacritics: "Thường Tín" and "Hoà Bình" become "thuong tin", "hoa binh"."""
    decomposed = unicodedata.normalize("NFD", text or "").replace("đ", "d").replace("Đ", "D")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare).strip().lower()


def squash(text):
    """Return text in NFC with runs of white space collapsed and the ends trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def is_name(text):
    """True when text holds only letters, combining marks, spaces and the punctuation names use."""
    return all(
        ch in _NAME_PUNCTUATION or unicodedata.category(ch)[0] in "LM" for ch in text
    ) and any(ch.isalpha() for ch in text)


def compatible(text):
    """Return text in NFKC, trimmed: fullwidth letters and digits become their ASCII forms."""
    return unicodedata.normalize("NFKC", text or "").strip()


def is_ascii_number(text):
    """True when text is made of the digits 0-9 only (str.isdigit also accepts ٣ and ³)."""
    return text.isascii() and text.isdigit()


def like_pattern(key):
    """A LIKE pattern matching key anywhere, with LIKE's own wildcards escaped (escape char '\\')."""
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
