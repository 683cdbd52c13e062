"""The Latvian a reader sees is the project's own: for every translated entry of every project
catalogue, Django's merged catalogue (LOCALE_PATHS, then the apps in order, then Django's own)
returns that entry's msgstr. Another catalogue holding the same English (“Delete”: the admin's
“Izdzēst”; “Breadcrumbs”: “Atpakaļceļi”) or a second project entry with other Latvian would
win silently; a context (pgettext) or one shared translation keeps them apart."""

from django.utils import translation

from tests.i18n.catalogues import translated

# a count in each of the three Latvian plural forms (plural=n%10==1 && n%100!=11 ? 0 : n ? 1 : 2)
COUNT_OF_FORM = {0: 1, 1: 2, 2: 0}


def shown(entry, form):
    if entry.plural:
        count = COUNT_OF_FORM[form]
        if entry.msgctxt is not None:
            return translation.npgettext(entry.msgctxt, entry.msgid, entry.plural, count)
        return translation.ngettext(entry.msgid, entry.plural, count)
    if entry.msgctxt is not None:
        return translation.pgettext(entry.msgctxt, entry.msgid)
    return translation.gettext(entry.msgid)


def test_the_catalogues_are_read():
    entries = translated()
    assert len(entries) > 1000
    assert any(entry.msgctxt == "button" and entry.msgid == "Delete" for entry in entries)
    assert any(entry.plural for entry in entries)


def test_every_project_translation_is_the_one_shown():
    mismatches = []
    with translation.override("lv"):
        for entry in translated():
            for form, msgstr in entry.msgstr.items():
                got = shown(entry, form)
                if got != msgstr:
                    context = f" [{entry.msgctxt}]" if entry.msgctxt is not None else ""
                    mismatches.append(f"{entry.where}{context} {entry.msgid!r}: "
                                      f"shows {got!r}, not {msgstr!r}")
    assert mismatches == []


def test_buttons_and_landmarks_read_the_portals_latvian():
    with translation.override("lv"):
        assert translation.pgettext("button", "Delete") == "Dzēst"
        assert translation.pgettext("button", "Change") == "Mainīt"
        assert translation.pgettext("navigation", "Breadcrumbs") == "Navigācijas ceļš"
        assert translation.pgettext("number of reports", "Accepted") == "Pieņemti"


def test_no_project_entry_is_left_untranslated():
    from tests.i18n.catalogues import catalogues, entries

    empty = [f"{entry.where} {entry.msgid!r}" for po in catalogues() for entry in entries(po)
             if not all(entry.msgstr.values())]
    assert empty == []
