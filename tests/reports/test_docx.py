"""The report as DOCX (issue 14, item 1): structure, access, and LibreOffice's reading of it."""

import io
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn

from libraries.models import Region, Role, User
from reports.consolidated import build_report
from reports.docx import CONTENT_TYPE, chart_png, render_docx
from reports.models import PublishedReport
from reports.services import report_publish
from tests.demo_copy import demo_copy
from tests.factories import RegionFactory, regional_user

NEEDS_SOFFICE = pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("CI"),
    reason="LibreOffice (soffice) is not installed")


def _headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


class DemoDocxTests(TestCase):
    """The demo's 2021 report, as a methodologist downloads it."""

    @classmethod
    def setUpTestData(cls):
        demo_copy()
        cls.region = Region.objects.get(slug="rezeknes-novads")
        with translation.override("lv"):
            cls.data = build_report(cls.region, 2021)
            cls.content = render_docx(cls.data)
        cls.document = Document(io.BytesIO(cls.content))

    def test_chapters_and_sections_use_word_heading_styles_in_the_templates_order(self):
        chapters = _headings(self.document, 1)
        expected = [f"{c.number}. {c.title}" if c.number else c.title for c in self.data.chapters]
        self.assertEqual(chapters, [*expected, "Pielikumi"])
        sections = _headings(self.document, 2)
        self.assertIn("Darba prioritātes", sections)
        self.assertIn("Metodiskā darba prioritātes", sections)
        self.assertIn("Bibliotēku salīdzinājums", sections)  # the charts of chapter 5

    def test_tables_are_word_tables_with_a_repeating_header_and_latvian_numbers(self):
        tables = self.document.tables
        self.assertEqual(len(tables), len(self.data.all_tables()))
        for table in tables:
            header = table.rows[0]._tr
            self.assertIsNotNone(header.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}"))
        main = next(t for t in tables if any(c.text == "Aktīvo lietotāju skaits"
                                              for c in t.columns[0].cells))
        row = next(r for r in main.rows if r.cells[0].text == "Aktīvo lietotāju skaits")
        self.assertEqual([c.text for c in row.cells][1:], ["7\xa0941", "7\xa0114", "6\xa0441",
                                                           "-10 %", "-9 %"])
        coverage = next(r for r in main.rows if r.cells[0].text.startswith("Bibliotekārais"))
        self.assertEqual(coverage.cells[3].text, "20,8")

    def test_charts_and_appendix_pictures_are_images_with_captions(self):
        images = self.document.inline_shapes
        self.assertGreaterEqual(len(images), len(self.data.charts) + 3)
        captions = [p.text for p in self.document.paragraphs if p.style.name == "Caption"]
        for group in self.data.appendices:
            for picture in group.pictures:
                self.assertIn(f"{picture.number}. attēls. {picture.caption} "
                              f"({picture.library})", captions)

    def test_page_numbers_in_the_footer_and_a_table_of_contents(self):
        footer = self.document.sections[0].footer._element.xml
        self.assertIn(" PAGE ", footer)
        self.assertEqual(self.document.core_properties.title,
                         "Rēzeknes novads: Publisko bibliotēku darba pārskats 2021")

    def test_the_contents_are_filled_in_with_a_page_reference_to_each_chapter(self):
        """Not an empty field waiting for an update: every chapter's line is written, linked
        to its bookmarked heading, its page a PAGEREF field (issue 22, item 17)."""
        paragraphs = self.document.paragraphs
        start = next(i for i, p in enumerate(paragraphs) if p.text == "Saturs") + 1
        chapters = _headings(self.document, 1)
        contents = paragraphs[start:start + len(chapters)]
        self.assertEqual([p._p.xpath("string(.//w:hyperlink/w:r[1]/w:t)") for p in contents],
                         chapters)
        bookmarks = {}
        for paragraph in paragraphs:
            if paragraph.style.name == "Heading 1":
                (name,) = paragraph._p.xpath("./w:bookmarkStart/@w:name")
                bookmarks[name] = paragraph.text
        for paragraph, chapter in zip(contents, chapters, strict=True):
            (anchor,) = paragraph._p.xpath(".//w:hyperlink/@w:anchor")
            self.assertEqual(bookmarks[anchor], chapter)
            instruction = paragraph._p.xpath("string(.//w:instrText)")
            self.assertEqual(instruction.split(), ["PAGEREF", anchor, "\\h"])
            tab = paragraph.paragraph_format.tab_stops[0]
            self.assertEqual(str(tab.leader), "DOTS (1)")
        settings = self.document.settings.element
        self.assertEqual(settings.find(qn("w:updateFields")).get(qn("w:val")), "true")

    def test_english_all_the_way(self):
        with translation.override("en"):
            data = build_report(self.region, 2021)
            document = Document(io.BytesIO(render_docx(data)))
        self.assertEqual(document.core_properties.title,
                         "Rēzeknes novads: Public libraries' annual report 2021")
        self.assertIn("5. Services and access", _headings(document, 1))
        self.assertEqual(_headings(document, 1)[-1], "Appendices")

    def test_the_methodologist_downloads_it_from_the_report_page(self):
        self.client.force_login(User.objects.get(username="metodikis"))
        page = self.client.get(reverse("reports:report") + "?year=2021").content.decode()
        self.assertIn(reverse("reports:docx") + "?year=2021&amp;status=accepted", page)
        response = self.client.get(reverse("reports:docx") + "?year=2021")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], CONTENT_TYPE)
        self.assertIn('filename="rezeknes-novads-2021.docx"', response["Content-Disposition"])

    def test_the_english_download_is_named_apart_from_the_latvian_one(self):
        self.client.force_login(User.objects.get(username="metodikis"))
        self.client.cookies["django_language"] = "en"
        response = self.client.get(reverse("reports:docx") + "?year=2021")
        self.assertIn('filename="rezeknes-novads-2021-en.docx"', response["Content-Disposition"])
        self.assertEqual(Document(io.BytesIO(response.content)).core_properties.title,
                         "Rēzeknes novads: Public libraries' annual report 2021")
        response = self.client.get(reverse("reports:xlsx") + "?year=2021")
        self.assertIn('filename="rezeknes-novads-2021-en.xlsx"', response["Content-Disposition"])

    def test_published_versions_download_as_docx(self):
        published = PublishedReport.objects.get(year=2021, region=self.region)
        self.client.force_login(User.objects.get(username="pasvaldiba"))
        page = self.client.get(reverse("reports:published_detail", args=[published.pk]))
        self.assertIn(reverse("reports:docx") + f"?published={published.pk}",
                      page.content.decode())
        response = self.client.get(reverse("reports:docx") + f"?published={published.pk}")
        self.assertEqual(response.status_code, 200)
        self.assertIn('filename="rezeknes-novads-2021-v1.docx"',
                      response["Content-Disposition"])
        self.assertEqual(len(Document(io.BytesIO(response.content)).tables),
                         len(self.data.all_tables()))

    def test_export_report_writes_docx(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "report.docx"
            call_command("export_report", year=2021, format="docx", output=str(path),
                         region="rezeknes-novads")
            self.assertEqual(_headings(Document(str(path)), 1)[0],
                             "Pārskata perioda kopsavilkums")

    @pytest.mark.slow  # starts LibreOffice
    @NEEDS_SOFFICE
    def test_libreoffice_opens_it_with_every_chapter_table_chart_and_picture(self):
        """Slow-ish (LibreOffice starts in a few seconds): the document as people open it."""
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "rezeknes-novads-2021.docx"
            source.write_bytes(self.content)
            subprocess.run(  # noqa: S603
                ["soffice", "--headless", f"-env:UserInstallation=file://{folder}/profile",  # noqa: S607
                 "--convert-to", "pdf", "--outdir", folder, str(source)],
                check=True, capture_output=True, timeout=240)
            pdf = (Path(folder) / "rezeknes-novads-2021.pdf").read_bytes()
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf,  # noqa: S607
                              capture_output=True, check=True).stdout.decode()
        flat = re.sub(r"(?<=\d)[ \u00a0\u202f](?=\d{3}\b)", "", text)
        pages_text = flat.split("\f")
        contents, body = flat.split("\f", 2)[1:]  # title page, contents, the rest
        for chapter in self.data.chapters:
            # each chapter's line ends with the page its heading is on (issue 22, item 17)
            heading = f"{chapter.number}. {chapter.title}" if chapter.number else chapter.title
            line = re.search(rf"^{re.escape(heading)}\.*\s*(\d+)$", contents, re.MULTILINE)
            self.assertIsNotNone(line, heading)
            page = pages_text[int(line.group(1)) - 1]
            self.assertRegex(page, rf"(?m)^\s*{re.escape(heading)}\s*$")
        positions = [body.find(f"{c.number}. {c.title}" if c.number else c.title)
                     for c in self.data.chapters]
        self.assertNotIn(-1, positions)
        self.assertEqual(positions, sorted(positions))  # the template's order
        for table in self.data.all_tables():
            self.assertIn(table.title, flat)
        for figure in ("7941", "7114", "6441", "558182", "77282", "18,03", "20,8", "442"):
            self.assertIn(figure, flat)
        self.assertIn("Bibliotēku salīdzinājums", flat)
        self.assertIn("3. attēls. Afiša: vasaras lasīšanas piedzīvojums", flat)
        # the training table's header words and dates are not broken in two ("Dalībniek / u")
        for word in ("Dalībnieku", "Organizētājs", "Stundu", "16.02.2021."):
            self.assertIn(word, flat)
        # nor the titles' long words (the table steps down to 8 pt rather than break them)
        for word in ("Nenoteiktības", "reglamentējošie", "nepieciešamo", "Austrumlatgalē"):
            self.assertIn(word, flat)
        pages = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True,  # noqa: S607
                               check=True).stdout.decode()
        self.assertGreater(int(re.search(r"Pages:\s+(\d+)", pages).group(1)), 15)


def test_every_header_word_and_date_fits_its_column():
    """Column widths come from the content: a header word or a date never has to break."""
    from reports.docx import CELL_PADDING_CM, TEXT_WIDTH, _fit_widths, _text_cm

    headers = ["Datums", "Norises vieta / platforma", "Organizētājs", "Nosaukums un tēmas",
               "Stundu skaits", "Dalībnieku skaits", "Bibliotēkas"]
    rows = [["20.01.–16.02.2021.", "Tiešsaistē", "Biedrība “Viedokļu līderu skola”",
             "Projekta “Mediju klubs” tiešsaistes nodarbības", "10,0", "2",
             "Čornajas pagasta Ratnieku bibliotēka; Čornajas pagasta Rāznas bibliotēka"]]
    numeric = [False, False, False, False, True, True, False]
    widths = _fit_widths(headers, rows, numeric, 9)
    assert abs(sum(widths) - TEXT_WIDTH.cm) < 0.01
    for header, width in zip(headers, widths, strict=True):
        for word in header.replace("/", " ").split():
            assert _text_cm(word, 9, bold=True) + CELL_PADDING_CM <= width + 1e-9, word
    assert _text_cm("16.02.2021.", 9) + CELL_PADDING_CM <= widths[0]
    assert widths[3] > widths[0]  # the titles get more of what is left than the dates


def test_a_list_table_too_wide_for_its_words_at_9_pt_steps_down_rather_than_break_them():
    from reports.docx import _BREAKS, CELL_PADDING_CM, _fit_widths, _text_cm, list_points

    headers = ["Datums", "Norises vieta / platforma", "Organizētājs", "Nosaukums un tēmas",
               "Stundu skaits", "Dalībnieku skaits", "Bibliotēkas"]
    rows = [["02.09.–09.11.2021.", "Tiešsaistē", "Austrumlatgalē",
             "Nenoteiktības un pārmaiņu apstākļos nepieciešamo kompetenču attīstīšana; "
             "reglamentējošie dokumenti", "24,0", "1", "Mākoņkalna pagasta bibliotēka"]]
    numeric = [False, False, False, False, True, True, False]
    short = [["21.01.2021.", "ZOOM", "LNB", "Seminārs", "4,0", "2", "Maltas bibliotēka"]]
    assert list_points(headers, short, numeric) == 9
    points = list_points(headers, rows, numeric)
    assert points < 9
    widths = _fit_widths(headers, rows, numeric, points)
    for column, width in enumerate(widths):
        for word in filter(None, _BREAKS.split(rows[0][column])):
            assert _text_cm(word, points) + CELL_PADDING_CM <= width + 1e-9, word


def test_chart_png_is_drawn_at_print_resolution():
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="600" height="200">'
           '<rect width="600" height="200" fill="#2760a5"/></svg>')
    png = chart_png(svg)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    from PIL import Image

    assert Image.open(io.BytesIO(png)).size == (1800, 600)


def test_docx_access(client_for, region, network, librarian, municipality, methodologist):
    url = reverse("reports:docx") + "?year=2021"
    assert client_for(None).get(url).status_code == 302
    assert client_for(librarian).get(url).status_code == 403
    assert client_for(municipality).get(url).status_code == 403  # not the live report
    other = regional_user(RegionFactory(name="Cits", slug="cits"), Role.METHODOLOGIST, "other")
    own = client_for(other).get(url)  # another region's methodologist gets their own region
    assert Document(io.BytesIO(own.content)).core_properties.title.startswith("Cits:")
    assert client_for(methodologist).get(url).status_code == 200
    published = report_publish(region=region, year=2021, user=methodologist, make_pdf=False)
    published_url = reverse("reports:docx") + f"?published={published.pk}"
    assert client_for(municipality).get(published_url).status_code == 200
    assert client_for(librarian).get(published_url).status_code == 403
    other_municipality = regional_user(other.memberships.get().region, Role.MUNICIPALITY,
                                       "other-municipality")
    assert client_for(other_municipality).get(published_url).status_code in (403, 404)
    assert client_for(other).get(published_url).status_code in (403, 404)
