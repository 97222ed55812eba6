"""The organisation file as YAML: read with line and column of every problem, and write."""

from __future__ import annotations

import yaml

from domain.organisation import Builder, Cell, OrgError, OrgFile, OrgFileError

DEMO_NOTE = "DỮ LIỆU MẪU — không phải dữ liệu thật của tỉnh nào"


class _Nested:
    """Stands for a list or mapping found where a single value belongs."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __repr__(self) -> str:
        return self.what


def _at(mark: yaml.Mark) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


class _YamlReader:
    """Walk the YAML node tree, so every value keeps its line and column."""

    def __init__(self, loader: yaml.SafeLoader) -> None:
        self.loader = loader
        self.b = Builder()

    def fields(self, node: yaml.Node, known: tuple[str, ...], what: str) -> dict[str, yaml.Node]:
        """Return the mapping's values by key; unknown or repeated keys are errors."""
        if not isinstance(node, yaml.MappingNode):
            self.b.error(_at(node.start_mark), f"expected {what} as a mapping of key: value")
            return {}
        found: dict[str, yaml.Node] = {}
        for key, value in node.value:
            name = str(key.value)
            if name not in known:
                # A typo such as `heacount` would otherwise be silently dropped.
                self.b.error(_at(key.start_mark), f"unknown key {name!r} in {what}")
            elif name in found:
                self.b.error(_at(key.start_mark), f"key {name!r} appears twice in {what}")
            found[name] = value
        return found

    def cell(self, fields: dict[str, yaml.Node], parent: yaml.Node, key: str) -> Cell:
        """Return the value under `key` with its place; a missing key points at the parent."""
        node = fields.get(key)
        if node is None:
            return Cell(None, _at(parent.start_mark), key)
        if not isinstance(node, yaml.ScalarNode):
            what = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
            return Cell(_Nested(what), _at(node.start_mark), key)
        if node.tag == "tag:yaml.org,2002:null":
            return Cell(None, _at(node.start_mark), key)
        if key in ("headcount", "demo"):
            try:
                return Cell(self.loader.construct_object(node), _at(node.start_mark), key)
            except yaml.YAMLError:  # e.g. `!!int abc`: report the text as the wrong value
                return Cell(node.value, _at(node.start_mark), key)
        # Text stays as written: YAML would turn `no` into False and `010` into 8.
        return Cell(node.value, _at(node.start_mark), key)

    def items(self, fields: dict[str, yaml.Node], key: str) -> list[yaml.Node]:
        """Return the list under `key`; a missing or empty key is an empty list."""
        node = fields.get(key)
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        if node is not None and node.tag != "tag:yaml.org,2002:null":
            self.b.error(_at(node.start_mark), f"{key} must be a list (lines starting with '-')")
        return []

    def read(self, root: yaml.Node) -> OrgFile:
        """Collect the whole file, then validate it as one."""
        top = self.fields(root, ("demo", "province", "clusters", "admins"), "the file")
        demo = self.cell(top, root, "demo")
        if not isinstance(demo.value, bool | None):
            self.b.error(demo.where, "demo must be true or false")
        province = self.b.text(self.cell(top, root, "province"))
        for node in self.items(top, "clusters"):
            known = ("code", "kind", "name", "units", "leaders")
            f = self.fields(node, known, "a cluster")
            code = self.b.add_cluster(*(self.cell(f, node, k) for k in ("code", "kind", "name")))
            for unit in self.items(f, "units"):
                u = self.fields(unit, ("code", "name", "headcount"), "a unit")
                self.b.add_unit(
                    code, *(self.cell(u, unit, k) for k in ("code", "name", "headcount"))
                )
            for leader in self.items(f, "leaders"):
                p = self.fields(leader, ("name", "role", "unit"), "a leader")
                self.b.add_leader(
                    code, *(self.cell(p, leader, k) for k in ("name", "role", "unit"))
                )
        for admin in self.items(top, "admins"):
            if isinstance(admin, yaml.ScalarNode):  # `- Lê Minh Châu` is as clear as `- {name: …}`
                self.b.add_admin(Cell(admin.value, _at(admin.start_mark), "admin"))
            else:
                self.b.add_admin(
                    self.cell(self.fields(admin, ("name",), "an admin"), admin, "name")
                )
        return self.b.finish(province, demo=demo.value is True)


def parse_yaml(text: str) -> OrgFile:
    """Read an organisation from YAML text, reporting problems by line and column."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _at(mark) if mark else "file"
        raise OrgFileError([OrgError(where, f"not valid YAML: {exc.problem}")]) from exc
    except yaml.YAMLError as exc:
        raise OrgFileError([OrgError("file", f"not valid YAML: {exc}")]) from exc
    finally:
        loader.dispose()
    if root is None:
        raise OrgFileError([OrgError("line 1, column 1", "the file is empty")])
    return _YamlReader(loader).read(root)


class _Flow(dict[str, object]):
    """A mapping written on one line, as a unit or a person reads best."""


class _Dumper(yaml.SafeDumper):
    pass


def _flow(dumper: _Dumper, data: _Flow) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)


_Dumper.add_representer(_Flow, _flow)


def to_yaml(org: OrgFile) -> str:
    """Return the organisation as YAML in the layout of examples/org.yaml."""
    data: dict[str, object] = {"demo": True} if org.demo else {}
    data["province"] = org.province
    data["clusters"] = [
        {
            "code": c.code,
            "kind": c.kind.value,
            "name": c.name,
            "units": [_Flow(code=u.code, name=u.name, headcount=u.headcount) for u in c.units],
            "leaders": [
                _Flow(name=p.name, role=p.role.value, **({"unit": p.unit} if p.unit else {}))
                for p in c.leaders
            ],
        }
        for c in org.clusters
    ]
    data["admins"] = [_Flow(name=name) for name in org.admins]
    head = f"# {DEMO_NOTE}\n" if org.demo else ""
    # A wide line keeps long Vietnamese names on one line, as staff typed them.
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096)
    return head + body
