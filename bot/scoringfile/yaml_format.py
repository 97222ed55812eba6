"""The scoring table as YAML: read with line and column of every problem, and write."""

from __future__ import annotations

import yaml

from bot.orgfile.yaml_format import _Dumper, _Flow
from bot.scoringfile.files import ScoringFileError, TableBuilder, points_value
from domain.organisation import Cell, OrgError
from domain.scoring import Table

TOP = ("title", "bonus_cap", "deduction_cap", "groups")
GROUP = ("code", "name", "criteria")
CRITERION = ("code", "text", "kind", "max", "per_item", "formula")


def _at(mark: yaml.Mark) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


class _Reader:
    """Walk the node tree, so every value keeps its line and column."""

    def __init__(self) -> None:
        self.b = TableBuilder()

    def fields(self, node: yaml.Node, known: tuple[str, ...], what: str) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            self.b.error(_at(node.start_mark), f"expected {what} as a mapping of key: value")
            return {}
        found: dict[str, yaml.Node] = {}
        for key, value in node.value:
            name = str(key.value)
            if name not in known:  # a typo such as `maks` would otherwise be dropped
                self.b.error(_at(key.start_mark), f"unknown key {name!r} in {what}")
            elif name in found:
                self.b.error(_at(key.start_mark), f"key {name!r} appears twice in {what}")
            found[name] = value
        return found

    def cell(self, fields: dict[str, yaml.Node], parent: yaml.Node, key: str) -> Cell:
        node = fields.get(key)
        if node is None or node.tag == "tag:yaml.org,2002:null":
            where = node.start_mark if node is not None else parent.start_mark
            return Cell(None, _at(where), key)
        if not isinstance(node, yaml.ScalarNode):
            return Cell(object(), _at(node.start_mark), key)
        # Text stays as written: YAML would read the code 1.10 as the number 1.1.
        return Cell(node.value, _at(node.start_mark), key)

    def items(self, fields: dict[str, yaml.Node], key: str) -> list[yaml.Node]:
        node = fields.get(key)
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        if node is not None and node.tag != "tag:yaml.org,2002:null":
            self.b.error(_at(node.start_mark), f"{key} must be a list (lines starting with '-')")
        return []

    def read(self, root: yaml.Node) -> Table:
        top = self.fields(root, TOP, "the file")
        for node in self.items(top, "groups"):
            g = self.fields(node, GROUP, "a group")
            self.b.add_group(self.cell(g, node, "code"), self.cell(g, node, "name"))
            for item in self.items(g, "criteria"):
                c = self.fields(item, CRITERION, "a criterion")
                self.b.add_criterion(*(self.cell(c, item, k) for k in CRITERION))
        return self.b.finish(*(self.cell(top, root, k) for k in TOP[:3]))


def parse_yaml(text: str) -> Table:
    """Read a scoring table from YAML text, reporting problems by line and column."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _at(mark) if mark else "file"
        raise ScoringFileError([OrgError(where, f"not valid YAML: {exc.problem}")]) from exc
    except yaml.YAMLError as exc:
        raise ScoringFileError([OrgError("file", f"not valid YAML: {exc}")]) from exc
    finally:
        loader.dispose()
    if root is None:
        raise ScoringFileError([OrgError("line 1, column 1", "the file is empty")])
    return _Reader().read(root)


def to_yaml(table: Table) -> str:
    """Return the table as YAML in the layout of examples/scoring.yaml."""
    groups = []
    for g in table.groups:
        criteria = []
        for c in g.criteria:
            item = _Flow(
                code=c.code, text=c.text, kind=c.kind.value, max=points_value(c.max_points)
            )
            if c.per_item:
                item["per_item"] = points_value(c.per_item)
            if c.formula:
                item["formula"] = c.formula.value
            criteria.append(item)
        groups.append({"code": g.code, "name": g.name, "criteria": criteria})
    data = {
        "title": table.title,
        "bonus_cap": points_value(table.bonus_cap),
        "deduction_cap": points_value(table.deduction_cap),
        "groups": groups,
    }
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096)
