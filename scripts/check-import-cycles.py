#!/usr/bin/env python3
"""Fails when two modules of a crate import each other, directly or through others.

Usage: check-import-cycles.py CRATE_SRC_DIR...

Each .rs file under a crate's src/ is one module (`pages/jokes/list.rs` is `pages::jokes::list`,
a `mod.rs` is its folder). A module depends on every module a `crate::`, `super::` or `self::` path
in it names (in `use` lines and in code alike). A path between a module and one of its own
ancestors is the module tree itself (a child using its parent's types, a parent re-exporting a
child) and is not counted. Any other cycle is printed, one module per line, and the exit code is 1.
"""

import re
import sys
from pathlib import Path

PATH = re.compile(r"\b(crate|super|self)((?:::\w+)*)(?:::\{([^{}]*)\})?")


def module_of(src: Path, file: Path) -> tuple:
    parts = list(file.relative_to(src).with_suffix("").parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts.pop()
    if parts and parts[0] == "bin":
        return ("bin",) + tuple(parts[1:])
    return tuple(parts)


def named_modules(base: tuple, rest: str, group: str | None) -> list:
    tails = [rest]
    if group is not None:
        tails = [rest + "::" + item.strip().split(" as ")[0] for item in group.split(",") if item.strip()]
    return [base + tuple(p for p in tail.split("::") if p and p != "self") for tail in tails]


def resolve(path: tuple, modules: set) -> tuple | None:
    """The longest prefix of `path` that is a module of the crate."""
    for end in range(len(path), 0, -1):
        if path[:end] in modules:
            return path[:end]
    return None


def dependencies(text: str, module: tuple, modules: set) -> set:
    # A `mod.rs` is its folder's module, so in either file `super` is the module's parent.
    here = module
    found = set()
    text = re.sub(r"//[^\n]*", "", text)
    for root, rest, group in PATH.findall(text):
        if root == "crate":
            base = ()
        elif root == "self":
            base = here
        else:
            base = here[:-1]
        for path in named_modules(base, rest, group or None):
            target = resolve(path, modules)
            if target is not None and target != module:
                found.add(target)
    return found


def related(a: tuple, b: tuple) -> bool:
    return a[: len(b)] == b or b[: len(a)] == a


def cycles(graph: dict) -> list:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, result = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for next_node in graph.get(node, ()):
            if next_node not in index:
                visit(next_node)
                low[node] = min(low[node], low[next_node])
            elif next_node in on_stack:
                low[node] = min(low[node], index[next_node])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return result


def check(src: Path) -> list:
    files = {module_of(src, f): f for f in sorted(src.rglob("*.rs"))}
    modules = set(files)
    graph = {}
    for module, file in files.items():
        deps = dependencies(file.read_text(), module, modules)
        graph[module] = {d for d in deps if not related(module, d)}
    return cycles(graph)


def main() -> int:
    failed = False
    for src in map(Path, sys.argv[1:]):
        for component in check(src):
            failed = True
            names = ["::".join(m) or "crate" for m in component]
            print(f"{src}: these modules import each other: " + ", ".join(names))
    if not failed:
        print("no import cycles in " + ", ".join(sys.argv[1:]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
