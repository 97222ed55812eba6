"""What an organisation file would change: the comparison, without a database."""

from __future__ import annotations

from domain.membership.organisation import OrgCluster, OrgFile, OrgLeader, OrgUnit
from domain.office.orgdiff import FieldChange, Item, Move, Replacement, compare
from domain.roles import ClusterKind, Role


def _org(**changes: object) -> OrgFile:
    a = OrgCluster("cum-1", ClusterKind.CLUSTER, "Cụm 1", units=[
        OrgUnit("tc", "Sở Tài chính", 80), OrgUnit("xd", "Sở Xây dựng", 60)],
        leaders=[OrgLeader("An", Role.LEADER, "tc"), OrgLeader("Bình", Role.DEPUTY)])  # fmt: skip
    b = OrgCluster("khoi-2", ClusterKind.BLOC, "Khối 2", units=[OrgUnit("yt", "Sở Y tế", 120)])
    org = OrgFile("Tỉnh", [a, b], ["Quản"])
    for key, value in changes.items():
        setattr(org, key, value)
    return org


def test_the_same_organisation_changes_nothing() -> None:
    assert compare(_org(), _org()).empty


def test_added_changed_moved_replaced_removed() -> None:
    new = _org(admins=[])  # an admin left out keeps the role: never removed by a file
    a, b = new.clusters
    a.units[0].headcount = 85
    moved = a.units.pop(1)
    b.units.append(moved)
    b.units.append(OrgUnit("ct", "Sở Công Thương", 45))
    a.leaders = [OrgLeader("An", Role.LEADER, "tc"), OrgLeader("Cường", Role.DEPUTY)]
    b.leaders = [OrgLeader("Dũng", Role.LEADER)]
    new.clusters.append(OrgCluster("cum-3", ClusterKind.CLUSTER, "Cụm 3"))
    diff = compare(_org(), new)
    assert diff.added == [Item("cluster", "cum-3", "Cụm 3"), Item("unit", "ct", "Sở Công Thương",
                                                                 "khoi-2"),
                          Item("leader", "khoi-2", "Dũng")]  # fmt: skip
    assert diff.changed == [FieldChange("unit", "tc", "Sở Tài chính", "headcount", "80", "85")]
    assert diff.moved == [Move("xd", "Sở Xây dựng", "cum-1", "khoi-2")]
    assert diff.replaced == [Replacement("cum-1", "deputy", ("Bình",), ("Cường",))]
    assert diff.removed == []
    assert diff.leaders_out() == [("cum-1", "Bình")]


def test_a_unit_or_cluster_left_out_is_removed() -> None:
    new = _org()
    new.clusters[0].units.pop()
    new.clusters.pop()
    diff = compare(_org(), new)
    assert diff.removed_units() == ["xd", "yt"]
    assert diff.removed_clusters() == ["khoi-2"]
    promoted = _org()
    promoted.clusters[0].leaders[1].role = Role.LEADER
    assert compare(_org(), promoted).changed == [
        FieldChange("leader", "cum-1", "Bình", "role", "deputy", "leader")]  # fmt: skip
