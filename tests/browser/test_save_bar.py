"""The chapter page's sticky save bar never covers the figure a link or the keyboard
brings into view (its label is below the bar, not under it)."""


def test_a_figure_reached_from_below_is_not_under_the_save_bar(page, live_server, demo_data,
                                                               login):
    from submissions.models import Submission

    submission = Submission.objects.get(library__slug="maltas", year__year=2022)
    login(page, live_server, "bibl-maltas")
    page.goto(f"{live_server.url}/entry/submission/{submission.pk}/chapter/5/")
    first = page.locator("table.entry-table tr.figure").first
    field_id = first.locator("input, select").first.get_attribute("id")
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    # as the status panel's links do: to the field by its anchor
    page.evaluate("id => { location.hash = id; }", field_id)
    page.wait_for_function("() => window.scrollY > 0")
    bar = page.locator("#save-bar").bounding_box()
    label = first.locator("th.name").bounding_box()
    assert bar["y"] <= 1  # stuck at the top, so it is over the page
    assert label["y"] >= bar["y"] + bar["height"], (label, bar)
