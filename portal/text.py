"""Vietnamese text helpers: NFC names and accent-free search keys."""
import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NAME_PUNCTUATION = set(" '-.")
# Vietnamese dictionary order: a syllable's tone ranks ngang (none), huyền, hỏi, ngã, sắc, nặng; a letter with a
# breve, circumflex or horn comes after its plain letter (a ă â, e ê, o ô ơ, u ư), as đ comes after d.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}


def fold(text):
    """Return a lower-case key without diacritics: "Thường Tín" and "Hoà Bình" become "thuong tin", "hoa binh"."""
    decomposed = unicodedata.normalize("NFD", text or "").replace("đ", "d").replace("Đ", "D")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare).strip().lower()


def collation_key(text):
    """Return a key that sorts Vietnamese text in dictionary order, syllable by syllable, numbers as numbers.

    Case and the tone-mark style are ignored ("Hòa" and "hoà" share a key); other accents are not ("Đông" is not
    "Đồng"), so two names with equal keys are the same name.
    """
    words = []
    for word in unicodedata.normalize("NFD", squash(text).lower()).split():
        letters, tone = [], 0
        for ch in word:
            if ch in _TONES:
                tone = _TONES[ch]
            elif ch in _LETTER_MARKS and letters:
                letters[-1] = (letters[-1][0], _LETTER_MARKS[ch])
            elif ch.isascii() and ch.isdigit():
                number = letters.pop()[1] * 10 if letters and letters[-1][0] == "0" else 0
                letters.append(("0", number + int(ch)))  # a run of digits is one number, before any letter
            else:
                letters.append(("d", 1) if ch == "đ" else (ch, 0))
        words.append((tuple(letters), tone))
    return tuple(words)


def squash(text):
    """Return text in NFC with runs of white space collapsed and the ends trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def initials(name):
    """A name shown by its initials only, where others may see it: "Nguyễn Thị Lan" becomes "N.T.L."."""
    return "".join(word[0].upper() + "." for word in squash(name).split())


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
