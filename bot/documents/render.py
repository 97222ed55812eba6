"""Fill the report's Word template (docxtpl: Jinja tags in a .docx) with a cluster's figures.

The wording and layout are the template's; this module only turns the data into the values
its tags name, written the Vietnamese way. A province that copies the template into its
configuration folder changes the document without touching code.
"""

from __future__ import annotations

import asyncio
import io
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from bot.documents import charts
from bot.documents.lines import balanced, greedy, phrases
from bot.documents.model import NamedReport, ReportData, ReportKind, YearEndResults
from bot.documents.pagination import keep_tables_together
from bot.documents.vietnamese import day, money, number, rate
from domain.drafting.config import TEMPLATE_NAME

BUILT_IN = Path(__file__).parent / "templates" / TEMPLATE_NAME
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# What a line of the header's and the signature's columns holds, in capitals (characters): the
# council at 12 pt and the cluster at 13 pt bold in the 80 mm column, the authority at 14 pt
# bold in the 85 mm one; the title at 14 pt bold across the page, with room to spare. A
# province's own template keeps the built-in's columns.
COUNCIL_LINE, CLUSTER_LINE, SIGNATURE_LINE, TITLE_LINE = 31, 26, 26, 64


def template_path(config_dir: Path | None) -> Path:
    """Return the province's own template when its configuration folder has one."""
    if config_dir is not None and (config_dir / TEMPLATE_NAME).is_file():
        return config_dir / TEMPLATE_NAME
    return BUILT_IN


def _named(report: NamedReport) -> dict[str, Any]:
    return {"day": day(report.day), "unit": report.unit_name, "kind": report.kind_label,
            "title": report.title, "participants": number(report.participants),
            "anniversary": report.anniversary, "example": report.example}  # fmt: skip


def _results(results: YearEndResults | None) -> dict[str, Any] | None:
    if results is None:
        return None
    return {
        "ranking": [{"rank": r.rank, "unit": r.unit_name, "score": number(r.score),
                     "grade": r.grade} for r in results.ranking],
        "graded": any(r.grade for r in results.ranking),
        "proposals": [{"nominee": p.nominee, "reward": p.reward} for p in results.proposals],
    }  # fmt: skip


def _registrations(counts: dict[str, int]) -> list[str]:
    """Say how many units are at each step of their registration; a step none is at is left out."""
    parts = (("accepted", "{} đơn vị đã được chấp nhận đăng ký thi đua"),
             ("submitted", "{} đơn vị đang chờ duyệt"),
             ("returned", "{} đơn vị được trả lại để hoàn thiện"),
             ("none", "{} đơn vị chưa gửi đăng ký"))  # fmt: skip
    return [text.format(counts[key]) for key, text in parts if counts.get(key)]


def _issuer(data: ReportData) -> dict[str, Any]:
    """The header's and the signature's values: a Khối's report names the Khối throughout."""
    issuer = data.issuer
    upper = issuer.cluster_name.upper()
    authority = balanced(f"TM. {upper}", SIGNATURE_LINE)
    return {
        "council": issuer.council, "council_lines": greedy(issuer.council, COUNCIL_LINE),
        "cluster": issuer.cluster_name, "cluster_upper": upper,
        "cluster_lines": balanced(upper, CLUSTER_LINE), "cluster_sign": authority[4:],
        "body": "Khối" if issuer.bloc else "Cụm", "symbol": issuer.symbol,
        "place": issuer.place, "doc_year": issuer.day.year, "today": day(issuer.day),
        "head_title": issuer.head_title, "deputy": issuer.deputy,
        "signer_name": issuer.signer_name, "signer_unit_upper": issuer.signer_unit.upper(),
        "recipients": issuer.recipients,
    }  # fmt: skip


def _period(data: ReportData) -> tuple[str, str]:
    """Return the phase's name and what comes after this report ("Đợt II năm 2026")."""
    if data.kind is ReportKind.PHASE_1:
        return "Đợt I", f"Đợt II năm {data.year}"
    if data.kind is ReportKind.PHASE_2:
        return "Đợt II", f"năm {data.year + 1}"
    return "", f"năm {data.year + 1}"


def _title(data: ReportData, phase: str) -> str:
    """The summary line under «BÁO CÁO», broken where a clerk would break it."""
    if data.kind is ReportKind.YEAR_END:
        parts = [f"Tổng kết phong trào thi đua năm {data.year}",
                 f"và phương hướng, nhiệm vụ năm {data.year + 1}"]  # fmt: skip
    else:
        parts = [f"Sơ kết phong trào thi đua {phase} năm {data.year}"]
    return phrases([*parts, f"của {data.issuer.cluster_name}"], TITLE_LINE)


def context(data: ReportData) -> dict[str, Any]:
    """Return the template's values, every number and date already written out."""
    units = data.units
    headcount = sum(u.headcount for u in units)
    pledged = sum(u.pledged for u in units)
    confirmed = sum(u.confirmed for u in units)
    participants = sum(u.participants for u in units)
    phase, after = _period(data)
    registered = data.registrations.get("none", 0) < len(units)
    houses = confirmed // data.house_cost if data.house_cost else 0
    return {
        **_issuer(data),
        "title_lines": _title(data, phase),
        "year_end": data.kind is ReportKind.YEAR_END, "phase": phase, "year": data.year,
        "start": day(data.start), "end": day(data.end),
        "next_period": after, "next_period_upper": after.upper(),
        "units_count": len(units), "headcount": number(headcount) if headcount else "",
        "members": number(data.members), "joined": number(data.joined) if data.joined else "",
        "joined_rate": rate(data.joined, headcount),
        "has_reports": data.reports > 0, "reports": number(data.reports),
        "reported_units": data.reported_units,
        "participants": number(sum(k.participants for k in data.by_kind)),
        "by_kind": [{"label": k.label, "reports": number(k.reports), "units": k.units,
                     "participants": number(k.participants)} for k in data.by_kind],
        "by_anniversary": [{"label": a.label, "reports": number(a.reports),
                            "participants": number(a.participants)}
                           for a in data.by_anniversary],
        "highlights": [_named(h) for h in data.highlights],
        "examples": [_named(e) for e in data.examples],
        "has_pledges": pledged > 0, "campaign": data.campaign_name,
        "p": {"pledged": money(pledged), "paid": money(sum(u.paid for u in units)),
              "has_paid": any(u.paid for u in units), "has_confirmed": confirmed > 0,
              "confirmed": money(confirmed), "pledged_number": number(pledged),
              "paid_number": number(sum(u.paid for u in units)),
              "confirmed_number": number(confirmed), "participants": number(participants),
              "headcount": number(headcount), "rate": rate(participants, headcount)},
        "pledge_rows": [{"name": u.name, "headcount": number(u.headcount),
                         "pledged": number(u.pledged), "paid": number(u.paid),
                         "confirmed": number(u.confirmed),
                         "participants": number(u.participants),
                         "rate": rate(u.participants, u.headcount)} for u in units],
        "house_target": data.house_target, "house_cost": money(data.house_cost),
        "houses": number(houses), "has_houses": houses > 0,
        "registered": registered, "reg": data.registrations,
        "registrations": _registrations(data.registrations),
        "not_registered": data.not_registered, "missing_reports": data.missing_reports,
        "results": _results(data.results),
        "away": number(sum(data.away.values())) if data.away else "",
        "away_day": day(data.away_day) if data.away_day else "",
        "away_reasons": "; ".join(f"{reason}: {number(count)} người"
                                  for reason, count in data.away.items()),
    }  # fmt: skip


def _charts(data: ReportData) -> tuple[bytes | None, bytes | None]:
    kinds = charts.reports_by_kind([(k.label, k.reports) for k in data.by_kind]) if (
        data.by_kind) else None  # fmt: skip
    units = [(u.name, u.pledged, u.confirmed, rate(u.participants, u.headcount) or "")
             for u in data.units]  # fmt: skip
    progress = charts.pledge_progress(units) if any(u.pledged for u in data.units) else None
    return kinds, progress


def render(data: ReportData, template: Path) -> bytes:
    """Return the filled document's bytes (blocking: run it in a thread)."""
    document = DocxTemplate(str(template))
    values = context(data)
    kinds, progress = _charts(data)
    for name, png in (("chart_kinds", kinds), ("chart_pledges", progress)):
        values[name] = InlineImage(document, io.BytesIO(png), width=Mm(150)) if png else ""
    document.render(values, autoescape=True)
    keep_tables_together(document.docx)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


async def report_bytes(data: ReportData, config_dir: Path | None) -> bytes:
    """Return the cluster's report as a .docx; the drawing and writing run off the event loop."""
    return await asyncio.to_thread(render, data, template_path(config_dir))
