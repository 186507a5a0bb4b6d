"""Placeholder portraits for the demo authors, drawn with Pillow."""

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw


def draw_portrait(name: str, colour: tuple[int, int, int], size: int = 480) -> ContentFile:
    """A soft silhouette on the author's colour: clearly a placeholder, never a real face."""
    image = Image.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(image)
    light = tuple(min(255, c + 70) for c in colour)
    draw.ellipse((size * 0.32, size * 0.18, size * 0.68, size * 0.54), fill=light)
    draw.ellipse((size * 0.14, size * 0.58, size * 0.86, size * 1.25), fill=light)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name=f"{name.lower().replace(' ', '-')}.jpg")
