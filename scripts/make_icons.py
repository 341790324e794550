"""Draw the desk app's home-screen icons (static/icons/): a white tick on the campaign's orange, full-bleed so that
the same picture serves as a maskable icon (the tick stays inside the middle 60 %). Run again after changing it."""
import os

from PIL import Image, ImageDraw

ORANGE = (194, 65, 12)  # --accent-ink in static/css/portal.css
HERE = os.path.join(os.path.dirname(__file__), "..", "static", "icons")


def icon(size):
    """A size × size icon."""
    image = Image.new("RGB", (size, size), ORANGE)
    draw = ImageDraw.Draw(image)
    unit = size / 100
    draw.line([(32 * unit, 52 * unit), (45 * unit, 65 * unit), (70 * unit, 37 * unit)], fill="white",
              width=round(9 * unit), joint="curve")
    return image


if __name__ == "__main__":
    os.makedirs(HERE, exist_ok=True)
    for size in (192, 512):
        icon(size).save(os.path.join(HERE, f"desk-{size}.png"), optimize=True)
