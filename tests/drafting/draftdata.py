"""Reading a drafted report back, and the figures it must state, counted here from the rows."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date

from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from sqlmodel import select

from storage.activity.models import ActivityReport
from storage.db.engine import SessionFactory
from storage.membership.models import Identity, Member, Unit
from storage.pledge.models import Pledge, UnitCollection


@dataclass
class Read:
    """A document's text: body paragraphs, and every table as rows of cell texts."""

    paragraphs: list[str]
    tables: list[list[list[str]]]

    @property
    def text(self) -> str:
        cells = [cell for table in self.tables for row in table for cell in row]
        return "\n".join([*self.paragraphs, *cells])

    @property
    def headings(self) -> list[str]:
        """The outline: «I. …», «1. …» paragraphs, in order."""
        return [p for p in self.paragraphs if re.match(r"^(?:[IVX]+|\d+)\. \D", p)]

    def under(self, heading: str) -> list[str]:
        """Return the paragraphs between a heading and the next one."""
        start = self.paragraphs.index(heading) + 1
        after = self.headings[self.headings.index(heading) + 1 :]
        end = self.paragraphs.index(after[0]) if after else len(self.paragraphs)
        return self.paragraphs[start:end]


def highlighted(content: bytes) -> list[str]:
    """Return the paragraphs highlighted yellow: the parts the leader writes before signing."""
    document = Document(io.BytesIO(content))
    yellow = WD_COLOR_INDEX.YELLOW
    return [p.text for p in document.paragraphs
            if p.runs and all(r.font.highlight_color == yellow for r in p.runs)]  # fmt: skip


def read_docx(content: bytes) -> Read:
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
    ]
    return Read(paragraphs, tables)


def dotted(value: int) -> str:
    """Write a whole number with dots between thousands, as the report must."""
    return f"{value:,}".replace(",", ".")


def share(done: int, total: int) -> str:
    """Write done/total as a percent with one decimal and a comma, rounded down."""
    tenths = done * 1000 // total
    return f"{tenths // 10},{tenths % 10}%" if tenths % 10 else f"{tenths // 10}%"


@dataclass
class Expected:
    units: list[list[str]]  # the pledge table's rows without the index column
    total: list[str]
    kinds: list[list[str]]  # kind label, reports, units, participants
    joined: int
    reports: int


async def expected(
    sessions: SessionFactory, cluster_id: int, start: date, end: date, labels: dict[str, str]
) -> Expected:
    """Count, from the rows themselves, what the report of [start, end] must state."""
    async with sessions() as session:
        units = (await session.exec(select(Unit).where(Unit.cluster_id == cluster_id))).all()
        ids = {u.id for u in units}
        pledges = [p for p in (await session.exec(select(Pledge))).all()
                   if p.unit_id in ids and p.status != "cancelled"]  # fmt: skip
        collections = [c for c in (await session.exec(select(UnitCollection))).all()
                       if c.unit_id in ids]  # fmt: skip
        reports = [r for r in (await session.exec(select(ActivityReport))).all()
                   if r.unit_id in ids and start <= r.day <= end]  # fmt: skip
        members = [m for m in (await session.exec(select(Member))).all() if m.unit_id in ids]
        accounts = {i.member_id for i in (await session.exec(select(Identity))).all()}
    rows, sums = [], [0, 0, 0, 0, 0]
    for unit in sorted(units, key=lambda u: u.name):
        mine = [p for p in pledges if p.unit_id == unit.id]
        collected = sum(c.amount for c in collections if c.unit_id == unit.id)
        people = len(mine) + sum(c.contributors for c in collections if c.unit_id == unit.id)
        people = min(people, unit.headcount) if unit.headcount else people
        paid = sum(p.amount for p in mine if p.status in ("paid", "confirmed"))
        confirmed = sum(p.amount for p in mine if p.status == "confirmed")
        figures = [unit.headcount, sum(p.amount for p in mine) + collected, paid + collected,
                   confirmed + collected, people]  # fmt: skip
        sums = [a + b for a, b in zip(sums, figures, strict=True)]
        rows.append([unit.name, *(dotted(f) for f in figures[:4]),
                     f"{people} ({share(people, unit.headcount)})"])  # fmt: skip
    total = ["Cộng", *(dotted(f) for f in sums[:4]), f"{sums[4]} ({share(sums[4], sums[0])})"]
    kinds = []
    for kind in sorted({r.kind for r in reports}):
        same = [r for r in reports if r.kind == kind]
        kinds.append([labels[kind], str(len(same)), str(len({r.unit_id for r in same})),
                      dotted(sum(r.participants for r in same))])  # fmt: skip
    joined = sum(1 for m in members if m.id in accounts)
    return Expected(rows, total, kinds, joined, len(reports))
