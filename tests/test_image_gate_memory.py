"""
Hostile and the largest honest uploads, each processed in a process of its own
(tests/image_probe.py) so that its peak memory can be read and a memory bomb
cannot take the test run down: refused quickly with a clear message, or
stored, and never more than 256 MB of memory on the way.
"""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from .hostile_images import animated_gif, gif_frame_bomb, truncated_jpeg
from .test_upload_safety import png_claiming

ROOT = Path(__file__).resolve().parent.parent
MEMORY_BUDGET_MB = 256


def probe(tmp_path: Path, name: str, data: bytes) -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-m", "tests.image_probe", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"DJANGO_SETTINGS_MODULE": "config.settings", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_the_frame_bomb_of_issue_12_is_a_few_hundred_bytes():
    data = gif_frame_bomb()
    assert len(data) < 700
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (6000, 6000) and image.n_frames == 25


@pytest.mark.parametrize(
    ("name", "data", "code", "message"),
    [
        pytest.param(
            "issue.gif",
            gif_frame_bomb(),
            "too_many_pixels",
            "6000 × 6000 pixels",
            id="the-frame-bomb-of-issue-12",
        ),
        pytest.param(
            "frames.gif",
            gif_frame_bomb(frames=25, width=4000, height=4000),
            "too_many_frames",
            "25 frames of 4000 × 4000",
            id="frame-bomb-on-an-accepted-canvas",
        ),
        pytest.param(
            "huge.png",
            png_claiming(100_000, 100_000),
            "too_many_pixels",
            "too many pixels to process safely",
            id="decompression-bomb",
        ),
        pytest.param(
            "big.png",
            png_claiming(7000, 7000),
            "too_many_pixels",
            "7000 × 7000 pixels; at most 24 million",
            id="pixel-bomb-under-pillows-own-limit",
        ),
        pytest.param(
            "cut.jpg", truncated_jpeg(), "corrupt_image", "damaged or incomplete", id="truncated"
        ),
    ],
)
def test_hostile_uploads_are_refused_quickly_with_bounded_memory(
    tmp_path, name, data, code, message
):
    result = probe(tmp_path, name, data)
    assert result["outcome"] == "refused", result
    assert result["code"] == code and message in result["message"], result
    assert result["seconds"] < 2, result
    assert result["peak_mb"] < 64, result


def noise(fmt: str, size: tuple[int, int], mode: str = "RGB", **save_kwargs) -> bytes:
    image = Image.effect_noise(size, 40).convert(mode)
    if mode == "RGBA":
        image = Image.new("RGBA", size, (20, 90, 200, 128))  # noise would not fit 10 MB
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **save_kwargs)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "make"),
    [
        pytest.param("camera.jpg", lambda: noise("JPEG", (6000, 4000), quality=60), id="24mp-jpeg"),
        pytest.param("cutout.png", lambda: noise("PNG", (6000, 4000), "RGBA"), id="24mp-rgba-png"),
        pytest.param("loop.gif", lambda: animated_gif(100, (500, 500)), id="25mp-animation"),
    ],
)
def test_the_largest_accepted_uploads_are_processed_within_the_memory_budget(tmp_path, name, make):
    data = make()
    assert len(data) <= 10 * 1024 * 1024
    result = probe(tmp_path, name, data)
    assert result["outcome"] == "stored", result
    assert result["peak_mb"] < MEMORY_BUDGET_MB, result
