"""Appendix pictures: the upload is checked by its content, never by its name.

Pillow opens and verifies the file; only JPEG and PNG pass, at most MAX_BYTES and
MAX_PIXELS (a decompression bomb declaring a huge canvas is refused before it is
decoded). A thumbnail (at most THUMBNAIL_SIZE px on the longer side) is made for lists.
"""

import io
import os
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
THUMBNAIL_SIZE = 320
FORMATS = {"JPEG": "jpg", "PNG": "png"}


class PictureError(ValidationError):
    pass


def check_picture(upload) -> str:
    """The image format ("JPEG" or "PNG") of an uploaded file, or PictureError."""
    if upload.size > MAX_BYTES:
        raise PictureError(
            _("The picture is %(size)s MB; at most 5 MB is accepted. Make it smaller "
              "(e.g. save it at a lower resolution) and upload it again.")
            % {"size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ",")}, code="size")
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format = image.format
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise PictureError(_("The picture is too large (%(width)s × %(height)s "
                                         "pixels; at most 40 megapixels).")
                                       % {"width": width, "height": height}, code="pixels")
                image.verify()
    except PictureError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PictureError(_("The picture is too large (at most 40 megapixels)."),
                           code="pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise PictureError(_("This file is not a JPEG or PNG picture. Choose a photo or "
                             "an image saved as JPEG or PNG."), code="type") from None
    finally:
        upload.seek(0)
    if image_format not in FORMATS:
        raise PictureError(_("Only JPEG and PNG pictures are accepted (this one is "
                             "%(format)s).") % {"format": image_format}, code="type")
    return image_format


def stored_name(upload, image_format: str) -> str:
    """The file name with the extension of its real format."""
    stem = os.path.splitext(os.path.basename(upload.name or "picture"))[0][:80] or "picture"
    return f"{stem}.{FORMATS[image_format]}"


def make_thumbnail(upload, image_format: str) -> ContentFile:
    upload.seek(0)
    with Image.open(upload) as image:
        image.load()
        thumb = ImageOps.exif_transpose(image)  # a portrait photo stays upright
    upload.seek(0)
    thumb.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
    if image_format == "JPEG" and thumb.mode not in ("RGB", "L"):
        thumb = thumb.convert("RGB")
    buffer = io.BytesIO()
    thumb.save(buffer, format=image_format)
    return ContentFile(buffer.getvalue())
