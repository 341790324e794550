"""An event's share image: a 1200×630 PNG in the campaign orange with its title, date and commune in Vietnamese.

Link previews (Zalo, Facebook) show it; it holds only what the public event page shows, never anyone's data.
The font, Be Vietnam Pro, comes from a Python package, so no system font is needed.
"""
import hashlib
import io
import unicodedata
from functools import lru_cache
from importlib.resources import as_file, files

from flask_babel import force_locale
from PIL import Image, ImageDraw, ImageFont

from portal.i18n import KIND_LABELS, STATUS_LABELS, day, gettext, hour

SIZE = WIDTH, HEIGHT = 1200, 630
MARGIN = 72
TEXT_WIDTH = WIDTH - 2 * MARGIN
TITLE_TOP, TITLE_HEIGHT = 136, 320
TITLE_SIZES = range(76, 38, -2)  # largest first; the first size whose lines fit the box is used
ORANGE, WHITE, SOFT, RED = "#d9480f", "#ffffff", "#ffe8cc", "#c92a2a"  # --accent, --accent-soft-ish, --bad
FONT_FILES = {"bold": "BeVietnamPro-Bold.ttf", "medium": "BeVietnamPro-Medium.ttf"}
LAYOUT_VERSION = "1"  # raise when the drawing changes, so cached images are fetched anew


@lru_cache(maxsize=32)
def font(weight, size):
    """The campaign typeface at a weight ("bold" or "medium") and a pixel size."""
    resource = files("fontpkg_be_vietnam_pro") / "files" / FONT_FILES[weight]
    with as_file(resource) as path:
        return ImageFont.truetype(str(path), size)


def line_height(face):
    """The distance between two lines of text in face."""
    return round(face.size * 1.25)


def wrap(text, face, width):
    """Split text into lines no wider than width, breaking between words (inside a word only when it is too long)."""
    lines = []
    for word in text.split():
        while face.getlength(word) > width:  # a word wider than the line: break it where it overflows
            cut = max(n for n in range(1, len(word) + 1) if face.getlength(word[:n]) <= width or n == 1)
            lines, word = _add(lines, word[:cut], face, width, alone=True), word[cut:]
        lines = _add(lines, word, face, width)
    return lines


def _add(lines, word, face, width, alone=False):
    """Append word to the last line when it fits there, else start a new line with it."""
    if lines and not alone and face.getlength(f"{lines[-1]} {word}") <= width:
        return lines[:-1] + [f"{lines[-1]} {word}"]
    return lines + [word] if word else lines


def fit_title(title):
    """(font, lines): the largest title size whose wrapped lines fit the title box; at the smallest size the
    last line that fits ends with an ellipsis."""
    title = unicodedata.normalize("NFC", " ".join(title.split()))
    for size in TITLE_SIZES:
        face = font("bold", size)
        lines = wrap(title, face, TEXT_WIDTH)
        if len(lines) * line_height(face) <= TITLE_HEIGHT:
            return face, lines
    room = TITLE_HEIGHT // line_height(face)
    last = lines[room - 1]
    while face.getlength(last + "…") > TEXT_WIDTH:
        last = last[:-1]
    return face, lines[:room - 1] + [last.rstrip() + "…"]


def facts(event):
    """The texts the image shows, in Vietnamese whatever the visitor's language."""
    with force_locale("vi"):
        return {
            "heading": f"{KIND_LABELS[event.kind]} · {gettext('Tháng hành động vì bình đẳng giới')}",
            "when": f"{day(event.starts_at)} · {hour(event.starts_at)}–{hour(event.ends_at)}",
            "where": event.commune.name if event.commune else gettext("Toàn địa bàn"),
            "cancelled": str(STATUS_LABELS["cancelled"]).upper() if event.status == "cancelled" else "",
            "title": event.title,
        }


def version(event):
    """A short hash of everything drawn: it changes exactly when the image does (the cache key in its address)."""
    text = "\n".join([LAYOUT_VERSION, *facts(event).values()])
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def render(event):
    """The event's share image as PNG bytes."""
    return _draw(**facts(event))


@lru_cache(maxsize=64)
def _draw(heading, when, where, cancelled, title):
    """Draw the image from its texts (cached: the same texts always give the same bytes)."""
    image = Image.new("RGB", SIZE, ORANGE)
    pen = ImageDraw.Draw(image)
    small = font("medium", 30)
    pen.text((MARGIN, 64), _fit_line(heading, small, TEXT_WIDTH - (220 if cancelled else 0)), font=small, fill=SOFT)
    if cancelled:
        badge = font("bold", 30)
        right, width = WIDTH - MARGIN, badge.getlength(cancelled) + 36
        pen.rounded_rectangle((right - width, 52, right, 108), radius=8, fill=WHITE)
        pen.text((right - width + 18, 80), cancelled, font=badge, fill=RED, anchor="lm")
    face, lines = fit_title(title)
    for number, line in enumerate(lines):
        pen.text((MARGIN, TITLE_TOP + number * line_height(face)), line, font=face, fill=WHITE)
    pen.line((MARGIN, 478, MARGIN + 120, 478), fill=SOFT, width=6)
    body = font("medium", 38)
    pen.text((MARGIN, 500), _fit_line(when, body, TEXT_WIDTH), font=body, fill=WHITE)
    pen.text((MARGIN, 556), _fit_line(where, body, TEXT_WIDTH), font=body, fill=SOFT)
    output = io.BytesIO()
    image.save(output, "PNG", optimize=True)
    return output.getvalue()


def _fit_line(text, face, width):
    """text shortened with an ellipsis until it fits width."""
    while text and face.getlength(text) > width:
        text = text[:-2] + "…"
    return text
