from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from submissions.models import AuditEntry, StatusChange, Submission
from tests.factories import LibraryFactory, RegionFactory, ReportingYearFactory
from tests.workbooks.helpers import FIGURES_2021, fill, stored


def _run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


# export_templates --------------------------------------------------------------------------

def test_export_one_library(tmp_path, submission, other_submission):
    output = _run("export_templates", "--year", "2022", "--library", "audrinu",
                  "--output", str(tmp_path / "out"))
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["audrinu-2022.xlsx"]
    assert "[1/1]" in output and "audrinu-2022.xlsx" in output


def test_export_all_creates_missing_drafts_in_an_open_year(tmp_path, submission,
                                                           other_submission, region):
    newcomer = LibraryFactory(region=region, slug="newcomer", name="Jaunā bibliotēka")
    output = _run("export_templates", "--year", "2022", "--output", str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "audrinu-2022.xlsx", "maltas-2022.xlsx", "newcomer-2022.xlsx"]
    assert Submission.objects.filter(library=newcomer, year__year=2022, status="draft").exists()
    assert "[3/3]" in output


def test_export_for_a_closed_year_creates_no_submission(tmp_path, library, closed_year):
    _run("export_templates", "--year", "2021", "--library", "audrinu", "--output", str(tmp_path))
    assert (tmp_path / "audrinu-2021.xlsx").exists()
    assert not Submission.objects.exists()


def test_export_refuses_an_unknown_year_or_library(tmp_path, library, open_year):
    with pytest.raises(CommandError, match="no reporting year 1999"):
        _run("export_templates", "--year", "1999", "--output", str(tmp_path))
    with pytest.raises(CommandError, match="no library"):
        _run("export_templates", "--year", "2022", "--library", "nav", "--output", str(tmp_path))


# import_submissions ------------------------------------------------------------------------

def _template(tmp_path, year, slug="audrinu"):
    _run("export_templates", "--year", str(year), "--library", slug, "--output", str(tmp_path))
    return tmp_path / f"{slug}-{year}.xlsx"


def test_import_with_accept_loads_a_closed_year(tmp_path, library, closed_year, methodologist):
    path = _template(tmp_path, 2021)
    path.write_bytes(fill(path.read_bytes(), FIGURES_2021))
    output = _run("import_submissions", str(path), "--accept", "--user", "methodologist")
    assert f"[1/1] audrinu-2021.xlsx: {len(FIGURES_2021)} figures saved, 0 warnings" in output
    submission = Submission.objects.get(library=library, year=closed_year)
    assert submission.status == "accepted" and submission.accepted_at
    change = StatusChange.objects.get(submission=submission)
    assert (change.from_status, change.to_status, change.user) == ("draft", "accepted",
                                                                   methodologist)
    assert AuditEntry.objects.filter(submission=submission, target="status").exists()
    assert stored(submission)["finance.expenses_total"][0] == Decimal("15000.50")


def test_import_with_accept_uses_the_year_of_the_librarys_region(tmp_path, library,
                                                                  methodologist):
    """Another region's 2021 (made first) is not this library's 2021."""
    ReportingYearFactory(region=RegionFactory(slug="ludzas-novads"), year=2021, is_open=False)
    own = ReportingYearFactory(region=library.region, year=2021, is_open=False)
    path = _template(tmp_path, 2021)
    path.write_bytes(fill(path.read_bytes(), FIGURES_2021))
    _run("import_submissions", str(path), "--accept", "--user", "methodologist")
    assert Submission.objects.get(library=library).year == own


def test_import_without_accept_needs_an_editable_report(tmp_path, library, closed_year):
    path = _template(tmp_path, 2021)
    path.write_bytes(fill(path.read_bytes(), FIGURES_2021))
    Submission.objects.create(library=library, year=closed_year, status="accepted")
    out = StringIO()
    with pytest.raises(CommandError, match="0 of 1"):
        call_command("import_submissions", str(path), stdout=out)
    assert "cannot be changed now" in out.getvalue()
    assert "run the command again with --accept" in out.getvalue()


def test_import_without_accept_names_the_flag_and_the_command_a_missing_year_needs(
        tmp_path, library, closed_year):
    path = _template(tmp_path, 2021)
    path.write_bytes(fill(path.read_bytes(), FIGURES_2021))
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_submissions", str(path), stdout=out)
    assert "has no report for 2021. With --accept it is created" in out.getvalue()
    closed_year.delete()
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_submissions", str(path), "--accept", stdout=out)
    assert "open it first with open_year --year 2021 --deadline" in out.getvalue()


def test_import_reports_progress_and_fails_when_any_file_fails(tmp_path, submission,
                                                               other_submission):
    good = _template(tmp_path, 2022)
    good.write_bytes(fill(good.read_bytes(), FIGURES_2021))
    bad = _template(tmp_path, 2022, "maltas")
    bad.write_bytes(fill(bad.read_bytes(), {"users.active": "daudz"}))
    text = tmp_path / "notes.xlsx"
    text.write_text("nav darbgrāmata")
    out = StringIO()
    with pytest.raises(CommandError, match="1 of 3 file"):
        call_command("import_submissions", str(good), str(bad), str(text), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"[1/3] audrinu-2022.xlsx: {len(FIGURES_2021)} figures saved")
    assert lines[1] == "[2/3] maltas-2022.xlsx: 1 error(s), nothing saved:"
    assert lines[2].startswith("    5 Pakalpojumi!E6: ")
    assert lines[3].startswith("[3/3] notes.xlsx: refused. That is not an XLSX file")
    assert stored(submission)["users.active"][0] == Decimal(300)
    assert not other_submission.values.exists()


def test_import_with_accept_is_all_or_nothing(tmp_path, library, closed_year):
    path = _template(tmp_path, 2021)
    path.write_bytes(fill(path.read_bytes(), {**FIGURES_2021, "loans.books": 99999}))
    with pytest.raises(CommandError):
        _run("import_submissions", str(path), "--accept")
    assert not Submission.objects.exists()


def test_import_refuses_an_unknown_user(tmp_path, submission):
    with pytest.raises(CommandError, match="no user"):
        _run("import_submissions", str(tmp_path / "x.xlsx"), "--user", "nobody")
