"""A synthetic region with planted errors, for `bench/quality.py` and the tests.

Nobody tuned the checks to these figures: every library gets its own size and its own
rates per inhabitant, every figure drifts a few per cent a year (sometimes more), and
the stock flows. `plant` then puts one error of each kind into the last year:
a ×10 slip, a ÷10 slip, two swapped digits, a form copied from last year, a peer
outlier (expenses per inhabitant) and a closure without a context event. One more
library really was closed for months and says so with a context event: its figures
drop as much, but it should not crowd the top of the queue.
"""

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

# code → (figures per inhabitant, whole number?)
RATES = {
    "population.children": (Decimal("0.16"), True),
    "users.active": (Decimal("0.21"), True),
    "users.active.children": (Decimal("0.07"), True),
    "visits.total": (Decimal("3.0"), True),
    "visits.children": (Decimal("0.9"), True),
    "loans.total": (Decimal("6.5"), True),
    "loans.books": (Decimal("4.0"), True),
    "loans.children": (Decimal("1.2"), True),
    "reference.queries": (Decimal("0.4"), True),
    "collection.acquired": (Decimal("0.7"), True),
    "collection.withdrawn": (Decimal("0.5"), True),
    "acquisition_funding.municipal": (Decimal("2.0"), False),
    "acquisition_funding.books": (Decimal("1.6"), False),
    "finance.expenses_total": (Decimal("18"), False),
    "finance.salaries": (Decimal("12"), False),
}
STOCK_PER_INHABITANT = Decimal(9)
PLANTED_KINDS = ("x10", "div10", "swap", "copied", "peer", "closure")
CLOSURE_CODES = ("visits.total", "loans.total", "users.active", "visits.children",
                 "loans.books", "loans.children", "reference.queries")


@dataclass
class Synthetic:
    years: tuple[int, ...]
    figures: dict[str, dict[int, dict[str, Decimal]]]  # slug → year → code → value
    populations: dict[str, Decimal]
    planted: dict[str, tuple[str, str]] = field(default_factory=dict)  # kind → (slug, code)
    events: dict[str, str] = field(default_factory=dict)  # slug → kind (last year only)


def _round(value: float, whole: bool) -> Decimal:
    return Decimal(round(value)) if whole else Decimal(str(round(value, 2)))


def generate(*, libraries: int = 35, years=(2018, 2019, 2020, 2021, 2022),
             seed: int = 7) -> Synthetic:
    rng = random.Random(seed)  # noqa: S311 (synthetic figures, not secrets)
    figures: dict[str, dict[int, dict[str, Decimal]]] = {}
    populations = {}
    for n in range(libraries):
        slug = f"lib-{n:02d}"
        population = rng.lognormvariate(7.3, 0.45)  # about 1 500, from 500 to 6 000
        own = {code: rng.lognormvariate(0, 0.15) for code in RATES}
        level = dict.fromkeys(RATES, 1.0)
        stock = population * float(STOCK_PER_INHABITANT) * rng.uniform(0.8, 1.2)
        by_year = {}
        for year in years:
            population *= rng.uniform(0.985, 1.0)
            values = {"population.total": Decimal(round(population))}
            for code, (rate, whole) in RATES.items():
                # a few per cent a year, now and then a larger step
                step = rng.gauss(0, 0.05) if rng.random() > 0.05 else rng.gauss(0, 0.2)
                level[code] *= 1 + step
                values[code] = _round(float(rate) * own[code] * level[code] * population,
                                      whole)
            for part, total in (("users.active.children", "users.active"),
                                ("visits.children", "visits.total"),
                                ("loans.books", "loans.total"),
                                ("loans.children", "loans.total"),
                                ("acquisition_funding.books", "acquisition_funding.municipal"),
                                ("finance.salaries", "finance.expenses_total"),
                                ("population.children", "population.total")):
                values[part] = min(values[part], values[total])
            stock += float(values["collection.acquired"] - values["collection.withdrawn"])
            values["collection.stock"] = Decimal(round(stock))
            by_year[year] = values
        figures[slug] = by_year
        populations[slug] = by_year[years[-1]]["population.total"]
    return Synthetic(years=tuple(years), figures=figures, populations=populations)


def _swap_first_digits(value: Decimal) -> Decimal | None:
    digits = str(int(value))
    if len(digits) < 3 or digits[0] == digits[1] or digits[1] == "0":
        return None
    swapped = Decimal(digits[1] + digits[0] + digits[2:])
    return swapped if abs(swapped - value) > value / 2 else None


def plant(data: Synthetic, *, seed: int = 7) -> Synthetic:
    """One error of each kind (and one real, recorded closure) in the last year."""
    rng = random.Random(seed * 31 + 1)  # noqa: S311
    year, last = data.years[-1], data.years[-2]
    slugs = list(data.figures)
    rng.shuffle(slugs)
    chosen = iter(slugs)

    slug = next(chosen)
    data.figures[slug][year]["visits.total"] *= 10
    data.planted["x10"] = (slug, "visits.total")
    slug = next(chosen)
    data.figures[slug][year]["loans.total"] = (data.figures[slug][year]["loans.total"]
                                               / 10).quantize(Decimal(1))
    data.planted["div10"] = (slug, "loans.total")
    for slug in chosen:
        swapped = _swap_first_digits(data.figures[slug][year]["reference.queries"])
        if swapped is not None:
            data.figures[slug][year]["reference.queries"] = swapped
            data.planted["swap"] = (slug, "reference.queries")
            break
    slug = next(chosen)
    data.figures[slug][year] = dict(data.figures[slug][last])
    data.planted["copied"] = (slug, "")
    slug = next(chosen)
    data.figures[slug][year]["finance.expenses_total"] *= Decimal("2.6")
    data.planted["peer"] = (slug, "finance.expenses_total")
    for kind, recorded in (("closure", False), ("", True)):
        slug = next(chosen)
        values = data.figures[slug][year]
        for code in CLOSURE_CODES:
            values[code] = (values[code] * Decimal("0.3")).quantize(Decimal(1))
        if recorded:
            data.events[slug] = "closure"
        else:
            data.planted[kind] = (slug, "")
    return data


def is_planted_hit(data: Synthetic, kind: str, slug: str, item_code: str, check: str) -> bool:
    """Whether a queue item (library slug, figure, its strongest check) finds a planted error."""
    planted_slug, code = data.planted.get(kind, ("", ""))
    if slug != planted_slug:
        return False
    if kind == "copied":
        return check == "copied"
    if kind == "closure":
        return item_code in CLOSURE_CODES
    return item_code == code


def write(data: Synthetic, region, *, status_last: str = "submitted") -> dict[str, object]:
    """The figures into the database: libraries, years, submissions, values, the events.

    Returns the libraries by slug.
    """
    from catalogue.models import Indicator
    from libraries.models import Library
    from quality.models import ContextEvent
    from submissions.models import ReportingYear, Submission, Value

    indicators = dict(Indicator.objects.values_list("code", "pk"))
    libraries = {slug: Library.objects.create(region=region, name=f"Bibliotēka {slug}",
                                              slug=slug, parish=f"Pagasts {slug}")
                 for slug in data.figures}
    for year in data.years:
        last = year == data.years[-1]
        reporting_year, _created = ReportingYear.objects.get_or_create(
            region=region, year=year, defaults={"deadline": date(year + 1, 2, 9), "is_open": last})
        submissions = Submission.objects.bulk_create([
            Submission(library=library, year=reporting_year,
                       status=status_last if last else "accepted")
            for library in libraries.values()])
        Value.objects.bulk_create([
            Value(submission=submission, indicator_id=indicators[code], value=value)
            for submission in submissions
            for code, value in data.figures[submission.library.slug][year].items()])
    for slug, kind in data.events.items():
        ContextEvent.objects.create(library=libraries[slug], year=data.years[-1], kind=kind,
                                    date_from=date(data.years[-1], 3, 1),
                                    date_to=date(data.years[-1], 10, 31),
                                    reason="Remonts")
    return libraries


def last_planted_rank(data: Synthetic, items) -> int | None:
    """The rank (1 = first) by which every planted kind has been found; None if never."""
    found: set[str] = set()
    for rank, item in enumerate(items, start=1):
        found.update(kind for kind in data.planted
                     if is_planted_hit(data, kind, item.library.slug, item.code, item.check))
        if found == set(data.planted):
            return rank
    return None


def top_counts(data: Synthetic, items, *, top: int = 20) -> tuple[list[str], int]:
    """(planted kinds found in the first `top` items, unplanted items among them).

    `items`: the ranked queue (anything with `library.slug`, `code` and `check`).
    """
    found, unplanted = [], 0
    for item in items[:top]:
        kinds = [kind for kind in data.planted
                 if is_planted_hit(data, kind, item.library.slug, item.code, item.check)]
        if not kinds:
            unplanted += 1
        found.extend(kind for kind in kinds if kind not in found)
    return found, unplanted
