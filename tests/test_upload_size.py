"""
A request body beyond the upload limit is refused before it is read, and an
oversize image inside an acceptable form is not held whole: the form says the
file is too large and keeps everything else the person typed.
"""

import socket
import time
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from config.uploads import request_body_max_bytes


class BodyMustNotBeRead:
    """A wsgi.input that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the request body was read")

    readline = read


def change_url(post) -> str:
    return f"/admin/blog/post/{post.pk}/change/"


@pytest.mark.parametrize("logged_in", [True, False])
def test_a_body_declared_beyond_the_limit_gets_a_413_page_unread(client, editor, post, logged_in):
    if logged_in:
        client.force_login(editor)
    declared = request_body_max_bytes() + 1

    response = client.post(
        change_url(post),
        CONTENT_LENGTH=str(declared),
        CONTENT_TYPE=MULTIPART_CONTENT,
        **{"wsgi.input": BodyMustNotBeRead()},
    )

    assert response.status_code == 413
    page = response.content.decode()
    assert "That upload is too large" in page
    assert "Images may be at most 10.0\xa0MB" in page


def test_a_body_within_the_limit_is_not_refused(client, editor, post):
    client.force_login(editor)
    response = client.post(change_url(post), {"title": post.title})
    assert response.status_code == 200  # the form again (fields missing), not a 413


def test_a_live_server_answers_413_without_waiting_for_the_body(live_server):
    """Only the headers are sent: a server that read the body would wait for it."""
    address = urlsplit(live_server.url)
    declared = 200 * 1024 * 1024
    started = time.monotonic()
    with socket.create_connection((address.hostname, address.port), timeout=10) as connection:
        connection.sendall(
            (
                "POST /admin/blog/post/add/ HTTP/1.1\r\n"
                f"Host: {address.hostname}\r\n"
                f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
                f"Content-Length: {declared}\r\n\r\n"
            ).encode()
        )
        answer = connection.recv(65536).decode("latin-1")
    assert answer.startswith("HTTP/1.1 413"), answer[:200]
    assert time.monotonic() - started < 5


RECEIVED: list[int] = []


class RecordingMemoryHandler(MemoryFileUploadHandler):
    """Django's in-memory handler, recording how many bytes of each file it was given."""

    def new_file(self, *args, **kwargs):
        RECEIVED.append(0)
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        RECEIVED[-1] += len(raw_data)
        return super().receive_data_chunk(raw_data, start)


def test_an_oversize_image_is_not_held_whole_and_the_form_keeps_what_was_typed(
    client, editor, post, settings, media_root
):
    settings.IMAGE_UPLOAD_MAX_BYTES = 300_000
    settings.FILE_UPLOAD_HANDLERS = [
        "config.uploads.SizeLimitedUploadHandler",
        f"{__name__}.RecordingMemoryHandler",
    ]
    RECEIVED.clear()
    client.force_login(editor)
    oversize = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"\0" * 1_000_000, "image/jpeg")
    data = {
        "title": "A title I typed",
        "slug": post.slug,
        "author": post.author_id,
        "body": "A body I wrote with care.",
        "excerpt": "An excerpt I typed",
        "featured_image": oversize,
        "featured_image_alt": "Alt text I typed",
        "status": "published",
        "published_at_0": post.published_at.strftime("%Y-%m-%d"),
        "published_at_1": post.published_at.strftime("%H:%M:%S"),
        "_save": "Save",
    }
    body = encode_multipart(BOUNDARY, data)
    assert len(body) < request_body_max_bytes()  # an acceptable request
    oversize.seek(0)

    response = client.post(change_url(post), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "This file is 976.6\xa0KB; images may be at most 293.0\xa0KB." in page, [
        line for line in page.splitlines() if "errorlist" in line
    ]
    for typed in ("A title I typed", "A body I wrote with care.", "Alt text I typed"):
        assert typed in page
    assert RECEIVED and max(RECEIVED) <= 300_000  # never held whole
    post.refresh_from_db()
    assert post.title != "A title I typed" and not post.featured_image
