"""The app-level import graph of the `cakupan` package: which app imports which, and the cycles among them.

An app is the first name under `cakupan/` (a sub-package or a top-level module such as `cli` or `urls`). Every
`import cakupan.x` and `from cakupan.x import ...` counts, at module level or inside a function; the apps'
own tests and migrations do not. Run `python -m tests.app_graph` to print the graph.
"""

from __future__ import annotations

import ast
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "cakupan"


@dataclass
class AppGraph:
    edges: dict[str, Counter[str]] = field(default_factory=dict)
    inner: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, importer: str, imported: str, *, in_function: bool) -> None:
        self.edges.setdefault(importer, Counter())
        self.edges.setdefault(imported, Counter())
        self.edges[importer][imported] += 1
        if in_function:
            self.inner[(importer, imported)] += 1

    def cycles(self) -> list[list[str]]:
        """The strongly connected groups of more than one app (Tarjan), each sorted, in a stable order."""
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        stack: list[str] = []
        on_stack: set[str] = set()
        groups: list[list[str]] = []

        def visit(app: str) -> None:
            index[app] = low[app] = len(index)
            stack.append(app)
            on_stack.add(app)
            for other in sorted(self.edges[app]):
                if other not in index:
                    visit(other)
                    low[app] = min(low[app], low[other])
                elif other in on_stack:
                    low[app] = min(low[app], index[other])
            if low[app] == index[app]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == app:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))

        for app in sorted(self.edges):
            if app not in index:
                visit(app)
        return sorted(groups)


def app_graph(package: Path = PACKAGE) -> AppGraph:
    graph = AppGraph()
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package).parts
        if "tests" in parts or "migrations" in parts:
            continue
        app = parts[0].removesuffix(".py")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        in_function = {
            id(node)
            for function in ast.walk(tree)
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
            for node in ast.walk(function)
            if isinstance(node, ast.Import | ast.ImportFrom)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules = [node.module]
            else:
                continue
            for module in modules:
                names = module.split(".")
                if names[0] == "cakupan" and len(names) > 1 and names[1] != app:
                    graph.add(app, names[1], in_function=id(node) in in_function)
    return graph


def main() -> None:
    graph = app_graph()
    print("cycles:", graph.cycles())
    print(
        "edges:",
        sum(len(targets) for targets in graph.edges.values()),
        "inner-function imports across apps:",
        sum(graph.inner.values()),
    )
    for app in sorted(graph.edges):
        print(app, "->", ", ".join(f"{other}({n})" for other, n in sorted(graph.edges[app].items())))


if __name__ == "__main__":
    main()
