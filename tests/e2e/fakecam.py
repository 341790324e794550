"""Fake camera for browser tests: a Y4M video of a still image that Chromium plays as its webcam."""
from PIL import Image


def frame_image(image, size=(640, 480)):
    """The image centred on a white frame of the given size, scaled to about 80% of the frame's height."""
    width, height = size
    frame = Image.new("RGB", size, "white")
    picture = image.convert("RGB")
    scale = min(0.8 * height / picture.height, 0.8 * width / picture.width)
    # NEAREST keeps a QR code's modules sharp-edged, like a printed ticket.
    picture = picture.resize((max(1, round(picture.width * scale)), max(1, round(picture.height * scale))),
                             Image.NEAREST)
    frame.paste(picture, ((width - picture.width) // 2, (height - picture.height) // 2))
    return frame


def write_y4m(path, image, seconds=3, fps=10, size=(640, 480)):
    """Write a Y4M (YUV 4:2:0) video showing the image still, for Chromium's --use-file-for-fake-video-capture.

    Chromium loops the file, so a few seconds are enough. Width and height must be even for 4:2:0.
    """
    width, height = size
    if width % 2 or height % 2:
        raise ValueError("Y4M 4:2:0 needs an even width and height")
    y, cb, cr = frame_image(image, size).convert("YCbCr").split()
    chroma = (width // 2, height // 2)
    planes = [y, cb.resize(chroma, Image.BILINEAR), cr.resize(chroma, Image.BILINEAR)]
    frame = b"FRAME\n" + b"".join(plane.tobytes() for plane in planes)
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode("ascii"))
        for _ in range(max(1, round(seconds * fps))):
            out.write(frame)
