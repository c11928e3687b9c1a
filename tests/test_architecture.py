"""The package's structure, read from the source (no import runs): no import cycle between modules, no
import inside a function unless ``architecture.toml`` says why, and a docstring on every public function,
class and method of ``inspector_kit`` and ``nlp``.

The import graph counts every import a module's code can run, at module level or inside a function, with
relative imports resolved; ``from package import name`` is an edge to ``package.name`` when that is a
module, else to ``package``. ARCHITECTURE.md describes the layers this keeps honest.
"""
from __future__ import annotations

import ast
import tomllib
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("inspector_kit", "nlp")
ALLOWED = tomllib.loads((Path(__file__).with_name("architecture.toml")).read_text(encoding="utf-8"))
OWNED_ELSEWHERE = "owned by brief15 refactor, to revisit"


@lru_cache(maxsize=1)
def modules() -> dict[str, Path]:
    """``{dotted module name: file}`` for every module of the two packages."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _known(name: str | None) -> str | None:
    """The longest prefix of ``name`` that is one of our modules (None for other packages)."""
    mods = modules()
    while name and name not in mods:
        name = name.rpartition(".")[0]
    return name or None


def targets(module: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The modules an import statement in ``module`` names: ours resolved, others as written."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        parts = module.split(".")
        if modules()[module].name != "__init__.py":
            parts.pop()
        parts = parts[:len(parts) - node.level + 1]
        base = ".".join(parts + ([node.module] if node.module else []))
    out = []
    for alias in node.names:
        full = f"{base}.{alias.name}"
        out.append(full if full in modules() else base)
    return out


@lru_cache(maxsize=1)
def imports() -> list[tuple[str, str, int, bool]]:
    """Every import: (module, imported module, line, inside a function)."""
    found = []

    def visit(module: str, node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                found.extend((module, target, child.lineno, in_function) for target in targets(module, child))
            visit(module, child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                                   ast.Lambda)))

    for module, path in modules().items():
        visit(module, ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def import_graph() -> dict[str, set[str]]:
    """``{module: modules of ours it imports}``."""
    graph: dict[str, set[str]] = {m: set() for m in modules()}
    for module, target, _, _ in imports():
        ours = _known(target)
        if ours and ours != module:
            graph[module].add(ours)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return found


def _file(module: str) -> str:
    return modules()[module].relative_to(ROOT).as_posix()


def local_import_allowed(file: str, target: str) -> bool:
    """Whether ``architecture.toml`` lets ``file`` import ``target`` inside a function."""
    for entry in ALLOWED["local_import"]:
        if entry["file"] == file and (entry["modules"] == "*" or target in entry["modules"]):
            return True
    return False


# --- the finder itself -----------------------------------------------------------------------------

def test_the_cycle_finder_finds_a_planted_cycle_and_nothing_in_a_chain():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_the_graph_sees_imports_at_module_level_and_inside_functions():
    graph = import_graph()
    assert "inspector_kit.thematic.frames" in graph["inspector_kit.thematic.aggregate"]   # module level
    assert "inspector_kit.destinations" in graph["inspector_kit.thematic.measures"]        # inside a function
    assert all(target.startswith(PACKAGES) for targets_ in graph.values() for target in targets_)


# --- the rules -------------------------------------------------------------------------------------

def test_no_import_cycle_between_modules():
    allowed = {tuple(sorted(entry["modules"])) for entry in ALLOWED.get("cycle", [])}
    found = [c for c in cycles(import_graph()) if tuple(c) not in allowed]
    assert found == [], "import cycles (break them, or list one in tests/architecture.toml with a reason): " + \
        "; ".join(" <-> ".join(c) for c in found)


def test_every_allowed_cycle_still_exists():
    found = {tuple(c) for c in cycles(import_graph())}
    stale = [entry["modules"] for entry in ALLOWED.get("cycle", []) if tuple(sorted(entry["modules"])) not in found]
    assert stale == [], f"these cycles are gone: delete their entries from tests/architecture.toml: {stale}"


def test_nlp_never_imports_inspector_kit():
    wrong = [(m, t) for m, t, _, _ in imports() if m.startswith("nlp") and t.split(".")[0] == "inspector_kit"]
    assert wrong == []


def test_imports_are_at_module_top_unless_the_allow_list_says_why():
    stray = [f"{_file(m)}:{line} imports {target}" for m, target, line, local in imports()
             if local and not local_import_allowed(_file(m), target)]
    assert stray == [], "function-local imports not in tests/architecture.toml (move them to the top, or " \
                        "add an entry with the start-up figure that needs it):\n" + "\n".join(stray)


def test_every_allow_list_entry_has_a_reason_and_is_still_needed():
    used = {(_file(m), target) for m, target, _, local in imports() if local}
    for entry in ALLOWED["local_import"]:
        assert entry.get("reason", "").strip(), entry
        assert (ROOT / entry["file"]).is_file(), f"{entry['file']} no longer exists"
        wanted = entry["modules"]
        if wanted == "*":
            assert any(f == entry["file"] for f, _ in used), f"{entry['file']} has no local import left"
        else:
            stale = [t for t in wanted if (entry["file"], t) not in used]
            assert stale == [], f"{entry['file']}: no longer imported inside a function: {stale}"


def test_only_the_files_owned_by_the_briefing_refactor_are_allowed_wholesale():
    wholesale = [e["file"] for e in ALLOWED["local_import"] if e["modules"] == "*"]
    assert all(e["reason"] == OWNED_ELSEWHERE for e in ALLOWED["local_import"] if e["modules"] == "*"), wholesale


def undocumented() -> list[str]:
    """Public functions, classes and methods without a docstring (private modules and names skipped)."""
    missing = []
    for module, path in modules().items():
        if path.stem.startswith("_") and path.stem != "__init__":
            continue

        def walk(body, owner: str) -> None:
            for node in body:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    if node.name.startswith("_"):
                        continue
                    if not ast.get_docstring(node):
                        missing.append(f"{_file(module)}:{node.lineno} {owner}{node.name}")
                    if isinstance(node, ast.ClassDef):
                        walk(node.body, f"{node.name}.")
                elif isinstance(node, (ast.If, ast.Try)):
                    walk(node.body, owner)

        walk(ast.parse(path.read_text(encoding="utf-8")).body, "")
    return missing


def test_every_public_function_class_and_method_has_a_docstring():
    owned = {e["file"] for e in ALLOWED["local_import"] if e["reason"] == OWNED_ELSEWHERE}
    owned |= set(ALLOWED.get("docstrings", {}).get("owned_elsewhere", []))
    missing = [m for m in undocumented() if m.split(":")[0] not in owned]
    assert missing == [], "public names without a docstring (say why it exists):\n" + "\n".join(missing)


def package_of(module: str) -> str:
    """The layer a module belongs to: ``nlp``, ``inspector_kit`` itself, or ``inspector_kit.<first part>``."""
    parts = module.split(".")
    if parts[0] == "nlp":
        return "nlp"
    return "inspector_kit" if len(parts) == 1 else f"inspector_kit.{parts[1]}"


def test_every_package_imports_only_the_layers_below_it():
    layers = ALLOWED["may_import"]
    unlisted = sorted({package_of(m) for m in modules()} - set(layers) - {"inspector_kit"})
    assert unlisted == [], f"packages with no [may_import] entry in tests/architecture.toml: {unlisted}"
    wrong = sorted({f"{m} imports {t}" for m, targets_ in import_graph().items() for t in targets_
                    if package_of(t) != package_of(m) and package_of(t) not in layers.get(package_of(m), [])})
    assert wrong == [], "imports across layers that ARCHITECTURE.md does not allow:\n" + "\n".join(wrong)
