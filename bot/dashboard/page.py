"""The dashboard's HTML: one self-contained page per cluster, and the province's overview.

Every figure of the summary part is formatted by the same translator calls as /tonghop, and
carries `data-figure` so tests can compare the page with the chat.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from html import escape
from pathlib import Path

from bot.dashboard.scoring import scoring_body
from bot.dashboard.svg import Bar, bars, columns
from bot.i18n import Translator
from bot.services.leader.dashboard import ClusterPage
from bot.services.leader.summary import ClusterSummary
from domain.membership.absence import reasons_counted
from domain.progress import percent
from domain.registration.states import RegistrationStatus
from storage.cluster.picture import NOT_YET

ROMAN = {1: "I", 2: "II"}
LOW = 30  # a unit below this share of its people taking part is drawn as behind
STYLE = (Path(__file__).with_name("style.css")).read_text(encoding="utf-8")
# The stylesheet is inline (one request, nothing to cache) and allowed by its hash alone.
STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()


def _figure(name: str, value: str) -> str:
    return f'<b data-figure="{name}">{escape(value)}</b>'


def _tile(name: str, value: str, label: str) -> str:
    return f'<div class="tile">{_figure(name, value)}<span>{escape(label)}</span></div>'


def document(t: Translator, title: str, body: str) -> str:
    """Wrap a page's body in the HTML every dashboard page shares."""
    return (
        f'<!doctype html><html lang="{t.locale}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )


def phase_line(t: Translator, found: ClusterSummary) -> str:
    """Return /tonghop's sentence on the phase and the days left."""
    phase = found.phase
    return t.ngettext(
            "Đợt {phase} năm {year}: từ {start} đến {end}, còn {days} ngày.",
            "Đợt {phase} năm {year}: từ {start} đến {end}, còn {days} ngày.",
            found.days_left).format(
        phase=ROMAN[phase.number], year=phase.year, start=t.date(phase.start),
        end=t.date(phase.end), days=found.days_left,
    )  # fmt: skip


def tiles(t: Translator, found: ClusterSummary) -> str:
    """Return the headline figures, formatted exactly as /tonghop formats them."""
    cov, counts = found.coverage, found.registrations
    parts = [
        _tile("reported", f"{cov.reported}/{cov.units}", t._("Đơn vị đã báo cáo trong đợt")),
        _tile("reports", t.number(cov.reports), t._("Báo cáo hoạt động trong đợt")),
        _tile("accepted", str(counts[RegistrationStatus.ACCEPTED.value]),
              t._("Đăng ký thi đua đã chấp nhận")),
        _tile("examples", t.number(found.examples), t._("Gương điển hình trong năm")),
    ]  # fmt: skip
    totals = found.pledges
    if totals is not None:
        parts += [
            _tile("pledged", t.vnd_cell(totals.pledged), t._("Đã đăng ký ủng hộ")),
            _tile("paid", t.vnd_cell(totals.paid), t._("Đã nộp")),
            _tile("confirmed", t.vnd_cell(totals.confirmed), t._("Đã xác nhận")),
            _tile("participants",
                  f"{t.number(totals.participants)}/{t.number(totals.headcount)}",
                  t._("Người tham gia ủng hộ")),
        ]  # fmt: skip
        if found.away_total:  # counted apart, as /tonghop does: not the ones missing
            parts.append(_tile("away", t.number(found.away_total),
                               t._("Vắng ({reasons})").format(
                                   reasons=reasons_counted(t, found.away))))  # fmt: skip
        if found.house_target:
            houses = totals.confirmed // found.campaign.house_cost
            parts.append(
                _tile("houses", f"{t.number(houses)}/{t.number(found.house_target)}",
                      t._("Nhà cho hộ nghèo đủ tiền"))
            )  # fmt: skip
    return f'<div class="tiles">{"".join(parts)}</div>'


def _names(title: str, names: list[str]) -> str:
    if not names:
        return ""
    items = "".join(f"<li>{escape(name)}</li>" for name in names)
    return f"<p>{escape(title)}</p><ul>{items}</ul>"


def _pledge_chart(t: Translator, found: ClusterSummary) -> str:
    totals = found.pledges
    if totals is None:
        return ""
    rows = [
        Bar(t._("Tham gia"), totals.participants, totals.headcount,
            f"{percent(totals.participants, totals.headcount) or 0}%"),
        Bar(t._("Đã nộp"), totals.paid, totals.pledged,
            f"{percent(totals.paid, totals.pledged) or 0}%"),
    ]  # fmt: skip
    if found.house_target:
        money = found.house_target * found.campaign.house_cost
        rows.append(Bar(t._("Nhà đủ tiền"), totals.confirmed, money,
                        f"{percent(totals.confirmed, money) or 0}%"))  # fmt: skip
    title = t._("Ủng hộ “{campaign}”").format(campaign=found.campaign.name)
    return f"<section><h2>{escape(title)}</h2>{bars(rows, title)}</section>"


def cluster_body(t: Translator, page: ClusterPage, kind_label: Callable[[str], str]) -> str:
    """Return the body of a cluster's page."""
    found = page.summary
    counts = found.registrations
    units_title = t._("Tham gia ủng hộ theo đơn vị")
    unit_bars = [
        Bar(row.label, row.totals.participants, row.totals.headcount, f"{share}%",
            "ok" if share >= LOW else "late")
        for row in page.units
        for share in [percent(row.totals.participants, row.totals.headcount) or 0]
    ]  # fmt: skip
    reports_title = t._("Báo cáo hoạt động theo đơn vị trong đợt")
    most = max([row.activity.reports for row in page.units] + [1])
    report_bars = [
        Bar(row.label, row.activity.reports, most, t.number(row.activity.reports),
            "ok" if row.activity.reports else "late")
        for row in page.units
    ]  # fmt: skip
    kinds = sorted(page.by_kind.items(), key=lambda item: -item[1])
    top = max([count for _, count in kinds] + [1])
    kind_title = t._("Hoạt động trong năm theo loại")
    month_title = t._("Hoạt động trong năm theo tháng")
    examples = "".join(
        f'<li>{escape(e.title)} <span class="muted">({escape(e.unit_name)}, {t.date(e.day)})'
        "</span></li>"
        for e in page.examples
    )
    registrations = t._(
        "Đăng ký thi đua năm {year}: chờ duyệt {submitted}, đã chấp nhận {accepted}, "
        "trả lại {returned}, chưa gửi {missing}."
    ).format(
        year=found.year, submitted=counts[RegistrationStatus.SUBMITTED.value],
        accepted=counts[RegistrationStatus.ACCEPTED.value],
        returned=counts[RegistrationStatus.RETURNED.value], missing=counts[NOT_YET],
    )  # fmt: skip
    # Babel reads no call inside an f-string: every sentence is translated out here.
    missing = _names(
        t._("Chưa báo cáo ({count}):").format(count=len(found.missing_reports)),
        found.missing_reports,
    )
    unregistered = _names(
        t._("Chưa gửi đăng ký ({count}):").format(count=len(found.not_registered)),
        found.not_registered,
    )
    registration_title, examples_title = t._("Đăng ký thi đua"), t._("Gương điển hình")
    return "".join([
        f"<h1>{escape(found.cluster.name)}</h1>",
        f'<p class="muted">{escape(phase_line(t, found))}</p>',
        tiles(t, found),
        scoring_body(t, page.scoring),
        '<div class="two">', _pledge_chart(t, found),
        f"<section><h2>{escape(units_title)}</h2>{bars(unit_bars, units_title)}</section>",
        "</div>",
        '<div class="two">',
        f"<section><h2>{escape(reports_title)}</h2>{bars(report_bars, reports_title)}"
        + missing +
        "</section>",
        f"<section><h2>{escape(registration_title)}</h2><p>{escape(registrations)}</p>"
        + unregistered +
        "</section></div>",
        '<div class="two">',
        f"<section><h2>{escape(kind_title)}</h2>"
        + bars([Bar(kind_label(k), c, top, t.number(c)) for k, c in kinds], kind_title)
        + "</section>",
        f"<section><h2>{escape(month_title)}</h2>"
        + columns([page.by_month.get(m, 0) for m in range(1, 13)],
                  [str(m) for m in range(1, 13)], month_title, t._("Tháng"))
        + "</section></div>",
        f"<section><h2>{escape(examples_title)}</h2><ul>{examples}</ul></section>"
        if examples else "",
    ])  # fmt: skip
