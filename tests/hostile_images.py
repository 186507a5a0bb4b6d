"""Image files, hostile and honest, built byte by byte where Pillow would not write them."""

import io
import struct

from PIL import Image

# A 1 × 1 image's pixel (colour 0) as GIF LZW data with a 2-bit minimum code
# size: clear code, 0, end code, packed into two bytes, as one sub-block.
_ONE_PIXEL = b"\x02\x02\x44\x01\x00"


def gif_frame_bomb(frames: int = 25, width: int = 6000, height: int = 6000) -> bytes:
    """
    Many 1 × 1 frames on a huge canvas: a few hundred bytes that a decoder
    turns into ``frames`` full canvases (the 664-byte GIF of issue 12).
    """
    out = bytearray(b"GIF89a" + struct.pack("<HHBBB", width, height, 0xF0, 0, 0))
    out += b"\x00\x00\x00\xff\xff\xff"  # a two-colour global palette
    out += b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"  # loop forever
    for index in range(frames):
        out += b"\x21\xf9\x04\x00\x0a\x00\x00\x00"  # 100 ms
        out += b"\x2c" + struct.pack("<HHHHB", index, index, 1, 1, 0) + _ONE_PIXEL
    return bytes(out + b"\x3b")


def with_xmp_extension(gif: bytes, xmp: bytes) -> bytes:
    """The GIF with an XMP application extension before its first frame, as editors write it."""
    blocks = b"".join(bytes([len(chunk)]) + chunk for chunk in _chunks(xmp, 255))
    extension = b"\x21\xff\x0bXMP DataXMP" + blocks + b"\x00"
    first_frame = gif.index(b"\x21\xf9")
    return gif[:first_frame] + extension + gif[first_frame:]


def _chunks(data: bytes, size: int) -> list[bytes]:
    return [data[start : start + size] for start in range(0, len(data), size)]


def animated_gif(frames: int, size: tuple[int, int], **save_kwargs) -> bytes:
    """An honest animation: a noisy square moving across a changing colour."""
    images = []
    for index in range(frames):
        frame = Image.new("RGB", size, (index * 2 % 256, 100, (200 - index) % 256))
        patch = Image.effect_noise((size[0] // 4, size[1] // 4), 60).convert("RGB")
        frame.paste(patch, (index * 3 % size[0], index * 3 % size[1]))
        images.append(frame)
    buffer = io.BytesIO()
    images[0].save(buffer, format="GIF", save_all=True, append_images=images[1:], **save_kwargs)
    return buffer.getvalue()


def truncated_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((1200, 900), 60).convert("RGB").save(buffer, format="JPEG")
    data = buffer.getvalue()
    return data[: len(data) // 2]
