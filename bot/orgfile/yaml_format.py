"""The organisation file as YAML: read with line and column of every problem, and write."""

from __future__ import annotations

import yaml

from bot.fileread import Dumper, Flow, NodeReader, at, yaml_root
from domain.membership.organisation import Builder, Cell, OrgFile, OrgFileError, OrgUnit

DEMO_NOTE = "DỮ LIỆU MẪU — không phải dữ liệu thật của tỉnh nào"


class _Nested:
    """Stands for a list or mapping found where a single value belongs."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __repr__(self) -> str:
        return self.what


class _YamlReader(NodeReader):
    """The organisation's keys, read from the node tree."""

    def __init__(self, loader: yaml.SafeLoader) -> None:
        self.loader = loader
        self.b = Builder()
        super().__init__(self.b)

    def cell(self, fields: dict[str, yaml.Node], parent: yaml.Node, key: str) -> Cell:
        """Return the value under `key` with its place; a missing key points at the parent."""
        node = fields.get(key)
        if node is None:
            return Cell(None, at(parent.start_mark), key)
        if not isinstance(node, yaml.ScalarNode):
            what = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
            return Cell(_Nested(what), at(node.start_mark), key)
        if node.tag == "tag:yaml.org,2002:null":
            return Cell(None, at(node.start_mark), key)
        if key in ("headcount", "demo"):
            try:
                return Cell(self.loader.construct_object(node), at(node.start_mark), key)
            except yaml.YAMLError:  # e.g. `!!int abc`: report the text as the wrong value
                return Cell(node.value, at(node.start_mark), key)
        # Text stays as written: YAML would turn `no` into False and `010` into 8.
        return Cell(node.value, at(node.start_mark), key)

    def read(self, root: yaml.Node) -> OrgFile:
        """Collect the whole file, then validate it as one."""
        top = self.fields(root, ("demo", "province", "clusters", "admins"), "the file")
        demo = self.cell(top, root, "demo")
        if not isinstance(demo.value, bool | None):
            self.b.error(demo.where, "demo must be true or false")
        province = self.b.text(self.cell(top, root, "province"))
        for node in self.items(top, "clusters"):
            known = ("code", "kind", "name", "short_name", "units", "leaders")
            f = self.fields(node, known, "a cluster")
            code = self.b.add_cluster(
                *(self.cell(f, node, k) for k in ("code", "kind", "name", "short_name"))
            )
            for unit in self.items(f, "units"):
                keys = ("code", "name", "headcount", "short_name")
                u = self.fields(unit, keys, "a unit")
                self.b.add_unit(code, *(self.cell(u, unit, k) for k in keys))
            for leader in self.items(f, "leaders"):
                p = self.fields(leader, ("name", "role", "unit"), "a leader")
                self.b.add_leader(
                    code, *(self.cell(p, leader, k) for k in ("name", "role", "unit"))
                )
        for admin in self.items(top, "admins"):
            if isinstance(admin, yaml.ScalarNode):  # `- Lê Minh Châu` is as clear as `- {name: …}`
                self.b.add_admin(Cell(admin.value, at(admin.start_mark), "admin"))
            else:
                self.b.add_admin(
                    self.cell(self.fields(admin, ("name",), "an admin"), admin, "name")
                )
        return self.b.finish(province, demo=demo.value is True)


def parse_yaml(text: str) -> OrgFile:
    """Read an organisation from YAML text, reporting problems by line and column."""
    loader, root = yaml_root(text, OrgFileError)
    return _YamlReader(loader).read(root)


def _unit(unit: OrgUnit) -> Flow:
    short = {"short_name": unit.short_name} if unit.short_name else {}
    return Flow(code=unit.code, name=unit.name, headcount=unit.headcount, **short)


def to_yaml(org: OrgFile) -> str:
    """Return the organisation as YAML in the layout of examples/org.yaml."""
    data: dict[str, object] = {"demo": True} if org.demo else {}
    data["province"] = org.province
    data["clusters"] = [
        {
            "code": c.code,
            "kind": c.kind.value,
            "name": c.name,
            **({"short_name": c.short_name} if c.short_name else {}),
            "units": [_unit(u) for u in c.units],
            "leaders": [
                Flow(name=p.name, role=p.role.value, **({"unit": p.unit} if p.unit else {}))
                for p in c.leaders
            ],
        }
        for c in org.clusters
    ]
    data["admins"] = [Flow(name=name) for name in org.admins]
    head = f"# {DEMO_NOTE}\n" if org.demo else ""
    # A wide line keeps long Vietnamese names on one line, as staff typed them.
    body = yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=4096)
    return head + body
