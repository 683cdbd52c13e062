"""Texts stored escaped twice are repaired by a data migration, and a text typed with
“&” and two spaces reaches the page and the report (the HTML the PDF is made from) once."""

import importlib
import re
from html import unescape

import pytest
from django.urls import reverse

from catalogue.models import Section
from reports.models import RegionalText
from submissions.models import ChapterText
from tests.migrating import apps_before_the_move

pytestmark = pytest.mark.django_db

migration = importlib.import_module("indicators.migrations.0005_repair_double_escaped_texts")

# The models as the migration knew them (in `indicators`, before they moved): their
# tables are today's.
apps = apps_before_the_move()

TYPED = "Sadarbība ar skolu & pagastu  turpinājās"
STORED_ONCE = "<p>Sadarbība ar skolu &amp; pagastu\u00a0 turpinājās</p>"


def test_migration_repairs_chapter_and_regional_texts(submission, region):
    section = Section.objects.filter(chapter__regional_only=False).first()
    broken = ChapterText.objects.create(
        submission=submission, section=section,
        html="<p>Sadarbība ar skolu &amp;amp;amp; pagastu&amp;amp;nbsp; turpinājās</p>")
    sound = ChapterText.objects.create(
        submission=submission, section=Section.objects.exclude(pk=section.pk)
        .filter(chapter__regional_only=False).first(), html="<p>A &amp; B</p>")
    regional = RegionalText.objects.create(
        region=region, year=2022, section=section,
        html="<blockquote><p>x &amp;amp; y</p></blockquote><p>z&amp;nbsp;w</p>")
    migration.repair_texts(apps, None)
    broken.refresh_from_db()
    sound.refresh_from_db()
    regional.refresh_from_db()
    assert broken.html == STORED_ONCE
    assert sound.html == "<p>A &amp; B</p>"
    assert regional.html == "<blockquote><p>x &amp; y</p></blockquote><p>z\u00a0w</p>"
    migration.repair_texts(apps, None)  # running it again changes nothing
    broken.refresh_from_db()
    assert broken.html == STORED_ONCE


def test_the_issue_text_saved_three_times_shows_once_escaped(client_for, submission, librarian):
    client = client_for(librarian)
    section = Section.objects.filter(chapter__regional_only=False).first()
    url = reverse("entry:autosave", kwargs={"pk": submission.pk})
    html = "Sadarbība ar skolu &amp; pagastu&nbsp; turpinājās"  # a bare line, no <p>
    revision = 0
    for _ in range(3):
        data = client.post(url, {"kind": "text", "section": section.code, "html": html,
                                 "base_revision": revision}).json()
        assert data["ok"], data
        revision, html = data["revision"], data["html"]
    assert ChapterText.objects.get(section=section).html == STORED_ONCE
    page = client.get(reverse("entry:chapter", kwargs={
        "pk": submission.pk, "number": section.chapter.number})).content.decode()
    # the editor's field holds the stored HTML (a textarea's content is read unescaped)
    field = re.search(rf'<textarea[^>]*name="t-{section.code}"[^>]*>(.*?)</textarea>', page,
                      re.DOTALL).group(1)
    assert unescape(field) == STORED_ONCE


def test_a_typed_text_reads_the_same_in_the_report_print_html(region, methodologist):
    """The PDF is rendered from the report's print HTML: the regional text is in it once
    escaped, and reads as typed."""
    from reports.consolidated import build_report
    from reports.pdf import render_print_html
    from reports.services import regional_text_save
    from tests.reports.conftest import make_network

    make_network(region, 2)
    section = Section.objects.get(code="0-priorities")
    typed = 'Sadarbība ar skolu & pagastu  turpinājās 😀 <ne tags> "pēdiņas"'
    sent = "<p>" + typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</p>"
    for _ in range(2):
        text = regional_text_save(region=region, year=2021, section=section, html=sent,
                                  user=methodologist)
        sent = text.html
    html = render_print_html(build_report(region, 2021))
    assert "&amp;amp;" not in html
    assert "skolu &amp; pagastu  turpinājās 😀 &lt;ne tags&gt; \"pēdiņas\"" in html
