"""The province page: one line per cluster with its headline figures and its own link."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from bot.i18n import Translator
from bot.services.leader.summary import ClusterSummary


def province_body(
    t: Translator, clusters: list[ClusterSummary], link: Callable[[int], str]
) -> str:
    """Return the body of the province page: one line of figures per cluster, with its link."""
    rows = []
    for found in clusters:
        cov, totals = found.coverage, found.pledges
        money = t.vnd_cell(totals.confirmed) if totals else "—"
        rows.append(
            f'<tr><td><a href="{escape(link(found.cluster.id))}">{escape(found.cluster.name)}</a>'
            f'</td><td class="n">{cov.reported}/{cov.units}</td><td class="n">{money}</td></tr>'
        )
    names = [t._("Cụm, khối"), t._("Đơn vị đã báo cáo trong đợt"), t._("Đã xác nhận")]
    head = (f"<tr><th>{escape(names[0])}</th><th class=\"n\">"
            f"{escape(names[1])}</th><th class=\"n\">{escape(names[2])}"
            "</th></tr>")  # fmt: skip
    title = t._("Toàn tỉnh")
    return (f"<h1>{escape(title)}</h1><section class=\"scroll\"><table>{head}{''.join(rows)}"
            "</table></section>")  # fmt: skip
