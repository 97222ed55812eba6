"""The dashboard's scoring section: each unit's step, then the published ranking and proposals."""

from __future__ import annotations

from html import escape

from bot.i18n import Translator
from bot.services.leader.scoring_section import ScoringSection
from bot.services.scoring.results import AWARD_NAMES
from domain.scoring.flow import Stage
from domain.scoring.table import show_points
from domain.text import N_

STEPS = {
    None: N_("chưa chấm"),
    Stage.DRAFT.value: N_("đang tự chấm"),
    Stage.SUBMITTED.value: N_("đã gửi, chờ thẩm định"),
    Stage.REVIEWED.value: N_("đã thẩm định, chờ giải trình"),
    Stage.EXPLAINED.value: N_("đã giải trình"),
    Stage.SETTLED.value: N_("đã thống nhất kết quả"),
}
# The award as a narrow column says it; the list under the ranking gives its full name.
AWARD_SHORT = {"flag": N_("Cờ thi đua"), "merit": N_("Bằng khen")}
LIVE = ("proposed", "confirmed")  # a proposal the leader removed is no longer one


def _row(cells: list[tuple[str, bool]]) -> str:
    return "<tr>" + "".join(
        f'<td class="n">{escape(text)}</td>' if number else f"<td>{escape(text)}</td>"
        for text, number in cells
    ) + "</tr>"  # fmt: skip


def _head(t: Translator, names: list[tuple[str, bool]]) -> str:
    return "<tr>" + "".join(
        f'<th class="n">{escape(t._(name))}</th>' if number else f"<th>{escape(t._(name))}</th>"
        for name, number in names
    ) + "</tr>"  # fmt: skip


def step_counts(t: Translator, section: ScoringSection) -> str:
    """Return the one-line state of the cluster's scoring (also the province page's cell)."""
    if section.published_on is not None:
        return t._("Đã công bố ngày {day}").format(day=t.date(section.published_on))
    stages = [u.stage for u in section.steps.units]
    begun = (Stage.SUBMITTED.value, Stage.REVIEWED.value, Stage.EXPLAINED.value)
    submitted = sum(s in (*begun, Stage.SETTLED.value) for s in stages)
    return t._("Đã gửi {submitted}/{units} đơn vị, đã thống nhất {settled}").format(
        submitted=submitted, units=len(stages), settled=stages.count(Stage.SETTLED.value)
    )


def _steps(t: Translator, section: ScoringSection) -> str:
    rows = [_row([(u.label, False), (t._(STEPS.get(u.stage, STEPS[None])), False)])
            for u in section.steps.units]  # fmt: skip
    head = _head(t, [(N_("Đơn vị"), False), (N_("Bước"), False)])
    return f'<table data-scoring="steps">{head}{"".join(rows)}</table>'


def proposal_items(t: Translator, section: ScoringSection) -> str:
    """Return the proposals as list items, each award with its units or none."""
    assert section.results is not None
    items = []
    for award, name in AWARD_NAMES.items():
        units = [
            t._("{unit} (hạng {rank}, {total} điểm)").format(
                unit=section.label(p.unit_id, p.unit_name), rank=p.rank,
                total=show_points(p.total),
            )
            for p in section.results.proposals
            if p.award == award and p.status in LIVE
        ]  # fmt: skip
        listed = "; ".join(units) if units else t._("không có đơn vị đủ điều kiện")
        items.append(f"<li>{escape(t._(name))}: {escape(listed)}</li>")
    return "".join(items)


def _ranking(t: Translator, section: ScoringSection) -> str:
    results = section.results
    assert results is not None
    awards = {p.unit_id: p.award for p in results.proposals if p.status in LIVE}
    rows = [
        _row([(str(s.rank), True), (section.label(s.unit_id, s.unit_name), False),
              (show_points(s.total), True),
              (t._(AWARD_SHORT[awards[s.unit_id]]) if s.unit_id in awards else "", False)])
        for s in results.standings
    ]  # fmt: skip
    head = _head(t, [(N_("Hạng"), True), (N_("Đơn vị"), False), (N_("Điểm"), True),
                     (N_("Đề nghị"), False)])  # fmt: skip
    title = t._("Đề nghị khen thưởng")
    return (
        f'<div class="scroll"><table data-scoring="ranking">{head}{"".join(rows)}</table></div>'
        f'<h3>{escape(title)}</h3><ul data-scoring="proposals">{proposal_items(t, section)}</ul>'
    )


def scoring_body(t: Translator, section: ScoringSection | None) -> str:
    """Return the cluster page's scoring section; nothing when the cluster has no table."""
    if section is None:
        return ""
    published = section.results is not None
    title = (t._("Kết quả xếp hạng thi đua năm {year}") if published
             else t._("Chấm điểm thi đua năm {year}")).format(year=section.year)  # fmt: skip
    body = _ranking(t, section) if published else _steps(t, section)
    return (
        f'<section id="scoring"><h2>{escape(title)}</h2>'
        f'<p class="muted">{escape(step_counts(t, section))}</p>{body}</section>'
    )
