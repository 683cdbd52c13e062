"""The catalogue for a year, from the portal: add an indicator from a year on, retire one
from a year on, change a warning threshold.

The catalogue is shared by every region (one report template), so it is governed
nationally: only the national methodologist and administrators change it
(`Access.can_change_template`, the national catalogue page `/national/catalogue/`), and
each change is recorded once in the national change log (`CatalogueChange`) that every
region's methodologist reads. A region's methodologist may set their own region's
warning threshold of an indicator (`region_threshold_set`: an `catalogue.RegionThreshold`,
recorded in the region's change log); their libraries' change warnings use it instead of
the national default. What was already
reported never changes: an indicator is added or retired only from the first year that
no region has closed or published yet (`first_changeable_year`), so earlier years'
forms, reports, workbooks and exports stay as they were. A code is never reused: adding
a code that exists — in force or retired — is refused.

A region's own questions (issue 21, item 2) go through the same services with `region`:
an indicator or a text section asked only of that region's libraries, in a part of their
own after the template's chapters (`Chapter.REGIONAL`), coded in the region's namespace
“<region slug, “_” for “-”>.<code>” (`own_code`; so no region's code can meet another's
or the template's, and never reused either), from the first year the region itself has
not closed or published (`first_changeable_year(region)`: no other region's report is
touched), recorded in the region's change log. Their methodologist adds and retires
them (the national methodologist and administrators may too, for any region:
`Access.can_change_region_questions`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue.models import Chapter, Indicator, RegionThreshold, Section
from catalogue.selectors import catalogue
from cycle.models import CatalogueChange, RegionChange
from reports.models import PublishedReport
from submissions.models import ReportingYear

CODE_USED = gettext_lazy("The code “%(code)s” is already used; a code never changes meaning. "
                         "Choose a new one.")
YEAR_CLOSED = gettext_lazy(
    "%(year)s is already closed or published somewhere: the earliest year the catalogue "
    "can change from is %(first)s.")
PARENT_NOT_IN_FORCE = gettext_lazy("The “of which” parent is not in force in %(year)s.")
PARENT_IS_YES_NO = gettext_lazy("A yes / no indicator cannot have “of which” rows.")
PARENT_OTHER_CHAPTER = gettext_lazy(
    "An “of which” row stands under its total: choose the chapter of %(parent)s, "
    "“%(chapter)s”.")
PARENT_OTHER_KIND = gettext_lazy(
    "An “of which” row is part of its total: choose the kind of %(parent)s, “%(kind)s”.")
UNIT_NOT_OF_KIND = gettext_lazy("A “%(kind)s” indicator is counted in “%(unit)s”: choose that "
                                "unit.")
# The one unit each entered kind is counted in.
KIND_UNITS = {Indicator.Kind.COUNT: Indicator.Unit.NUMBER, Indicator.Kind.EUR: Indicator.Unit.EUR,
              Indicator.Kind.FTE: Indicator.Unit.FTE, Indicator.Kind.BOOL: Indicator.Unit.YES_NO}
ENTERED_KINDS = [(value, label) for value, label in Indicator.Kind.choices
                 if value != Indicator.Kind.DERIVED]


REGION_CLOSED = gettext_lazy(
    "%(year)s is already closed or published in %(region)s: the earliest year its own "
    "questions can change from is %(first)s.")
OTHER_REGION = gettext_lazy("An “of which” row of a region's own question is another of "
                            "its own questions.")
# The part of the report a region's own questions make (`Chapter.REGIONAL`), made when a
# region first adds one.
REGIONAL_TITLES = ("Reģiona papildu jautājumi", "The region's own questions")


def first_changeable_year(region=None) -> int:
    """The first year after every year closed or published in any region (with `region`:
    in that region, whose own questions touch no other's reports)."""
    closed = ReportingYear.objects.closed()
    published = PublishedReport.objects.all()
    if region is not None:
        closed, published = closed.filter(region=region), published.filter(region=region)
    last_closed = closed.aggregate(last=Max("year"))["last"] or 0
    last_published = published.aggregate(last=Max("year"))["last"] or 0
    return max(last_closed, last_published) + 1


def catalogue_in_force(year: int, region=None) -> list:
    return list(catalogue(year, region=region).values())


def namespace(region) -> str:
    """The first part of a region's own questions' codes: its slug written as the
    catalogue's codes are (“_” for “-”: “vidzemes_paraugnovads”)."""
    return region.slug.replace("-", "_")


def own_code(region, code: str) -> str:
    """A region's own question's code, in the region's namespace:
    “vidzemes_paraugnovads.events”."""
    code = code.strip()
    prefix = f"{namespace(region)}."
    return code if code.startswith(prefix) else prefix + code


def regional_chapter() -> Chapter:
    chapter, _created = Chapter.objects.get_or_create(
        number=Chapter.REGIONAL,
        defaults={"title_lv": REGIONAL_TITLES[0], "title_en": REGIONAL_TITLES[1]})
    return chapter


def _check_year(year: int, region=None) -> None:
    first = first_changeable_year(region)
    if year < first:
        if region is not None:
            raise ValidationError(REGION_CLOSED % {"year": year, "first": first,
                                                   "region": region.name}, code="closed")
        raise ValidationError(YEAR_CLOSED % {"year": year, "first": first}, code="closed")


def _record(*, user, indicator, text, region=None):
    """A change of the national template, in the log every region reads; of a region's
    own question, in that region's change log."""
    region = region or getattr(indicator, "region", None)
    if region is not None:
        return RegionChange.objects.create(region=region, user=user,
                                           kind=RegionChange.Kind.INDICATOR,
                                           subject=indicator.code, text=text)
    return CatalogueChange.objects.create(user=user, subject=indicator.code, text=text)


def _pct(value: int | None) -> str:
    return "—" if value is None else f"{value} %"


@transaction.atomic
def indicator_add(*, user, valid_from: int, code: str, name_lv: str, name_en: str,
                  kind: str, unit: str, chapter, order: int, parent: Indicator | None = None,
                  change_threshold_pct: int | None = None, required: bool = True,
                  phrase_lv: str = "", phrase_en: str = "", gender_lv: str = "",
                  plural_lv: bool = False, plural_en: bool = False,
                  region=None) -> Indicator:
    """An indicator of the national template, or with `region` that region's own
    question (its code in the region's namespace, in `Chapter.REGIONAL`)."""
    code = own_code(region, code) if region is not None else code.strip()
    if Indicator.objects.filter(code__iexact=code).exists():
        raise ValidationError(CODE_USED % {"code": code}, code="code")
    _check_year(valid_from, region)
    if region is not None:
        chapter = regional_chapter()
        if parent is not None and parent.region_id != region.pk:
            raise ValidationError({"parent": ValidationError(OTHER_REGION, code="parent")})
    if parent is not None:
        if not parent.in_force(valid_from):
            raise ValidationError(PARENT_NOT_IN_FORCE % {"year": valid_from}, code="parent")
        if parent.is_bool or parent.is_derived:
            raise ValidationError(PARENT_IS_YES_NO, code="parent")
        if chapter.pk != parent.chapter_id:
            raise ValidationError({"chapter": ValidationError(
                PARENT_OTHER_CHAPTER % {"parent": parent.code, "chapter": parent.chapter},
                code="chapter")})
        if kind != parent.kind:
            raise ValidationError({"kind": ValidationError(
                PARENT_OTHER_KIND % {"parent": parent.code,
                                     "kind": parent.get_kind_display()}, code="kind")})
    if kind == Indicator.Kind.DERIVED:
        raise ValidationError(_("Derived indicators need a formula: ask a developer."),
                              code="kind")
    if unit != KIND_UNITS[kind]:
        raise ValidationError({"unit": ValidationError(
            UNIT_NOT_OF_KIND % {"kind": Indicator.Kind(kind).label,
                                "unit": Indicator.Unit(KIND_UNITS[kind]).label},
            code="unit")})
    indicator = Indicator(
        code=code, name_lv=name_lv.strip(), name_en=name_en.strip(), kind=kind, unit=unit,
        chapter=chapter, order=order, parent=parent, valid_from=valid_from,
        change_threshold_pct=change_threshold_pct, required=required,
        decimals=2 if kind in (Indicator.Kind.EUR, Indicator.Kind.FTE) else 0,
        # the facts' grammar (reports.facts); the name stands in for an empty subject
        phrase_lv=phrase_lv.strip() or name_lv.strip(),
        phrase_en=phrase_en.strip() or name_en.strip(),
        gender_lv=gender_lv or Indicator.Gender.MASCULINE, plural_lv=plural_lv,
        plural_en=plural_en, region=region)
    indicator.full_clean()
    indicator.save()
    _record(user=user, indicator=indicator,
            text=_("added from %(year)s") % {"year": valid_from})
    return indicator


@transaction.atomic
def indicator_retire(*, user, indicator: Indicator, from_year: int) -> list[Indicator]:
    """Not in force from `from_year` on (its “of which” rows with it); earlier years keep
    it. Returns the indicators retired."""
    _check_year(from_year, indicator.region)
    last = from_year - 1
    retired = []
    for item in [indicator, *Indicator.objects.filter(parent=indicator)]:
        if item.valid_to is not None and item.valid_to <= last:
            continue
        item.valid_to = last
        item.save(update_fields=["valid_to", "updated_at"])
        retired.append(item)
        _record(user=user, indicator=item,
                text=_("retired from %(year)s") % {"year": from_year})
    return retired


@transaction.atomic
def indicator_set_threshold(*, user, indicator: Indicator,
                            change_threshold_pct: int | None) -> Indicator:
    old = indicator.change_threshold_pct
    if old == change_threshold_pct:
        return indicator
    indicator.change_threshold_pct = change_threshold_pct
    indicator.save(update_fields=["change_threshold_pct", "updated_at"])
    _record(user=user, indicator=indicator,
            text=_("warning threshold %(old)s → %(new)s") % {
                "old": _pct(old), "new": _pct(change_threshold_pct)})
    return indicator


@transaction.atomic
def region_threshold_set(*, region, user, indicator: Indicator,
                         change_threshold_pct: int | None) -> RegionThreshold | None:
    """The region's own warning threshold of `indicator` (None: back to the national
    default); no other region's, and not the national default. Recorded in the region's
    change log."""
    kept = (RegionThreshold.objects.select_for_update()
            .filter(region=region, indicator=indicator).first())
    old = kept.change_threshold_pct if kept else None
    if old == change_threshold_pct:
        return kept
    if change_threshold_pct is None:
        kept.delete()
        kept = None
        text = _("region's warning threshold %(old)s → the national default %(new)s")
    else:
        if kept is None:
            kept = RegionThreshold(region=region, indicator=indicator)
        kept.change_threshold_pct = change_threshold_pct
        kept.full_clean()
        kept.save()
        text = (_("region's warning threshold %(old)s → %(new)s") if old is not None else
                _("region's warning threshold (the national default %(old)s) → %(new)s"))
    default = _pct(indicator.change_threshold_pct)
    RegionChange.objects.create(
        region=region, user=user, kind=RegionChange.Kind.INDICATOR, subject=indicator.code,
        text=text % {"old": default if old is None else _pct(old),
                     "new": default if change_threshold_pct is None
                     else _pct(change_threshold_pct)})
    return kept


@transaction.atomic
def section_add(*, user, region, valid_from: int, code: str, title_lv: str, title_en: str,
                prompt_lv: str = "", prompt_en: str = "", order: int = 1000) -> Section:
    """A region's own text section: asked of its libraries from `valid_from` on, in the
    part of their own questions; its code in the region's namespace, never reused."""
    code = own_code(region, code)
    if Section.objects.filter(code__iexact=code).exists():
        raise ValidationError(CODE_USED % {"code": code}, code="code")
    _check_year(valid_from, region)
    section = Section(chapter=regional_chapter(), region=region, code=code,
                      valid_from=valid_from, order=order, title_lv=title_lv.strip(),
                      title_en=title_en.strip(), prompt_lv=prompt_lv.strip(),
                      prompt_en=prompt_en.strip())
    section.full_clean()
    section.save()
    _record(user=user, indicator=section, region=region,
            text=_("text section added from %(year)s") % {"year": valid_from})
    return section


@transaction.atomic
def section_retire(*, user, section: Section, from_year: int) -> Section:
    """A region's own text section not asked from `from_year` on; earlier years keep it."""
    _check_year(from_year, section.region)
    if section.valid_to is None or section.valid_to >= from_year:
        section.valid_to = from_year - 1
        section.save(update_fields=["valid_to"])
        _record(user=user, indicator=section, region=section.region,
                text=_("text section retired from %(year)s") % {"year": from_year})
    return section
