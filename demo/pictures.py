"""The demo's appendix pictures of 2021, drawn with Pillow (no files in the repository).

Three pictures, each with its caption, its chapter and the library that sent it:
a survey chart (chapter 5), an event poster (chapter 7) and a photo-like picture of a
renovated reading room (chapter 3). `seed_pictures(submissions)` adds each once.
"""

import io
import math
import random
from pathlib import Path

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from catalogue.models import Chapter
from submissions.models import Picture
from submissions.pictures import make_thumbnail

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def _font(size: int, bold: bool = False):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(str(FONT_DIR / name), size)
    except OSError:
        return ImageFont.load_default(size)


def survey_chart() -> Image.Image:
    """A bar chart of a readers' survey: how satisfied 164 readers were with the library."""
    width, height = 1200, 760
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((60, 40), "Lasītāju aptauja 2021: cik apmierināti ar bibliotēku?",
              font=_font(34, bold=True), fill="#1f2d3d")
    draw.text((60, 92), "164 atbildes, Maltas pagasta bibliotēka", font=_font(24),
              fill="#555555")
    answers = [("Ļoti apmierināti", 71), ("Apmierināti", 62), ("Daļēji", 22),
               ("Neapmierināti", 6), ("Nav viedokļa", 3)]
    left, top, bar_height, gap, scale = 330, 170, 70, 34, 9.0
    for index, (label, count) in enumerate(answers):
        y = top + index * (bar_height + gap)
        draw.text((60, y + 18), label, font=_font(26), fill="#1f2d3d")
        draw.rectangle((left, y, left + count * scale, y + bar_height), fill="#2f6690")
        draw.text((left + count * scale + 16, y + 18), str(count), font=_font(26, bold=True),
                  fill="#1f2d3d")
    draw.line((left, top - 10, left, top + len(answers) * (bar_height + gap)), fill="#888888",
              width=2)
    return image


def event_poster() -> Image.Image:
    """A poster of a summer reading event for children."""
    width, height = 900, 1200
    image = Image.new("RGB", (width, height), "#ffe8a3")
    draw = ImageDraw.Draw(image)
    for ring in range(9, 0, -1):  # a sun in the corner
        radius = ring * 28
        shade = (255, 200 - ring * 12, 60 + ring * 6)
        draw.ellipse((width - 200 - radius, 60 - radius, width - 200 + radius, 60 + radius),
                     fill=shade)
    for index in range(7):  # a row of books
        x = 80 + index * 108
        colour = ("#c0392b", "#2980b9", "#27ae60", "#8e44ad", "#d35400", "#16a085",
                  "#2c3e50")[index]
        draw.rectangle((x, 760, x + 84, 1020 - (index % 3) * 40), fill=colour)
        draw.rectangle((x + 10, 800, x + 74, 812), fill="#f5f5f5")
    draw.text((80, 330), "Vasaras lasīšanas", font=_font(70, bold=True), fill="#1f2d3d")
    draw.text((80, 420), "piedzīvojums", font=_font(70, bold=True), fill="#1f2d3d")
    draw.text((80, 540), "Bērniem no 7 līdz 12 gadiem", font=_font(36), fill="#1f2d3d")
    draw.text((80, 600), "Katru ceturtdienu jūlijā plkst. 14.00", font=_font(32),
              fill="#1f2d3d")
    draw.text((80, 1080), "Dricānu pagasta bibliotēka", font=_font(36, bold=True),
              fill="#1f2d3d")
    return image


def reading_room_photo() -> Image.Image:
    """A photo-like picture: a renovated reading room with a window and shelves."""
    width, height = 1280, 853
    rng = random.Random(2021)  # noqa: S311 - texture, not security
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):  # warm wall, lighter towards the window
        shade = int(215 - 40 * y / height)
        draw.line((0, y, width, y), fill=(shade, int(shade * 0.93), int(shade * 0.82)))
    draw.polygon(((0, 620), (width, 560), (width, height), (0, height)), fill=(150, 105, 70))
    for x in range(0, width, 64):  # floor boards
        draw.line((x, 620 - x * 60 // width, x - 120, height), fill=(130, 90, 60), width=3)
    draw.rectangle((820, 120, 1160, 470), fill=(200, 225, 245))  # window with the sky
    draw.rectangle((820, 120, 1160, 470), outline=(245, 245, 240), width=14)
    draw.line((990, 120, 990, 470), fill=(245, 245, 240), width=10)
    for shelf in range(4):  # a bookcase
        y = 170 + shelf * 110
        draw.rectangle((80, y + 95, 600, y + 108), fill=(110, 75, 45))
        x = 92
        while x < 585:
            book = rng.randint(14, 30)
            tint = rng.choice(((150, 40, 40), (40, 80, 140), (50, 120, 70), (180, 150, 60),
                               (90, 60, 120), (200, 200, 190)))
            draw.rectangle((x, y + 95 - rng.randint(62, 88), x + book, y + 95), fill=tint)
            x += book + 2
    draw.rectangle((640, 560, 1000, 590), fill=(120, 80, 50))  # a table and a lamp
    draw.rectangle((660, 590, 680, 720), fill=(100, 70, 45))
    draw.rectangle((960, 590, 980, 720), fill=(100, 70, 45))
    draw.polygon(((760, 470), (840, 470), (820, 430), (780, 430)), fill=(230, 200, 120))
    draw.line((800, 470, 800, 560), fill=(60, 60, 60), width=4)
    glow = Image.new("L", (width, height), 0)
    ImageDraw.Draw(glow).ellipse((700, 330, 1300, 800), fill=90)
    image = Image.composite(Image.new("RGB", (width, height), (255, 240, 200)), image,
                            glow.filter(ImageFilter.GaussianBlur(120)))
    noise = Image.effect_noise((width, height), 18).convert("RGB")
    image = Image.blend(image, noise, 0.06).filter(ImageFilter.GaussianBlur(0.8))
    vignette = Image.new("L", (width, height), 0)
    vignette_draw = ImageDraw.Draw(vignette)
    for step in range(40):
        inset = step * 8
        vignette_draw.rectangle((inset, inset, width - inset, height - inset),
                                outline=int(120 * math.cos(step / 40 * math.pi / 2)))
    return Image.composite(Image.new("RGB", (width, height), (30, 25, 20)), image,
                           vignette.filter(ImageFilter.GaussianBlur(30)).point(
                               lambda value: value // 2))


# library slug, chapter, caption, file name, drawing, format
PICTURES = (
    ("maltas", 5, "Lasītāju aptaujas rezultāti: 133 no 164 atbildējušajiem ir apmierināti "
     "vai ļoti apmierināti ar bibliotēku", "lasitaju-aptauja-2021.png", survey_chart, "PNG"),
    ("dricanu", 7, "Afiša: vasaras lasīšanas piedzīvojums bērniem jūlija ceturtdienās",
     "vasaras-lasisanas-afisa.png", event_poster, "PNG"),
    ("audrinu", 3, "Lasītava pēc apkures sistēmas nomaiņas, iekārtota no jauna",
     "atjaunota-lasitava.jpg", reading_room_photo, "JPEG"),
)


def picture_bytes(draw, image_format: str) -> bytes:
    buffer = io.BytesIO()
    draw().save(buffer, format=image_format, **({"quality": 85} if image_format == "JPEG"
                                                else {"optimize": True}))
    return buffer.getvalue()


def seed_pictures(submissions) -> None:
    """Add the three demo pictures to the 2021 submissions (`{slug: Submission}`) once."""
    chapters = Chapter.objects.in_bulk(field_name="number")
    for slug, chapter, caption, name, draw, image_format in PICTURES:
        submission = submissions.get(slug)
        if submission is None or Picture.objects.filter(submission=submission,
                                                         caption=caption).exists():
            continue
        content = ContentFile(picture_bytes(draw, image_format), name=name)
        picture = Picture(submission=submission, chapter=chapters[chapter], caption=caption)
        picture.image.save(name, content, save=False)
        picture.thumbnail.save(f"thumb-{name}", make_thumbnail(content, image_format),
                               save=False)
        picture.save()
