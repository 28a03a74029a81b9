"""The apps' layers: an app may import only the apps in layers below its own, never one above it nor (but for
the exceptions named below) one beside it. Scans the source of src/placeboard with ast, so an import inside
a function counts as much as one at the top of a module.

    core ← performance ← benchmarking, imports, engagement, funding ← reports, … ← api ← cli

"cli" is the project's own modules outside any app (cli.py, urls.py, demo.py, settings.py, wsgi.py), which
put the apps together. A lower app that needs something from a higher one asks a registry the higher one
fills from its AppConfig.ready() (performance.reporting for report kinds, core.panels and
performance.panels for parts of pages)."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "placeboard"

LAYERS = [  # lowest first
    {"core"},
    {"performance"},
    {"benchmarking", "imports", "engagement", "funding"},
    {"reports", "selfassessment", "opendata"},
    {"api"},  # the API speaks for every part, reports as JSON included
    {"cli"},
]
ALLOWED_BESIDE = {
    # importers.comparators and exporters read and write benchmark files, so they write the benchmarking
    # app's models (through imports.models, which names them for the importers).
    ("imports", "benchmarking"),
}
KNOWN = {
    # `manage.py load_demo` loads every app's demo through the project's loader; the command is not this
    # change's to move (issue 13): it belongs beside `placeboard demo` in the top layer.
    ("placeboard.core.management.commands.load_demo", "placeboard.demo"),
}
LAYER = {app: n for n, apps in enumerate(LAYERS) for app in apps}


def app_of(module):
    """The app a dotted module name under placeboard belongs to; project modules are "cli"."""
    parts = module.split(".")
    if parts[0] != "placeboard":
        return None
    if len(parts) == 1:
        return "cli"
    if parts[1] in LAYER:
        return parts[1]
    if (SRC / parts[1]).is_dir():
        raise AssertionError(f"{module}: the app {parts[1]!r} has no layer; add it to LAYERS in tests/test_layers.py")
    return "cli"  # cli.py, urls.py, demo.py, settings.py, ...


def imported_modules(source, module, is_package=False):
    """Every placeboard module the source imports, with its line, relative imports resolved (from a package's
    __init__.py, "." is the package itself)."""
    package = module if is_package else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module
            if name == "placeboard":  # from placeboard import reports
                for alias in node.names:
                    yield f"placeboard.{alias.name}", node.lineno
            else:
                yield name, node.lineno


def violations(source, module, is_package=False):
    """["module:line imports target (app → app)"] for each import the layers forbid."""
    found = []
    app = app_of(module)
    for target, line in imported_modules(source, module, is_package):
        other = app_of(target)
        if other is None or other == app or (module, target) in KNOWN:
            continue
        if LAYER[other] > LAYER[app] or (LAYER[other] == LAYER[app] and (app, other) not in ALLOWED_BESIDE):
            found.append(f"{module}:{line} imports {target} ({app} → {other})")
    return sorted(found, key=lambda v: int(v.split(" ", 1)[0].rsplit(":", 1)[1]))


def modules():
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC.parent).with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def test_no_app_imports_one_above_or_beside_it():
    found = [v for module, path in modules()
             for v in violations(path.read_text(encoding="utf-8"), module, path.name == "__init__.py")]
    assert not found, "Imports against the layers:\n" + "\n".join(found)


def test_every_app_has_a_layer():
    for path in SRC.iterdir():
        if path.is_dir() and (path / "apps.py").exists():
            assert path.name in LAYER, f"{path.name} has no layer in tests/test_layers.py"


def test_the_check_catches_a_bad_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from placeboard.reports.builders import build\n"
                   "def later():\n"
                   "    from placeboard import funding\n"
                   "    from ..engagement import models\n"
                   "    import placeboard.core.models\n")
    found = violations(bad.read_text(), "placeboard.performance.bad")
    assert found == [
        "placeboard.performance.bad:1 imports placeboard.reports.builders (performance → reports)",
        "placeboard.performance.bad:3 imports placeboard.funding (performance → funding)",
        "placeboard.performance.bad:4 imports placeboard.engagement (performance → engagement)",
    ]
    # Beside it: funding and engagement share a layer, and neither may import the other.
    assert violations("from placeboard.engagement.models import Meeting\n", "placeboard.funding.views") == [
        "placeboard.funding.views:1 imports placeboard.engagement.models (funding → engagement)"]
    # Downwards is fine, and so is the one exception named.
    assert violations("from placeboard.performance.reporting import register\n", "placeboard.funding.apps") == []
    assert violations("from placeboard.benchmarking.models import BenchmarkValue\n", "placeboard.imports.models") == []


def test_relative_imports_in_a_package_start_from_the_package():
    """In performance/periods/__init__.py, "..." is placeboard itself and ".." is performance."""
    assert violations("from ... import reports\nfrom ..models import Indicator\n", "placeboard.performance.periods",
                      is_package=True) == [
        "placeboard.performance.periods:1 imports placeboard.reports (performance → reports)"]
    assert list(imported_modules("from .parse import parse_period\n", "placeboard.performance.periods",
                                 is_package=True)) == [("placeboard.performance.periods.parse", 1)]
