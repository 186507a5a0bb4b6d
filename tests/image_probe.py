"""
Run one upload through everything a worker does with it, in a process of its
own, and report how much memory and time that took (as JSON on stdout).

    python -m tests.image_probe FILE

The work is what a request storing an image does: the form's check
(``validate_image_file``), the re-encode at save (``reencode_image``) and the
renditions made after the save (widths and the square crops of author
photos). Peak memory is the process's peak resident set minus its resident
set after the same work on a tiny image, so Python, Django and Pillow
themselves are not counted. The peak is Linux's VmHWM, reset just before the
work: ``ru_maxrss`` cannot be used, as a process started by a large one (the
test run) inherits its parent's peak across exec and would hide the growth.
The address space is capped at the baseline plus ``--cap-mb`` so that a
memory bomb on faulty code fails the test with MemoryError instead of taking
the test machine down with it.
"""

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace


def _vm_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise LookupError(field)


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")  # 5: reset the peak resident set to the current one


def process(data: bytes, name: str, media: Path) -> dict:
    from django.core.exceptions import ValidationError
    from django.core.files.storage import FileSystemStorage
    from django.core.files.uploadedfile import SimpleUploadedFile

    from authors.models import PHOTO_SQUARES
    from core.images import reencode_image, validate_image_file
    from core.renditions import make_renditions

    upload = SimpleUploadedFile(name, data)
    try:
        validate_image_file(upload)
        clean = reencode_image(upload)
    except ValidationError as error:
        return {"outcome": "refused", "code": error.code, "message": error.messages[0]}
    storage = FileSystemStorage(location=media)
    stored = SimpleNamespace(name=storage.save(clean.name, clean), storage=storage)
    make_renditions(stored)
    PHOTO_SQUARES.make(stored)
    return {"outcome": "stored", "stored_bytes": storage.size(stored.name)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--cap-mb", type=int, default=1024)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import io

    from PIL import Image

    with tempfile.TemporaryDirectory() as media:
        warm = io.BytesIO()
        Image.new("RGB", (64, 48), (200, 120, 80)).save(warm, format="JPEG")
        process(warm.getvalue(), "warm.jpg", Path(media))
        data = Path(args.file).read_bytes()
        _reset_peak()
        baseline_kb = _status_kb("VmRSS")
        cap = _vm_bytes() + args.cap_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        started = time.perf_counter()
        try:
            result = process(data, Path(args.file).name, Path(media))
        except MemoryError:
            result = {"outcome": "out of memory"}
        seconds = time.perf_counter() - started
        peak_kb = _status_kb("VmHWM")
    result.update(seconds=round(seconds, 3), peak_mb=round((peak_kb - baseline_kb) / 1024, 1))
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
