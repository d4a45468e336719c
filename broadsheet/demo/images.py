"""A picture drawn on the spot for the demo, so it needs no download and no licence."""

import io

from PIL import Image as PILImage
from PIL import ImageDraw


def river_picture_png(width: int = 1200, height: int = 675) -> bytes:
    picture = PILImage.new("RGB", (width, height), (206, 222, 232))
    draw = ImageDraw.Draw(picture)
    draw.rectangle([0, height * 0.55, width, height], fill=(120, 150, 110))
    for i in range(12):
        y = height * 0.62 + i * 14
        draw.line([(0, y), (width, y - 40 + (i % 3) * 10)], fill=(70, 110, 150), width=10)
    draw.rectangle([width * 0.6, height * 0.3, width * 0.68, height * 0.7], fill=(150, 150, 145))
    draw.rectangle([width * 0.58, height * 0.27, width * 0.7, height * 0.31], fill=(110, 110, 105))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()
