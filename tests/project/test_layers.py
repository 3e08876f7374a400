"""The layering a maintainer relies on, read from the source: no module imports its way back
to itself (imports inside functions count too), members depends on no other domain, events
on members only, no domain reaches up into the pages, and rules take no request."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "planner"
#: Domains, each allowed to use those listed before it (and the shared modules at the top).
DOMAINS = (
    "uploads",
    "members",
    "events",
    "calendars",
    "governance",
    "notifications",
    "reminders",
    "documents",
    "packs",
    "travel",
    "visas",
)
#: The modules that face HTTP: the only ones that may read the request.
HTTP_FACING = {"api.py", "views.py", "schemas.py"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" not in path.parts:
            parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
            found[".".join(parts).removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """The planner modules ``path`` imports, anywhere in it."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name in MODULES}


def _cycle() -> list[str] | None:
    """One import cycle among planner's modules (the package itself aside), if any."""
    graph = {name: _imports(path) - {name, "planner"} for name, path in MODULES.items()}
    state: dict[str, str] = {}

    def visit(name: str, trail: list[str]) -> list[str] | None:
        state[name] = "open"
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                return [*trail[trail.index(target) :], target] if target in trail else [target]
            if target not in state and (found := visit(target, [*trail, target])):
                return found
        state[name] = "done"
        return None

    for name in sorted(graph):
        if name not in state and (found := visit(name, [name])):
            return found
    return None


def test_no_module_imports_its_way_back_to_itself():
    assert _cycle() is None


@pytest.mark.parametrize("domain", DOMAINS)
def test_a_domain_uses_only_the_domains_below_it_and_never_the_pages(domain):
    above = set(DOMAINS[DOMAINS.index(domain) + 1 :]) | {"web", "demo", "cli", "celery"}
    for name, path in MODULES.items():
        if name.startswith(f"planner.{domain}."):
            reached = {target.split(".")[1] for target in _imports(path)}
            assert not reached & above, f"{name} imports {sorted(reached & above)}"


def test_only_the_http_facing_modules_of_a_domain_read_the_request():
    for domain in (*DOMAINS, "auth"):
        for path in (PACKAGE / domain).rglob("*.py"):
            if path.name in HTTP_FACING:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module == "flask":
                    named = {alias.name for alias in node.names} & {"request", "g", "session"}
                    assert not named, f"{path.relative_to(PACKAGE)} imports flask's {named}"


def test_listeners_are_connected_by_create_app_not_by_an_import():
    """A receiver connected as a side effect of an import works or not depending on what
    happened to be imported first; create_app connects them all, explicitly."""
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        decorators = [
            ast.unparse(decorator)
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef)
            for decorator in node.decorator_list
        ]
        calls = [
            ast.unparse(statement.value.func)
            for statement in tree.body
            if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)
        ]
        for text in decorators + calls:
            assert "listens_for" not in text and not text.endswith((".connect", ".listen")), (
                f"{name} connects {text} on import"
            )
