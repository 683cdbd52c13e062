"""Which libraries a year's figures cover (the rule is in `figures.dashboard`'s
docstring, "Which libraries a year's figures cover" and "Merged libraries")."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy, ngettext

from figures.sources import FigureSource, Merge


def coverage_text(included: int, total: int) -> str:
    return ngettext("%(count)s of %(total)s libraries included",
                    "%(count)s of %(total)s libraries included", included) % {
        "count": included, "total": total}


NOT_COMPARABLE = gettext_lazy("not comparable: the set of included libraries differs")


@dataclass(frozen=True)
class Coverage:
    """Which libraries each year's figures cover, beside the libraries of the region."""

    library_total: int
    included: dict[int, frozenset[str]]  # year → slugs with at least one figure
    merges: tuple[Merge, ...] = ()
    closed: dict[str, int] = field(default_factory=dict)  # slug → closed (or merged) from

    def count(self, year: int | None) -> int:
        return len(self.included.get(year, ())) if year is not None else 0

    def is_complete(self, year: int) -> bool:
        return self.count(year) >= self.total_in(year)

    def total_in(self, year: int | None) -> int:
        """The region's libraries in `year`: without those closed or merged by then."""
        if year is None:
            return self.library_total
        gone = sum(1 for closed_from in self.closed.values() if closed_from <= year)
        return max(self.library_total - gone, self.count(year))

    def same_libraries(self, year: int, other: int | None) -> bool:
        """Both years cover the same set of libraries (so their sums may be compared).

        Across a merge, the earlier year's two libraries count as the merged one."""
        if other is None:
            return True
        earlier, later = sorted((year, other))
        before = self.included.get(earlier, frozenset())
        for merge in self.merges:
            if merge.between(earlier, later) and {merge.absorbed, merge.into} <= before:
                before = before - {merge.absorbed}
        return before == self.included.get(later, frozenset())

    def incomplete_years(self, years: Iterable[int]) -> tuple[int, ...]:
        return tuple(year for year in years if not self.is_complete(year))


def source_coverage(source: FigureSource) -> Coverage:
    """Per year, the libraries with at least one figure; the region's number of libraries."""
    included = {
        year: frozenset(slug for slug, values in by_library.items()
                        if any(value is not None for value in values.values()))
        for year, by_library in source.figures.items()}
    most = max((len(slugs) for slugs in included.values()), default=0)
    return Coverage(library_total=max(len(source.libraries), most), included=included,
                    merges=source.merges,
                    closed={slug: info.closed_from for slug, info in source.libraries.items()
                            if info.closed_from is not None})
