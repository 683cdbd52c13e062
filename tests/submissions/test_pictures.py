"""Appendix pictures: checked by content, thumbnails, served only through an access check."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from catalogue.models import Chapter
from submissions.models import AuditEntry, Picture

pytestmark = pytest.mark.django_db


def image_bytes(fmt="PNG", size=(800, 600)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 30, 40)).save(buffer, format=fmt)
    return buffer.getvalue()


def bomb_png(width=20000, height=20000):
    """A tiny PNG whose header declares a huge canvas."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 100)) + chunk(b"IEND", b""))


def upload(client, submission, name, content, caption="Plakāts", chapter=5):
    return client.post(reverse("entry:picture_upload", kwargs={"pk": submission.pk}), {
        "caption": caption, "chapter": Chapter.objects.get(number=chapter).pk,
        "image": SimpleUploadedFile(name, content)})


def test_png_is_stored_with_a_thumbnail_and_audit(client_for, submission, librarian):
    response = upload(client_for(librarian), submission, "plakats.png", image_bytes())
    assert response.status_code == 302
    picture = Picture.objects.get(submission=submission)
    assert picture.caption == "Plakāts" and picture.chapter.number == 5
    with Image.open(picture.thumbnail.path) as thumb:
        assert max(thumb.size) == 320
    assert AuditEntry.objects.filter(submission=submission, action="added",
                                     target=f"picture:{picture.pk}").exists()


def test_png_named_txt_is_accepted_by_its_content(client_for, submission, librarian):
    response = upload(client_for(librarian), submission, "notes.txt", image_bytes())
    assert response.status_code == 302
    assert Picture.objects.get().image.name.endswith(".png")


def test_jpeg_is_accepted(client_for, submission, librarian):
    response = upload(client_for(librarian), submission, "foto.jpg", image_bytes("JPEG"))
    assert response.status_code == 302


def test_text_named_jpg_is_refused(client_for, submission, librarian):
    response = upload(client_for(librarian), submission, "foto.jpg", b"just some text" * 10)
    assert response.status_code == 400
    assert not Picture.objects.exists()


def test_gif_is_refused(client_for, submission, librarian):
    response = upload(client_for(librarian), submission, "anim.png", image_bytes("GIF"))
    assert response.status_code == 400


def test_oversize_file_is_refused(client_for, submission, librarian):
    big = image_bytes() + b"\x00" * (5 * 1024 * 1024)
    response = upload(client_for(librarian), submission, "big.png", big)
    assert response.status_code == 400
    assert not Picture.objects.exists()


def test_decompression_bomb_is_refused(client_for, submission, librarian):
    response = upload(client_for(librarian), submission, "bomb.png", bomb_png())
    assert response.status_code == 400
    assert "40" in response.content.decode()  # names the limit
    assert not Picture.objects.exists()


def test_picture_is_served_only_to_those_who_may_see(client_for, submission, librarian,
                                                     other_librarian, municipality,
                                                     methodologist, client):
    upload(client_for(librarian), submission, "plakats.png", image_bytes())
    picture = Picture.objects.get()
    for name in ("entry:picture", "entry:picture_thumb"):
        url = reverse(name, kwargs={"pk": submission.pk, "picture_pk": picture.pk})
        response = client_for(librarian).get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        assert client_for(methodologist).get(url).status_code == 200
        assert client_for(other_librarian).get(url).status_code == 403
        assert client_for(municipality).get(url).status_code == 403
        assert client.get(url).status_code == 302


def test_delete(client_for, submission, librarian, other_librarian, methodologist):
    upload(client_for(librarian), submission, "plakats.png", image_bytes())
    picture = Picture.objects.get()
    url = reverse("entry:picture_delete", kwargs={"pk": submission.pk,
                                                       "picture_pk": picture.pk})
    assert client_for(other_librarian).post(url).status_code == 403
    assert client_for(methodologist).post(url).status_code == 403
    assert client_for(librarian).post(url).status_code == 302
    assert not Picture.objects.exists()
    assert AuditEntry.objects.filter(action="deleted", target=f"picture:{picture.pk}").exists()
