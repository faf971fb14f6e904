"""The code keeps its shape (docs/architecture.md): small modules and functions in src/, and
pages and endpoints on top of the code they call.

A module past 400 lines or a function past 80 is split by use case before it lands; `make lint`
runs this with the import contracts of pyproject.toml and ruff's complexity limits.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import grimp

SRC = Path(__file__).resolve().parent.parent / "src" / "salonbook"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80


def _modules() -> list[Path]:
    return [p for p in sorted(SRC.rglob("*.py")) if "migrations" not in p.parts]


def test_the_source_is_found():
    assert len(_modules()) > 150


def test_no_module_is_over_400_lines():
    long = {}
    for path in _modules():
        lines = path.read_text(encoding="utf-8").count("\n")
        if lines > MAX_MODULE_LINES:
            long[str(path.relative_to(SRC))] = lines

    assert long == {}


def test_no_function_is_over_80_lines():
    long = {}
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1  # type: ignore[operator]
                if lines > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(SRC)}:{node.lineno} {node.name}"] = lines

    assert long == {}


EDGE = re.compile(r"(^|_)(views|api|urls)$")
TOP = {"salonbook.urls", "salonbook.api"}


def _is_edge(module: str) -> bool:
    return bool(EDGE.search(module.rsplit(".", 1)[-1]))


def test_pages_and_endpoints_are_imported_only_by_pages_endpoints_and_url_confs():
    # Modules named views, api or urls - or ending in _views, _api, _urls - are the edges; a
    # service or selector that imported one would run a page's code inside a use case.
    graph = grimp.build_graph("salonbook")
    edges = {m for m in graph.modules if _is_edge(m)}
    wrong = sorted(
        f"{importer} -> {edge}"
        for edge in edges
        for importer in graph.find_modules_that_directly_import(edge)
        if importer not in TOP and not _is_edge(importer)
    )

    assert len(edges) > 40
    assert wrong == []
