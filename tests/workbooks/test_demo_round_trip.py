"""The round trip on the full demo: 2021 back and forth, and a whole 2022 year by workbook."""

from decimal import ROUND_DOWN, Decimal
from io import StringIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from catalogue.models import Indicator
from libraries.models import User
from submissions.models import Submission
from submissions.workflow import submission_submit
from tests.demo_copy import demo_copy
from tests.workbooks.helpers import fill, stored
from workbooks.workbook import CONTENT_TYPE, build_workbook, read_workbook


class DemoWorkbookTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        demo_copy()
        cls.maltas_2021 = Submission.objects.get(library__slug="maltas", year__year=2021)
        cls.maltas_2022 = Submission.objects.get(library__slug="maltas", year__year=2022)
        cls.librarian = User.objects.get(username="bibl-maltas")

    def test_the_2021_workbook_reads_back_to_identical_values(self):
        before = stored(self.maltas_2021)
        result = read_workbook(build_workbook(self.maltas_2021), self.maltas_2021,
                               require_editable=False)
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(result.saved, 0)
        self.assertEqual(result.unchanged, len(before))
        for code, (value, not_applicable, _estimate, _explanation) in before.items():
            self.assertEqual(result.values[code], value, code)
            self.assertEqual(result.inputs[code].not_applicable, not_applicable, code)
        self.assertEqual(stored(self.maltas_2021), before)

    def test_a_whole_year_is_filled_and_submitted_through_the_workbook(self):
        client = self.client
        client.force_login(self.librarian)
        kinds = dict(Indicator.objects.values_list("code", "kind"))
        figures, not_applicable = {}, []
        for code, (value, *_rest) in stored(self.maltas_2021).items():
            if value is None:
                not_applicable.append(code)
            elif kinds[code] == "bool":
                figures[code] = "jā" if value else "nē"
            elif kinds[code] == "count":
                figures[code] = int(value * Decimal("1.02"))
            else:
                figures[code] = float((value * Decimal("1.02")).quantize(Decimal("0.01"),
                                                                          ROUND_DOWN))
        url = reverse("workbooks:download", kwargs={"pk": self.maltas_2022.pk})
        upload = reverse("workbooks:upload", kwargs={"pk": self.maltas_2022.pk})
        workbook = fill(client.get(url).content, figures, not_applicable=not_applicable)
        confirm = reverse("workbooks:confirm", kwargs={"pk": self.maltas_2022.pk})
        response = client.post(upload, {"workbook": SimpleUploadedFile(
            "maltas-2022.xlsx", workbook, content_type=CONTENT_TYPE)})
        result = response.context["result"]
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(result.missing, [])
        response = client.post(confirm, {"token": response.context["token"]})
        self.assertTrue(response.context["saved"])
        # The warnings are explained in column H of the (pre-filled) workbook, uploaded again.
        explanations = {problem.code: "Pārbaudīts, skaitlis ir pareizs."
                        for problem in result.warnings}
        self.assertTrue(explanations, "expected the stock flow to warn")
        workbook = fill(client.get(url).content, {}, explanations=explanations)
        response = client.post(upload, {"workbook": SimpleUploadedFile(
            "maltas-2022.xlsx", workbook, content_type=CONTENT_TYPE)})
        self.assertTrue(response.context["result"].ok)
        response = client.post(confirm, {"token": response.context["token"]})
        self.assertTrue(response.context["saved"])
        submission_submit(submission=self.maltas_2022, user=self.librarian)
        self.maltas_2022.refresh_from_db()
        self.assertEqual(self.maltas_2022.status, "submitted")
        self.assertEqual(stored(self.maltas_2022)["users.active"][0],
                         int(stored(self.maltas_2021)["users.active"][0] * Decimal("1.02")))

    def test_export_of_all_35_libraries(self):
        """One workbook per library (how long it takes is measured in bench/, not here)."""
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as folder:
            out = StringIO()
            call_command("export_templates", "--year", "2022", "--output", folder, stdout=out)
            self.assertIn("[35/35]", out.getvalue())
            self.assertEqual(len(list(Path(folder).glob("*.xlsx"))), 35)
