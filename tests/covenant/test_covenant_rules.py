"""Who signs for a unit, the documents' symbols, and the plan's phases in 2027."""

from __future__ import annotations

from datetime import date

from domain.covenant.plan import year_phases
from domain.covenant.rules import Signer, signer_kind, symbol_for
from domain.people import Person
from domain.roles import Role
from tests.support.shipped import ANNIVERSARIES


def _person(role: Role, unit: int | None = 7, led: int | None = None) -> Person:
    return Person(1, "Lê Văn An", role, None, True, unit_id=unit, led_cluster_id=led)


def test_heads_and_reporters_sign_nobody_else() -> None:
    assert signer_kind(_person(Role.REPORTER), 1) is Signer.REPORTER
    assert signer_kind(_person(Role.LEADER, led=1), 1) is Signer.HEAD
    assert signer_kind(_person(Role.DEPUTY, led=1), 1) is Signer.HEAD
    assert signer_kind(_person(Role.LEADER, led=2), 1) is None  # leads another cluster
    assert signer_kind(_person(Role.MEMBER), 1) is None
    assert signer_kind(_person(Role.ADMIN, unit=None), 1) is None
    assert signer_kind(_person(Role.REPORTER, unit=None), 1) is None


def test_the_record_and_the_plan_take_the_clusters_register() -> None:
    assert symbol_for("BC-CTĐ1", "BB") == "BB-CTĐ1"
    assert symbol_for("BC-KTĐ", "KH") == "KH-KTĐ"


def test_2027s_phases_celebrate_their_anniversaries_with_ordinals() -> None:
    first, second = year_phases(2027, ANNIVERSARIES, 15)
    assert (first.phase.start, first.phase.end, first.reports_due) == (
        date(2027, 1, 1), date(2027, 6, 30), date(2027, 7, 15))  # fmt: skip
    assert first.anniversaries[0] == (
        "Kỷ niệm 97 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2027)"
    )
    assert second.reports_due == date(2028, 1, 15)
    assert second.anniversaries[-1].startswith("Kỷ niệm 82 năm Quốc khánh")
