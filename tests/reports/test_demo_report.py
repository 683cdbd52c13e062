"""The 2021 demo data give the report's own tables and figures back (and one PDF of them,
with the dashboard's charts, the demo regional texts and an appendix picture)."""

import io
import json
import re
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from catalogue.formatting import format_change
from demo import lists as demo_lists
from demo.texts import seed_regional_texts
from libraries.models import Region, User
from reports.consolidated import build_report
from reports.exports import render_csv, render_xlsx
from reports.pdf import render_pdf
from submissions.models import Submission
from tests.demo_copy import demo_copy
from tests.reports.conftest import add_picture

CAPTION = "Lasītāju aptaujas rezultāti"


class DemoReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        demo_copy()
        cls.region = Region.objects.get(slug="rezeknes-novads")
        seed_regional_texts(cls.region)
        cls.submission = Submission.objects.get(library__slug="dricanu", year__year=2021)
        cls.picture = add_picture(cls.submission, caption=CAPTION, chapter=5)

    def setUp(self):
        translation.activate("lv")
        self.data = build_report(self.region, 2021)

    def test_merged_training_gives_the_reports_rows(self):
        rows = self.data.find_table("training").rows
        self.assertEqual(len(rows), 33)
        self.assertEqual([int(row[5]) for row in rows][:5], [2, 2, 1, 1, 3])
        expected = sorted(int(event[6]) for event in demo_lists.TRAINING_2021)
        self.assertEqual(sorted(int(row[5]) for row in rows), expected)

    def test_the_project_names_its_library(self):
        (row,) = self.data.find_table("projects").rows
        self.assertEqual(row[0], "Feimaņu pagasta bibliotēka")
        self.assertEqual(row[1], "Iedvesmas bibliotēka")
        self.assertEqual(row[3], Decimal("2100"))

    def test_yes_no_counts(self):
        counts = {item.code: item for chapter in self.data.chapters for item in chapter.yes_no}
        self.assertEqual(counts["access.reduced_mobility"].count, 15)
        self.assertIn("Audriņu pagasta bibliotēka", counts["access.reduced_mobility"].libraries)
        self.assertEqual(counts["accredited"].count, 34)
        self.assertEqual(counts["acquisition_policy.updated"].count, 20)

    def test_main_indicators(self):
        table = self.data.find_table("main_indicators")
        users = next(row for row in table.rows if row.code == "users.active")
        self.assertEqual(users.values, (Decimal(7941), Decimal(7114), Decimal(6441)))
        # exact changes; the report shows them rounded (−10 %, −9 %)
        self.assertEqual([format_change(change, False) for change in users.changes[1:]],
                         ["-10 %", "-9 %"])

    def test_xlsx_numbers_are_numbers(self):
        workbook = load_workbook(io.BytesIO(render_xlsx(self.data)))
        sheet = workbook["Bibliotēkas pamatrādītāji"]
        self.assertEqual(sheet["B4"].value, 7941)
        self.assertEqual(sheet["B4"].data_type, "n")
        self.assertGreaterEqual(len(workbook.sheetnames), 12)

    def test_csv_per_table(self):
        text = render_csv(self.data, self.data.find_table("expenses"))
        # Latvian Excel: BOM, ";" between cells, decimal comma, no thousands separator,
        # and a negative number stays a number (no apostrophe).
        self.assertTrue(text.startswith("\ufeffRādītājs;2019;2020;2021;"))
        # exact figures: changes and ratios unrounded, as numbers
        self.assertIn("\r\nIzdevumi kopā;543795;559008;558182;2,797561581110529;"
                      "-0,1477617493846242;", text)
        self.assertIn("\r\nDarbinieku atalgojums (bruto);296674;292608;296270;-1,37", text)
        self.assertIn(";16,832631709280008;17,685089689645356;18,02738752704841;", text)
        self.assertNotIn("'-", text)

    def test_export_report_json_keeps_its_shape(self):
        out = io.StringIO()
        call_command("export_report", year=2021, format="json", stdout=out,
                     region="rezeknes-novads")
        payload = json.loads(out.getvalue())
        self.assertEqual(set(payload), {"region", "year", "years", "final", "library_counts",
                                        "tables"})
        self.assertEqual(payload["tables"]["main_indicators"]["rows"][0]["values"],
                         [7941, 7114, 6441])

    def test_export_report_xlsx_to_a_file(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "report.xlsx"
            call_command("export_report", year=2021, format="xlsx", output=str(path),
                         region="rezeknes-novads")
            self.assertEqual(load_workbook(path)["Bibliotēkas izdevumi"]["D4"].value, 558182)

    @pytest.mark.slow  # WeasyPrint renders the whole report
    def test_the_pdf_holds_every_table_with_its_figures(self):
        pdf = render_pdf(self.data)
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf,  # noqa: S607
                              capture_output=True, check=True).stdout.decode()
        flat = re.sub(r"(?<=\d)[ \u00a0\u202f](?=\d{3}\b)", "", text)
        for title in ("Bibliotēkas izdevumi", "Bibliotēkas pamatrādītāji", "BIS ALISE izmantošana",
                      "Autorizētie lietotāji", "SBA rādītāji",
                      "Krājuma komplektēšanas finansiālais nodrošinājums", "Krājuma rādītāji",
                      "Bibliotēkā pieejamo datubāzu izmantojums", "Projektu apkopojums",
                      "Apmeklētie profesionālās pilnveides pasākumi", "Personāls",
                      "Reģiona galvenās bibliotēkas rīkotie pasākumi"):
            self.assertIn(title, text)
        for figure in ("543795", "559008", "558182", "296270", "7941", "7114", "6441", "2039",
                       "121336", "77282", "19786", "192617", "100023", "90588", "27673",
                       "30963", "638", "442", "874", "629", "68180", "43029", "25125", "2,20",
                       "21972", "19796", "265595", "3048", "1623", "2223", "2100", "-9", "+7"):
            self.assertIn(figure, flat, figure)
        self.assertIn("Iedvesmas", text)
        self.assertRegex(text, r"\n\s*2\. lpp\. no \d+")
        # The dashboard's charts, in Latvian, and the demo regional texts.
        for title in ("Galvenie rādītāji grafikos", "Apmeklējums uz vienu iedzīvotāju",
                      "Apmeklējums uz vienu iedzīvotāju pa bibliotēkām, 2021",
                      "Līdzīga lieluma bibliotēkas", "1. grupa:", "Mediāna",
                      "gatavošanās bibliotēku atkārtotai akreditācijai",
                      "(no Dricānu pagasta bibliotēkas pārskata)"):
            self.assertIn(title, " ".join(text.split()), title)
        for english in ("The main indicators", "Libraries compared", "Median", "Region:"):
            self.assertNotIn(english, text)
        # The appendix picture: caption with its library, and the image itself.
        self.assertIn(f"3. attēls. {CAPTION} (Dricānu pagasta bibliotēka)", text)
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            file.write(pdf)
            file.flush()
            fonts = subprocess.run(["pdffonts", file.name], capture_output=True,  # noqa: S603, S607
                                   check=True).stdout.decode()
            images = subprocess.run(["pdfimages", "-list", file.name],  # noqa: S603, S607
                                    capture_output=True, check=True).stdout.decode()
            info = subprocess.run(["pdfinfo", file.name], capture_output=True,  # noqa: S603, S607
                                  check=True).stdout.decode()
            structure = subprocess.run(["pdfinfo", "-struct", file.name],  # noqa: S603, S607
                                       capture_output=True, check=True).stdout.decode()
        # Tagged (PDF/UA-1): title, headings and table headers in the structure tree
        self.assertRegex(info, r"Tagged:\s+yes")
        self.assertIn("Title:           Rēzeknes novads: Publisko bibliotēku darba pārskats 2021",
                      info)
        tags = {line.split()[0] for line in structure.splitlines() if line.strip()}
        self.assertTrue({"H1", "H2", "H3", "Table", "TH", "TD:", "Figure:"} <= tags, tags)
        self.assertIn("DejaVu", fonts)
        self.assertRegex(images, r"\bimage\s+120\s+80\b")
        self.assertNotIn(" no  ", fonts.split("\n")[2][50:60])

    def test_the_report_page_shows_the_appendix_picture(self):
        self.client.force_login(User.objects.get(username="metodikis"))
        html = self.client.get(reverse("reports:report") + "?year=2021").content.decode()
        url = reverse("entry:picture",
                      kwargs={"pk": self.submission.pk, "picture_pk": self.picture.pk})
        self.assertIn('<section class="chapter appendices" id="appendices">', html)
        self.assertIn(f'<img src="{url}" alt="{CAPTION}">', html)
        # after the demo's own pictures of chapters 3 and 5
        self.assertIn(f"3. attēls. {CAPTION} (Dricānu pagasta bibliotēka)", html)
        self.assertEqual(self.client.get(url)["Content-Type"], "image/png")

    def test_demo_regional_texts(self):
        sections = {section.code: section for chapter in self.data.chapters
                    for section in chapter.sections}
        # a regional text in every section of every chapter, agreeing with the tables
        self.assertEqual([code for code, section in sections.items()
                          if not section.regional_html], [])
        self.assertIn("EUR 2,20", sections["2-assessment"].regional_html)
        self.assertIn("6 441", sections["5-indicators"].regional_html)
        self.assertIn("akreditācijas", sections["12-priorities"].regional_html)
        self.assertEqual(len(self.data.find_table("regional_events").rows), 3)
        seed_regional_texts(self.region)  # again: nothing doubles
        self.assertEqual(len(build_report(self.region, 2021).find_table("regional_events").rows),
                         3)
