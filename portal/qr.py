"""QR images: SVG to show on pages, PNG to save in a phone's gallery or print."""
import io

import qrcode
import qrcode.image.svg
from qrcode.constants import ERROR_CORRECT_M


def _code(data, box_size=10):
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, box_size=box_size)
    code.add_data(data)
    code.make(fit=True)
    return code


def svg(data):
    """Return an SVG document (one path, scalable) that encodes data."""
    image = _code(data).make_image(image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")


def png(data, box_size=10):
    """Return PNG bytes that encode data, black on white, with the quiet zone."""
    buffer = io.BytesIO()
    _code(data, box_size).make_image().save(buffer, format="PNG")
    return buffer.getvalue()
