from django.utils.translation import get_language


def pick(lv: str, en: str) -> str:
    """The Latvian or English text of a catalogue entry, by the active language."""
    language = (get_language() or "lv")[:2]
    return en if language == "en" and en else lv
