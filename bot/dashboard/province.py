"""The province page: one line per cluster with its headline figures and its own link, then
the proposals for commendation of every cluster that published its ranking."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from bot.dashboard.scoring import proposal_items, step_counts
from bot.i18n import Translator
from bot.services.leader.scoring_section import ScoringSection
from bot.services.leader.summary import ClusterSummary


def _proposals(
    t: Translator, clusters: list[ClusterSummary], scoring: dict[int, ScoringSection],
    labels: dict[int, str],
) -> str:  # fmt: skip
    parts = []
    for found in clusters:
        section = scoring.get(found.cluster.id)
        if section is None or section.results is None:
            continue
        label = labels.get(found.cluster.id, found.cluster.name)
        parts.append(f"<h3>{escape(label)}</h3><ul>{proposal_items(t, section)}</ul>")
    if not parts:
        return ""
    year = next(iter(scoring.values())).year
    title = t._("Đề nghị khen thưởng năm {year}").format(year=year)
    return f'<section data-scoring="province"><h2>{escape(title)}</h2>{"".join(parts)}</section>'


def province_body(
    t: Translator, clusters: list[ClusterSummary], link: Callable[[int], str],
    scoring: dict[int, ScoringSection] | None = None, labels: dict[int, str] | None = None,
) -> str:  # fmt: skip
    """Return the body of the province page: one line of figures per cluster, with its link;
    `labels` are the clusters' short names, `scoring` their year of scoring."""
    scoring, labels = scoring or {}, labels or {}
    rows = []
    for found in clusters:
        cov, totals = found.coverage, found.pledges
        money = t.vnd_cell(totals.confirmed) if totals else "—"
        section = scoring.get(found.cluster.id)
        state = step_counts(t, section) if section else "—"
        name = found.cluster.name
        rows.append(
            f'<tr><td><a href="{escape(link(found.cluster.id))}" title="{escape(name)}">'
            f"{escape(labels.get(found.cluster.id, name))}</a>"
            f'</td><td class="n">{cov.reported}/{cov.units}</td><td class="n">{money}</td>'
            f"<td>{escape(state)}</td></tr>"
        )
    names = [t._("Cụm, khối"), t._("Đơn vị đã báo cáo trong đợt"), t._("Đã xác nhận"),
             t._("Chấm điểm thi đua")]  # fmt: skip
    head = (f"<tr><th>{escape(names[0])}</th><th class=\"n\">"
            f"{escape(names[1])}</th><th class=\"n\">{escape(names[2])}"
            f"</th><th>{escape(names[3])}</th></tr>")  # fmt: skip
    title = t._("Toàn tỉnh")
    return (f"<h1>{escape(title)}</h1><section class=\"scroll\"><table>{head}{''.join(rows)}"
            "</table></section>" + _proposals(t, clusters, scoring, labels))  # fmt: skip
