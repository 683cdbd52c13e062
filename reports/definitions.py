"""The report's tables: which indicator rows each holds, in the report's order."""

from dataclasses import dataclass

from core.i18n import pick


@dataclass(frozen=True)
class TableSpec:
    key: str
    title_lv: str
    title_en: str
    chapter: int
    rows: tuple[str, ...]
    show_change: bool = True

    @property
    def title(self) -> str:
        return pick(self.title_lv, self.title_en)


REGION_TABLES = (
    TableSpec("expenses", "Bibliotēkas izdevumi", "Library expenses", 2,
              ("finance.expenses_total", "finance.salaries", "acquisition_funding.total",
               "derived.expenses_per_inhabitant", "derived.cost_per_visit")),
    TableSpec("staff", "Personāls", "Staff", 4,
              ("staff.librarians", "staff.full_time", "derived.full_time_pct",
               "staff.units_total", "staff.education.library", "staff.education.other",
               "staff.education.secondary")),
    TableSpec("main_indicators", "Bibliotēkas pamatrādītāji", "Main indicators", 5,
              ("users.active", "users.active.children", "visits.total", "visits.children",
               "visits.virtual", "loans.total", "loans.books", "loans.periodicals",
               "loans.children", "derived.coverage_pct", "derived.children_population_pct",
               "derived.children_coverage_pct", "derived.children_share_pct",
               "population.total", "population.children")),
    TableSpec("alise_usage", "BIS ALISE izmantošana", "BIS ALISE usage", 5,
              ("derived.libraries", "alise.uses", "alise.circulation", "alise.ill",
               "alise.acquisition", "ecatalogue.authorized_new", "ecatalogue.web_orders"),
              show_change=False),
    TableSpec("authorized_users", "Autorizētie lietotāji", "Authorised users", 5,
              ("users.active", "ecatalogue.authorized_total", "ecatalogue.authorized_new")),
    TableSpec("ill", "SBA rādītāji", "Interlibrary loans", 5,
              ("ill.received", "ill.sent")),
    TableSpec("acquisition_funding", "Krājuma komplektēšanas finansiālais nodrošinājums",
              "Acquisition funding", 6,
              ("acquisition_funding.municipal", "acquisition_funding.books",
               "acquisition_funding.children_books", "acquisition_funding.periodicals",
               "acquisition_funding.other", "derived.acquisition_per_inhabitant",
               "derived.acquisition_per_user", "acquisition_funding.total")),
    TableSpec("collection", "Krājuma rādītāji", "Collection", 6,
              ("collection.acquired", "collection.acquired.books",
               "collection.acquired.latvian_fiction", "collection.acquired.children",
               "collection.withdrawn", "collection.stock", "collection.stock.books",
               "collection.stock.periodicals", "derived.turnover.books",
               "derived.turnover.periodicals")),
    TableSpec("databases", "Bibliotēkā pieejamo datubāzu izmantojums", "Use of databases", 6,
              ("databases.letonika.views", "databases.letonika.sessions",
               "databases.letonika.downloads", "databases.news.views")),
)

TABLES_BY_KEY = {spec.key: spec for spec in REGION_TABLES}
