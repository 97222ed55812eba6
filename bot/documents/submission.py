"""The office's submission (Tờ trình đề nghị khen thưởng) to its Council, and its annex.

Filled from the province's decisions on the clusters' proposals: the forwarded units by form
of award with their scores, and the whole list, decisions and reasons, as the Phụ lục. The
wording and layout are the template's (`scripts/make_submission_template.py`); a province
that copies it into its configuration folder changes the document without touching code.
"""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate

from bot.documents.lines import balanced, greedy, phrases
from bot.documents.pagination import keep_tables_together
from bot.documents.render import CLUSTER_LINE, COUNCIL_LINE, TITLE_LINE
from bot.documents.vietnamese import day, number
from domain.proposals.config import SUBMISSION_TEMPLATE, SubmissionConfig
from domain.proposals.decision import Decision

BUILT_IN = Path(__file__).parent / "templates" / SUBMISSION_TEMPLATE
# The office's opinion in the list, by decision ("" while it is still to be weighed).
OPINIONS = {Decision.FORWARDED.value: "Trình khen thưởng", Decision.DECLINED.value: "Không trình",
            "": "Chưa xét"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ListedProposal:
    """One cluster's proposal as the list and the submission state it (words in Vietnamese)."""

    cluster: str
    unit: str
    score: float  # points
    rank: int
    units: int  # ranked in the cluster
    award: str  # "Cờ thi đua của UBND tỉnh"
    decision: str  # a domain.proposals.decision.Decision value; "" while not decided
    reason: str

    @property
    def forwarded(self) -> bool:
        return self.decision == Decision.FORWARDED.value

    @property
    def label(self) -> str:
        """The office's opinion in a word or two («Trình khen thưởng»)."""
        return OPINIONS.get(self.decision, self.decision)

    @property
    def opinion(self) -> str:
        """The office's opinion as the annex states it, with its reason."""
        return f"{self.label}: {self.reason}" if self.reason else self.label


@dataclass(frozen=True, slots=True)
class ListedCluster:
    """A cluster with a scoring table this year: its published proposals, or none yet."""

    name: str
    units: int
    published: date | None
    proposals: list[ListedProposal]
    ranking: list[tuple[int, str, float]]  # rank, unit, points: the whole published ranking


@dataclass(frozen=True, slots=True)
class SubmissionData:
    year: int
    day: date  # the drafting day; the number and date are left for the office's register
    place: str
    config: SubmissionConfig
    awards: list[str]  # the forms, in the order the submission lists them
    clusters: list[ListedCluster]

    @property
    def proposals(self) -> list[ListedProposal]:
        return [p for c in self.clusters for p in c.proposals]


def _title(data: SubmissionData, forms: list[str]) -> str:
    """«Về việc đề nghị tặng … cho các tập thể …», broken where a clerk would break it: a
    form of award is never split over two lines."""
    first, *others = forms or data.awards
    parts = [f"Về việc đề nghị tặng {first}", *(f"và {name}" for name in others),
             f"cho các tập thể thuộc các Cụm, Khối thi đua năm {data.year}"]  # fmt: skip
    return phrases(parts, TITLE_LINE)


def _forms(data: SubmissionData) -> list[dict[str, Any]]:
    out = []
    for award in data.awards:
        rows = [p for p in data.proposals if p.forwarded and p.award == award]
        rows.sort(key=lambda p: (-p.score, p.cluster, p.unit))
        if rows:
            out.append({"name": award, "count": len(rows), "rows": [
                {"unit": p.unit, "cluster": p.cluster, "score": number(p.score),
                 "rank": f"{p.rank}/{p.units}"} for p in rows]})  # fmt: skip
    return out


def _annex(data: SubmissionData) -> list[dict[str, Any]]:
    out, count = [], 0
    for c in data.clusters:
        if c.published is None:
            heading = f"{c.name} (chưa công bố kết quả chấm điểm)"
        elif not c.proposals:
            heading = f"{c.name} ({c.units} đơn vị; không có đơn vị đủ điều kiện đề nghị)"
        else:
            heading = f"{c.name} ({c.units} đơn vị; công bố kết quả ngày {day(c.published)})"
        rows = []
        for p in c.proposals:
            count += 1
            rows.append({"number": count, "unit": p.unit, "score": number(p.score),
                         "rank": f"{p.rank}/{p.units}", "award": p.award,
                         "decision": p.opinion})  # fmt: skip
        out.append({"heading": heading, "rows": rows})
    return out


def context(data: SubmissionData) -> dict[str, Any]:
    """Return the template's values, every number and date already written out."""
    config, listed = data.config, data.proposals
    forms = _forms(data)
    return {
        "parent_lines": greedy(config.parent.upper(), COUNCIL_LINE) if config.parent else "",
        "issuer_lines": balanced(config.issuer.upper(), CLUSTER_LINE),
        "issuer_name": config.issuer_name, "symbol": config.symbol, "place": data.place,
        "doc_year": data.day.year, "today": day(data.day), "year": data.year,
        "title_lines": _title(data, [f["name"] for f in forms]),
        "addressee": config.addressee, "authority": config.authority,
        "grounds": list(config.grounds),
        "clusters": len(data.clusters),
        "published": sum(1 for c in data.clusters if c.published is not None),
        "proposed": len(listed), "forwarded": sum(1 for p in listed if p.forwarded),
        "declined": sum(1 for p in listed if p.decision == Decision.DECLINED.value),
        "pending": sum(1 for p in listed if not p.decision),
        "forms": forms, "annex": _annex(data),
        "recipients": list(config.recipients), "signature": list(config.signature),
        "signer_name": config.signer_name,
    }  # fmt: skip


def template_path(config_dir: Path | None) -> Path:
    """Return the province's own template when its configuration folder has one."""
    if config_dir is not None and (config_dir / SUBMISSION_TEMPLATE).is_file():
        return config_dir / SUBMISSION_TEMPLATE
    return BUILT_IN


def render(data: SubmissionData, template: Path) -> bytes:
    """Return the filled document's bytes (blocking: run it in a thread)."""
    document = DocxTemplate(str(template))
    document.render(context(data), autoescape=True)
    keep_tables_together(document.docx)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


async def submission_bytes(data: SubmissionData, config_dir: Path | None) -> bytes:
    """Return the submission as a .docx, written off the event loop."""
    return await asyncio.to_thread(render, data, template_path(config_dir))
