"""MEDIA_STORAGE=s3 puts uploads in a bucket through django-storages; the default is the disk."""

import json
import subprocess
import sys

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage

from tests.servers import BASE_DIR

PROBE = """
import json
from django.conf import settings
from django.core.files.storage import storages
storage = storages["default"]
print(json.dumps({
    "storage": type(storage).__module__ + "." + type(storage).__name__,
    "url": storage.url("posts/2026/01/a.jpg"),
    "img_src": [str(source) for source in settings.SECURE_CSP["img-src"]],
    "serve_media": settings.SERVE_MEDIA,
}))
"""


def settings_with(**env: str) -> dict:
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PROBE],
        cwd=BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "0", "VAR_DIR": str(settings.VAR_DIR), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_media_is_stored_on_disk_by_default():
    assert isinstance(default_storage, FileSystemStorage)


def test_media_storage_s3_uses_the_bucket_and_allows_its_images_in_the_csp():
    found = settings_with(
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="common-ground-media",
        AWS_S3_REGION_NAME="eu-west-1",
        AWS_ACCESS_KEY_ID="test-key",
        AWS_SECRET_ACCESS_KEY="test-secret",
    )

    assert found["storage"] == "storages.backends.s3.S3Storage"
    assert found["url"].startswith("https://common-ground-media.s3")
    assert found["url"].endswith("/media/posts/2026/01/a.jpg")
    assert "?" not in found["url"], "plain URLs, not signed ones that expire"
    assert any(found["url"].startswith(origin) for origin in found["img_src"])
    assert found["serve_media"] is False


def test_media_storage_s3_with_a_custom_domain():
    found = settings_with(
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="b",
        AWS_S3_CUSTOM_DOMAIN="media.example.com",
        AWS_ACCESS_KEY_ID="test-key",
        AWS_SECRET_ACCESS_KEY="test-secret",
    )

    assert found["url"] == "https://media.example.com/media/posts/2026/01/a.jpg"
    assert "https://media.example.com" in found["img_src"]


def test_media_storage_s3_without_a_bucket_says_what_is_missing():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "MEDIA_STORAGE": "s3", "VAR_DIR": str(settings.VAR_DIR)},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME" in result.stderr
