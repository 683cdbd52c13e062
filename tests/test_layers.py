"""The apps form layers: a module imports only from its own layer's apps or lower ones,
and no two apps import each other, even within a layer, even through others.

Every `import` statement counts, including those inside functions (a lazy import is
still a dependency). The layers, lowest first, are in `docs/ARCHITECTURE.md`. Every app
sits in exactly one layer, whole: no module of an app is placed apart from it.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. A module belongs to the layer of its longest matching prefix.
LAYERS: tuple[tuple[str, ...], ...] = (
    # The shared helpers: they import no other app of the project.
    ("core",),
    # Outgoing email; the network (regions, libraries, people, memberships) and the rules
    # of who may see and change what (`libraries.permissions.Access`).
    ("notifications", "libraries"),
    # Security: two-factor sign-in, the security log, sessions, the password reset.
    ("accounts",),
    # The catalogue (its models, derived figures, numbers shown, its one selector).
    ("catalogue",),
    # A library's year; `submissions.access` fetches one for a view by the network's rules.
    # The `indicators` app holds only its migrations.
    ("submissions", "indicators"),
    # The quality checks read a library's figures (peers, last years): above the
    # submissions app, which gets their context through `validation.use_quality`.
    ("quality",),
    # The methodologist's review: its comments are shown on the librarian's pages.
    ("review",),
    # The librarian's pages and the workbooks read and write a library's figures through
    # the submissions' services and checks, above them.
    ("entry", "workbooks"),
    ("figures",),
    ("reports",),
    ("dashboards", "national", "opendata", "cycle", "public"),
    # The demo seed builds the whole demo world (users, figures, texts, published
    # versions), so it sits on top, beside the project package (settings, the root
    # URLconf and the home page).
    ("libreport", "demo"),
)
PACKAGES = tuple(app for layer in LAYERS for app in layer)

def layer_of(module: str) -> int | None:
    best, best_len = None, -1
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = index, len(prefix)
    return best


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py") if (ROOT / package).is_dir() else ():
            if "migrations" in path.parts:
                continue
            modules[module_name(path)] = path
    return modules


def imported_modules(path: Path, name: str, known: set[str]) -> set[str]:
    """The project modules `path` imports (a `from x import y` may name module x.y)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            # the longest known module that the target names
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    known = set(modules)
    return {name: imported_modules(path, name, known) for name, path in modules.items()}


def test_every_module_has_a_layer():
    assert [name for name in project_modules() if layer_of(name) is None] == []


def test_no_module_imports_a_higher_layer():
    upward = sorted(
        f"{name} (layer {layer_of(name)}) imports {target} (layer {layer_of(target)})"
        for name, targets in import_graph().items() for target in targets
        if layer_of(target) > layer_of(name))
    assert upward == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return result


def test_no_import_cycles_between_modules():
    assert _cycles(import_graph()) == []


def unit_of(module: str) -> str | None:
    """The entry of LAYERS a module belongs to (its longest matching prefix)."""
    matches = [prefix for prefixes in LAYERS for prefix in prefixes
               if module == prefix or module.startswith(prefix + ".")]
    return max(matches, key=len, default=None)


def unit_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    units: dict[str, set[str]] = {}
    for name, targets in graph.items():
        for target in targets:
            if unit_of(target) != unit_of(name):
                units.setdefault(unit_of(name), set()).add(unit_of(target))
    return units


def test_no_two_apps_import_each_other_even_through_others():
    graph = import_graph()
    circles = _cycles(unit_graph(graph))
    imports = sorted(f"{name} imports {target}" for name, targets in graph.items()
                     for target in targets for circle in circles
                     if unit_of(name) in circle and unit_of(target) in circle
                     and unit_of(name) != unit_of(target))
    assert circles == [], imports


def test_the_checker_sees_an_upward_import_and_a_cycle():
    assert layer_of("catalogue.selectors") < layer_of("submissions.selectors")
    assert layer_of("submissions.selectors") < layer_of("reports.tables")
    assert layer_of("libraries.permissions") < layer_of("submissions.access")
    assert all("." not in app for layer in LAYERS for app in layer)  # apps, not modules
    assert layer_of("demo.seed") > layer_of("reports.services")
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
    # two apps of one layer importing each other through different modules
    assert unit_graph({"quality.selectors": {"submissions.models"},
                       "submissions.validation": {"quality.checks"}}) == {
        "quality": {"submissions"}, "submissions": {"quality"}}
    assert _cycles(unit_graph({"review.views": {"reports.csv"},
                               "reports.views": {"review.forms"}})) == [["reports", "review"]]
