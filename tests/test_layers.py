"""No lower layer imports a higher one (docs/ARCHITECTURE.md, "Layers").

Read from the source with ``ast``, so an import added anywhere (even inside
a function) is seen without running anything:

- ``core`` imports no domain;
- a domain's tables import no services, and no HTTP;
- services, and everything else in a domain that is not its HTTP side,
  import no routes, pages, guards or middleware (of any domain);
- no domain's pages import another domain's pages (or routes);
- the permission rules (``accounts/rules.py``) import neither Litestar nor Jinja.

The HTTP side of a domain is ``routes.py``, ``pages.py``, ``*_routes.py``,
``*_pages.py``, ``guards.py``, ``middleware.py`` and ``http.py``; above the
domains sit ``app.py``, ``routing.py``, ``display.py``, ``jobs.py`` and ``cli.py``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "coordination"
TOP = {"app", "routing", "display", "jobs", "cli", "piccolo_app", "piccolo_conf", "__init__"}
HTTP_NAMES = {"routes", "pages", "guards", "middleware", "http"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    relative = Path(*name.split("."))
    return (PACKAGE.parent / relative).with_suffix(".py").exists() or (PACKAGE.parent / relative).is_dir()


def imports_of(path: Path) -> set[str]:
    """The modules a file imports (``from a.b import c`` counts as ``a.b.c`` when c is a module, else ``a.b``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None and node.level == 0:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if _is_module(candidate) else node.module)
    return found


def sources() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts)


def _domain(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "coordination" else None


def _is_http(name: str) -> bool:
    last = name.rsplit(".", 1)[-1]
    return last in HTTP_NAMES or last.endswith(("_routes", "_pages"))


def _is_pages(name: str) -> bool:
    last = name.rsplit(".", 1)[-1]
    return last == "pages" or last.endswith("_pages")


def _table_may_import(name: str) -> bool:
    """Tables are the bottom of a domain: core, and other tables (for foreign keys) and their vocabularies."""
    return _domain(name) == "core" or (_domain(name) is not None and name.endswith((".tables", ".enums")))


def violations() -> list[str]:
    found = []
    for path in sources():
        module = _module_name(path)
        domain = _domain(module)
        own = [name for name in imports_of(path) if name.startswith("coordination.")]
        if domain == "core":
            found += [f"{module} (core) imports the domain module {name}" for name in own if _domain(name) != "core"]
            continue
        if domain is None:
            continue  # the top: app, routing, cli, jobs… may import anything
        if module.endswith(".tables"):
            found += [f"{module} (tables) imports {name}" for name in own if not _table_may_import(name)]
        if not _is_http(module):
            found += [f"{module} imports the HTTP module {name}" for name in own if _is_http(name)]
            found += [f"{module} imports the top-level {name}" for name in own if _domain(name) is None]
        if _is_pages(module):
            found += [
                f"{module} imports another domain's pages or routes: {name}"
                for name in own
                if _domain(name) not in (domain, "core") and _is_http(name) and not name.endswith(".guards")
            ]
    return found


def test_no_lower_layer_imports_a_higher_one() -> None:
    assert violations() == []


def test_the_permission_rules_know_no_http() -> None:
    imported = imports_of(PACKAGE / "accounts" / "rules.py")
    assert not {name for name in imported if name.split(".")[0] in {"litestar", "jinja2"}}
    assert not {name for name in imported if _is_http(name)}


@pytest.mark.parametrize(
    ("module", "text", "expected"),
    [
        ("core/x.py", "from coordination.members import services\n", "(core) imports the domain module"),
        ("members/tables.py", "from coordination.members.services import member_id\n", "(tables) imports"),
        ("members/services.py", "from coordination.accounts.guards import require\n", "imports the HTTP module"),
        ("events/services.py", "def f():\n    from coordination.events import pages\n", "imports the HTTP module"),
        ("members/pages.py", "from coordination.bodies.pages import body_list\n", "another domain's pages"),
    ],
)
def test_the_layer_check_sees_a_wrong_import(
    module: str, text: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check itself: a copy of the package with one wrong import added fails it, naming the import."""
    copy = tmp_path / "coordination"
    for path in sources():
        target = copy / path.relative_to(PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text())
    wrong = copy / module
    wrong.write_text((wrong.read_text() if wrong.exists() else "") + text)
    monkeypatch.setitem(globals(), "PACKAGE", copy)
    found = violations()
    assert any(expected in line for line in found), found
