"""The scoring table as YAML: read with line and column of every problem, and write."""

from __future__ import annotations

import yaml

from bot.fileread import Dumper, Flow, NodeReader, at, yaml_root
from bot.scoringfile.builder import ScoringFileError, TableBuilder, points_value
from domain.membership.organisation import Cell
from domain.scoring.table import Table

TOP = ("title", "bonus_cap", "deduction_cap", "groups")
GROUP = ("code", "name", "criteria")
CRITERION = ("code", "text", "kind", "max", "per_item", "formula")


class _Reader(NodeReader):
    """The scoring table's keys, read from the node tree."""

    def __init__(self) -> None:
        self.b = TableBuilder()
        super().__init__(self.b)

    def cell(self, fields: dict[str, yaml.Node], parent: yaml.Node, key: str) -> Cell:
        node = fields.get(key)
        if node is None or node.tag == "tag:yaml.org,2002:null":
            where = node.start_mark if node is not None else parent.start_mark
            return Cell(None, at(where), key)
        if not isinstance(node, yaml.ScalarNode):
            return Cell(object(), at(node.start_mark), key)
        # Text stays as written: YAML would read the code 1.10 as the number 1.1.
        return Cell(node.value, at(node.start_mark), key)

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
    _, root = yaml_root(text, ScoringFileError)
    return _Reader().read(root)


def to_yaml(table: Table) -> str:
    """Return the table as YAML in the layout of examples/scoring.yaml."""
    groups = []
    for g in table.groups:
        criteria = []
        for c in g.criteria:
            item = Flow(
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
    return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=4096)
