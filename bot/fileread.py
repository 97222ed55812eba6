"""Reading and writing the files staff edit by hand: YAML with line and column, Excel by header.

The organisation file and the scoring table share these, so both report a problem the same way:
"line 3, column 5" in YAML, "Sheet!C7" in Excel.
"""

from __future__ import annotations

import sys
from typing import IO, Any, Protocol

import yaml
from openpyxl.utils import get_column_letter

from domain.membership.organisation import Cell, OrgError, OrgFileError, clean_text, word

# libyaml's loader where PyYAML was built with it: the same documents, read ten times faster
# (the phrase table is read at every start).
_FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str | IO[str]) -> Any:
    """Parse one trusted YAML document (the shipped and the province's configuration)."""
    return yaml.load(text, Loader=_FAST_LOADER)


def print_errors(path: object, errors: list[OrgError]) -> int:
    """Print a refused file's problems, each with its place, for the command line; return 1."""
    for error in errors:
        print(f"{error.location}: {error.message}", file=sys.stderr)
    print(f"{path}: {len(errors)} error(s), nothing imported", file=sys.stderr)
    return 1


class Reports(Protocol):
    """A builder that collects every problem with its place."""

    def error(self, where: str, message: str) -> None: ...


def at(mark: yaml.Mark) -> str:
    """Return a YAML position as people count it."""
    return f"line {mark.line + 1}, column {mark.column + 1}"


def yaml_root(text: str, error: type[OrgFileError]) -> tuple[yaml.SafeLoader, yaml.Node]:
    """Parse `text` into its node tree; raise `error` with the place of bad or empty YAML."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = at(mark) if mark else "file"
        raise error([OrgError(where, f"not valid YAML: {exc.problem}")]) from exc
    except yaml.YAMLError as exc:
        raise error([OrgError("file", f"not valid YAML: {exc}")]) from exc
    finally:
        loader.dispose()
    if root is None:
        raise error([OrgError("line 1, column 1", "the file is empty")])
    return loader, root


class NodeReader:
    """Walk a YAML node tree, so every value keeps its line and column."""

    def __init__(self, builder: Reports) -> None:
        self.reports = builder

    def fields(self, node: yaml.Node, known: tuple[str, ...], what: str) -> dict[str, yaml.Node]:
        """Return the mapping's values by key; unknown or repeated keys are errors."""
        if not isinstance(node, yaml.MappingNode):
            self.reports.error(at(node.start_mark), f"expected {what} as a mapping of key: value")
            return {}
        found: dict[str, yaml.Node] = {}
        for key, value in node.value:
            name = str(key.value)
            if name not in known:  # a typo such as `healthcount` would otherwise be dropped
                self.reports.error(at(key.start_mark), f"unknown key {name!r} in {what}")
            elif name in found:
                self.reports.error(at(key.start_mark), f"key {name!r} appears twice in {what}")
            found[name] = value
        return found

    def items(self, fields: dict[str, yaml.Node], key: str) -> list[yaml.Node]:
        """Return the list under `key`; a missing or empty key is an empty list."""
        node = fields.get(key)
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        if node is not None and node.tag != "tag:yaml.org,2002:null":
            where = at(node.start_mark)
            self.reports.error(where, f"{key} must be a list (lines starting with '-')")
        return []


def sheet_rows(
    book: Any, name: str, columns: tuple[str, ...], reports: Reports,
    optional: tuple[str, ...] = (),
) -> list[dict[str, Cell]]:  # fmt: skip
    """Return the sheet's non-blank rows as cells keyed by header; columns may be in any order.

    An `optional` column a workbook lacks reads as empty: older files stay valid.
    """
    if name not in book.sheetnames:
        reports.error(name, f"the sheet {name!r} is missing")
        return []
    sheet = book[name]
    sheet.reset_dimensions()  # some writers store a wrong size, which would cut rows off
    rows = sheet.iter_rows(values_only=True)
    index = {word(v): i for i, v in enumerate(next(rows, ())) if clean_text(v)}
    missing = [c for c in columns if word(c) not in index]
    if missing:
        reports.error(f"{name}!1:1", f"the header row lacks column(s): {', '.join(missing)}")
        return []
    found = []
    for number, values in enumerate(rows, start=2):
        if all(clean_text(v) is None for v in values):
            continue
        row = {}
        for column in (*columns, *optional):
            i = index.get(word(column), -1)
            if i < 0:
                row[column] = Cell(None, f"{name}!{number}:{number}", column)
                continue
            where = f"{name}!{get_column_letter(i + 1)}{number}"
            row[column] = Cell(values[i] if i < len(values) else None, where, column)
        found.append(row)
    return found


class Flow(dict[str, object]):
    """A mapping written on one line, as a unit or a criterion reads best."""


class Dumper(yaml.SafeDumper):
    """Writes `Flow` mappings on one line and everything else in block style."""


def _flow(dumper: Dumper, data: Flow) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)


Dumper.add_representer(Flow, _flow)
