"""The layers point one way, and no module imports itself round a cycle.

Read from the source (``ast``), every import counted: module level, inside functions
(deferred imports) and under ``if TYPE_CHECKING``. Layers, lowest first:

    model → io → engines → pipeline → formats/apps → cli

A module may import its own layer and the layers below it, never one above. Every module
of the package must have a layer in LAYERS, so a new module is placed on purpose
(ARCHITECTURE.md says where things go).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Installed package → folder of the repository (pyproject's package-dir).
PACKAGE_DIRS = {
    "docparse": ROOT / "docparse",
    "docparse.cli": ROOT / "cli",
    "docparse.formats": ROOT / "formats",
    "docparse.evaluation": ROOT / "evaluation",
}

# Layer name → the modules in it, by dotted prefix (the longest matching prefix wins).
LAYERS: dict[str, tuple[str, ...]] = {
    # The pydantic document model, the error types every layer raises, and the test of
    # Hangul characters every layer uses.
    "model": ("docparse.model", "docparse.errors", "docparse.version", "docparse.hangul"),
    # Reading inputs and writing files: PDFs, images, page ranges, hashing, fonts, the
    # atomic write.
    "io": ("docparse.io",),
    # OCR engines (the VARCO ones with their markup, prompts and tiling), preprocessing and
    # page geometry (orientation, skew).
    "engines": ("docparse.engines", "docparse.preprocess", "docparse.geometry"),
    # Files in, Documents out: the Parser, reading order, the options key.
    "pipeline": (
        "docparse.pipeline",
        "docparse.reading_order",
        "docparse.tables",
        "docparse.text_directions",
        "docparse.strip_reading",
        "docparse.options_key",
    ),
    # What is built on Documents: output formats and the applications (ask, find, chunks,
    # batch, extract, evaluation and its synthetic generator, framework integrations,
    # the worker pool), and the ``docparse`` facade (``parse``, ``ask``).
    "apps": (
        "docparse",
        "docparse.formats",
        "docparse.ask",
        "docparse.grounding",
        "docparse.chunking",
        "docparse.batch",
        "docparse.keyfields",
        "docparse.evaluation",
        "docparse.integrations",
        "docparse.workers",
        "docparse.page_jobs",
    ),
    # The command line.
    "cli": ("docparse.cli", "docparse.__main__"),
}
ORDER = list(LAYERS)


def modules() -> dict[str, Path]:
    """Every module of the installed package: dotted name → file."""
    found: dict[str, Path] = {}
    for package, folder in PACKAGE_DIRS.items():
        for path in sorted(folder.rglob("*.py")):
            parts = list(path.relative_to(folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            name = ".".join([package, *parts])
            # A sub-folder mapped to its own package (cli/ under docparse/ is not one).
            owner = max((p for p in PACKAGE_DIRS if name.startswith(p)), key=len)
            if owner == package:
                found[name] = path
    return found


def layer_of(module: str) -> str | None:
    best: tuple[int, str] | None = None
    for layer, prefixes in LAYERS.items():
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (
                best is None or len(prefix) > best[0]
            ):
                best = (len(prefix), layer)
    return None if best is None else best[1]


def imported(name: str, path: Path, known: set[str]) -> Iterator[tuple[str, int]]:
    """The docparse modules that ``name`` imports, with the line of each import."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield from _resolved(alias.name, [], known, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")[: len(name.split(".")) - node.level + is_package]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            yield from _resolved(module, [a.name for a in node.names], known, node.lineno)


def _resolved(
    module: str, names: list[str], known: set[str], line: int
) -> Iterator[tuple[str, int]]:
    if module != "docparse" and not module.startswith("docparse."):
        return
    submodules = [f"{module}.{n}" for n in names if f"{module}.{n}" in known]
    if submodules:  # ``from package import module``
        for submodule in submodules:
            yield submodule, line
        if len(submodules) == len(names):
            return
    while module not in known and "." in module:
        module = module.rsplit(".", 1)[0]
    yield module, line


def import_graph() -> dict[str, dict[str, int]]:
    found = modules()
    known = set(found)
    return {
        name: {target: line for target, line in imported(name, path, known) if target != name}
        for name, path in found.items()
    }


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, {}):
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
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_layer_map_knows_the_package() -> None:
    names = modules()
    assert len(names) > 50
    assert {"docparse.model", "docparse.cli.app", "docparse.formats.registry"} <= set(names)
    assert "docparse.evaluation.synth.pipeline" in names
    unplaced = sorted(name for name in names if layer_of(name) is None)
    assert not unplaced, f"modules without a layer (add them to LAYERS): {unplaced}"


def test_no_module_imports_a_higher_layer() -> None:
    files = modules()
    upward = []
    for name, targets in import_graph().items():
        own = ORDER.index(layer_of(name) or "cli")
        for target, line in targets.items():
            theirs = ORDER.index(layer_of(target) or "cli")
            if theirs > own:
                where = f"{files[name].relative_to(ROOT)}:{line}"
                upward.append(f"{where}: {name} ({ORDER[own]}) imports {target} ({ORDER[theirs]})")
    assert not upward, "\n".join(upward)


def test_formats_read_only_the_model_and_io() -> None:
    """A format is a function of a Document: it never runs the pipeline or an engine."""
    allowed = {"model", "io"}
    wrong = [
        f"{name} imports {target}"
        for name, targets in import_graph().items()
        if name.startswith("docparse.formats")
        for target in targets
        if not target.startswith("docparse.formats") and layer_of(target) not in allowed
    ]
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles() -> None:
    found = cycles(import_graph())
    assert not found, "\n".join(" ↔ ".join(component) for component in found)


def test_the_checks_catch_what_they_are_for() -> None:
    graph = {"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert layer_of("docparse.model") == "model"
    assert layer_of("docparse.evaluation.synth.fonts") == "apps"
    assert layer_of("docparse.io.atomic") == "io"
    assert layer_of("docparse.cli.outputs") == "cli"
    assert ORDER.index("io") < ORDER.index("engines") < ORDER.index("pipeline")
