"""Sharing an event: the Open Graph tags of its page and its share image (1200×630 PNG, Vietnamese glyphs)."""
import importlib
import io
from datetime import datetime
from html.parser import HTMLParser

from PIL import Image, ImageDraw

from portal.catalogue import organising
from portal.extensions import db
from tests.factories import commune, gen_event

# The longest title an organiser may realistically write (the form takes 200 characters): tone marks, đ, commas.
LONGEST_TITLE = ("Tập huấn nâng cao năng lực cho cán bộ Hội Liên hiệp Phụ nữ, trưởng thôn và cộng tác viên "
                 "về phòng, chống bạo lực trên cơ sở giới, xâm hại trẻ em và thực hiện bình đẳng giới "
                 "tại các thôn, tổ dân phố")
STARTS = datetime(2026, 12, 5, 8, 0)


def _share_image():
    """The module that draws the image (imported here so the page tests run even without it)."""
    return importlib.import_module("portal.catalogue.share_image")


class _Meta(HTMLParser):
    """Collects <meta property|name=... content=...> of a page into a dict."""

    def __init__(self):
        super().__init__()
        self.tags = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        key = attrs.get("property") or attrs.get("name")
        if tag == "meta" and key and "content" in attrs:
            self.tags.setdefault(key, attrs["content"])


def _meta(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parser = _Meta()
    parser.feed(response.text)
    return parser.tags


def _event(**fields):
    values = dict(title="Mít tinh hưởng ứng Tháng hành động", venue="Nhà văn hóa thôn Đông",
                  starts_at=STARTS, ends_at=STARTS.replace(hour=11), commune=commune("10198"))
    return gen_event(**values | fields)


def test_event_page_has_open_graph_tags_with_absolute_urls(ctx, client):
    event = _event()
    tags = _meta(client, f"/events/{event.slug}")
    assert tags["og:title"] == "Mít tinh hưởng ứng Tháng hành động"
    assert tags["og:type"] == "website"
    assert tags["og:locale"] == "vi_VN"
    assert tags["og:url"] == f"http://localhost/events/{event.slug}"
    for fact in ("Thứ Bảy, 05/12/2026", "08:00–11:00", "Nhà văn hóa thôn Đông", "Xã Hòa Bình"):
        assert fact in tags["og:description"]
    assert tags["og:image"].startswith(f"http://localhost/events/{event.slug}/share.png?v=")
    assert (tags["og:image:width"], tags["og:image:height"], tags["og:image:type"]) == ("1200", "630", "image/png")
    assert tags["og:image:alt"]
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["twitter:image"] == tags["og:image"]


def test_an_event_of_the_whole_area_says_so(ctx, client):
    event = _event(commune=None)
    event.commune = None
    db.session.commit()
    assert "Toàn địa bàn" in _meta(client, f"/events/{event.slug}")["og:description"]


def test_share_image_is_a_cacheable_1200x630_png_without_cookies(ctx, client):
    event = _event()
    url = _meta(client, f"/events/{event.slug}")["og:image"].removeprefix("http://localhost")
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "image/png"
    image = Image.open(io.BytesIO(response.data))
    assert (image.format, image.size) == ("PNG", (1200, 630))
    assert "public" in response.headers["Cache-Control"] and response.headers["ETag"]
    assert "Set-Cookie" not in response.headers
    again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_share_image_is_vietnamese_whatever_the_visitor_language(ctx, client):
    event = _event()
    vietnamese = client.get(f"/events/{event.slug}/share.png").data
    client.set_cookie("lang", "en")
    assert client.get(f"/events/{event.slug}/share.png").data == vietnamese


def test_image_address_changes_when_the_event_changes(ctx, client):
    event = _event()
    before = _meta(client, f"/events/{event.slug}")["og:image"]
    event.title = "Mít tinh hưởng ứng (đổi giờ)"
    db.session.commit()
    assert _meta(client, f"/events/{event.slug}")["og:image"] != before


def test_draft_event_has_no_page_and_no_image(ctx, client):
    event = _event(status="draft")
    assert client.get(f"/events/{event.slug}").status_code == 404
    assert client.get(f"/events/{event.slug}/share.png").status_code == 404
    assert client.get("/events/no-such-event/share.png").status_code == 404


def test_cancelled_event_keeps_its_page_and_image_marked_cancelled(ctx, client):
    event = _event()
    before = client.get(f"/events/{event.slug}/share.png").data
    organising.cancel(event)
    db.session.commit()
    assert client.get(f"/events/{event.slug}").status_code == 200
    response = client.get(f"/events/{event.slug}/share.png")
    assert response.status_code == 200 and response.data != before


def _glyph(font, letter):
    """The pixels font draws for one letter."""
    canvas = Image.new("L", (200, 200))
    ImageDraw.Draw(canvas).text((40, 40), letter, font=font, fill=255)
    return canvas.tobytes()


def _notdef(font):
    """The pixels the font draws for a character it has no glyph for (a private-use one)."""
    return _glyph(font, "\ue000")


def test_font_has_every_vietnamese_letter_it_is_asked_to_draw(app):
    share_image = _share_image()
    font = share_image.font("bold", 64)
    missing = _notdef(font)
    assert _glyph(font, "\u4e00") == missing  # the check sees a missing glyph (no CJK here; .notdef is blank)
    letters = set(LONGEST_TITLE + "ĂÂĐÊÔƠƯăâđêôơư" + "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ"
                  "Thứ Bảy, 05/12/2026 · 08:00–11:00 Thị trấn Thường Tín ĐÃ HỦY") - {" "}
    for weight in ("bold", "medium"):
        face = share_image.font(weight, 64)
        absent = [letter for letter in letters if _glyph(face, letter) == _notdef(face)]
        assert absent == [], weight


def test_longest_title_wraps_and_shrinks_to_fit(app):
    share_image = _share_image()
    short_font, short_lines = share_image.fit_title("Mít tinh")
    font, lines = share_image.fit_title(LONGEST_TITLE)
    assert len(short_lines) == 1 and font.size < short_font.size
    assert " ".join(lines) == LONGEST_TITLE  # every word shown, none cut
    assert all(font.getlength(line) <= share_image.TEXT_WIDTH for line in lines)
    assert len(lines) * share_image.line_height(font) <= share_image.TITLE_HEIGHT
    assert font.getlength(LONGEST_TITLE) > len(LONGEST_TITLE) * font.size * 0.35  # drawn glyphs, not boxes or nothing


def test_longest_title_keeps_inside_the_image_margins(ctx, client):
    share_image = _share_image()
    event = _event(title=LONGEST_TITLE, commune=commune("10183"))
    image = Image.open(io.BytesIO(client.get(f"/events/{event.slug}/share.png").data)).convert("RGB")
    background = image.getpixel((5, 5))
    for x in list(range(0, share_image.MARGIN - 8)) + list(range(1200 - share_image.MARGIN + 8, 1200)):
        assert {image.getpixel((x, y)) for y in range(0, 630, 3)} == {background}, x
    title_box = image.crop((share_image.MARGIN, 150, 1200 - share_image.MARGIN, 450))
    assert len(title_box.getcolors(maxcolors=1 << 20)) > 10  # the title is drawn (antialiased white on orange)


def test_a_title_without_spaces_is_broken_not_overflowing(app):
    share_image = _share_image()
    font, lines = share_image.fit_title("Đ" * 200)
    assert all(font.getlength(line) <= share_image.TEXT_WIDTH for line in lines)
