"""The report's figures as PNG images, drawn with matplotlib off screen (the Agg backend).

DejaVu Sans ships with matplotlib and covers every Vietnamese diacritic, so the labels render
the same on any server. Figures are built with the object API, never pyplot's global state:
two reports drafted at once in different threads must not draw on each other's figure.
"""

from __future__ import annotations

import io
import textwrap

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from bot.documents.vietnamese import number

FONT = "DejaVu Sans"
# The tallest figure, in inches: drawn 150 mm wide, it leaves room for its caption on the page
# (a figure of thirty units would otherwise fill a page and lose its caption to the next).
TALLEST = 6.4
BLUE, GREEN, GREY = "#1f4e79", "#2e7d32", "#c9d3de"


def _png(figure: Figure) -> bytes:
    FigureCanvasAgg(figure)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=150, bbox_inches="tight")
    return out.getvalue()


def _wrap(label: str, width: int = 28) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def reports_by_kind(kinds: list[tuple[str, int]]) -> bytes:
    """Draw one horizontal bar per kind of activity: how many were reported."""
    figure = Figure(figsize=(6.4, min(0.5 + 0.45 * max(len(kinds), 2), TALLEST)))
    axes = figure.add_subplot()
    labels = [_wrap(label) for label, _ in reversed(kinds)]
    counts = [count for _, count in reversed(kinds)]
    bars = axes.barh(labels, counts, color=BLUE)
    axes.bar_label(bars, padding=3, fontfamily=FONT, fontsize=9)
    axes.set_xlabel("Số hoạt động", fontfamily=FONT, fontsize=9)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlim(0, max(counts, default=1) * 1.15 + 0.5)
    _style(axes)
    return _png(figure)


def pledge_progress(units: list[tuple[str, int, int, str]]) -> bytes:
    """Draw, per unit, what it pledged and what of it is confirmed, in millions of đồng.

    Each tuple is (unit name, pledged, confirmed, its participation written out: "45,5%").
    """
    figure = Figure(figsize=(6.4, min(0.6 + 0.5 * max(len(units), 2), TALLEST)))
    axes = figure.add_subplot()
    names = [_wrap(name, 24) for name, *_ in reversed(units)]
    pledged = [p / 1_000_000 for _, p, _, _ in reversed(units)]
    confirmed = [c / 1_000_000 for _, _, c, _ in reversed(units)]
    axes.barh(names, pledged, color=GREY, label="Đăng ký")
    bars = axes.barh(names, confirmed, color=GREEN, height=0.5, label="Đã xác nhận")
    # "18,3% tham gia": the share of the unit's staff who gave; nothing beside a unit at 0%.
    shares = [f"{share} tham gia" if share and share != "0%" else ""
              for *_, share in reversed(units)]  # fmt: skip
    axes.bar_label(bars, labels=shares, padding=3, fontfamily=FONT,
                   fontsize=8 if len(units) <= 16 else 6)  # fmt: skip
    axes.set_xlabel("Triệu đồng", fontfamily=FONT, fontsize=9)
    axes.set_xlim(0, max(pledged, default=1) * 1.3 + 0.1)
    axes.legend(prop={"family": FONT, "size": 8}, loc="lower right")
    _style(axes, 9 if len(units) <= 16 else 7)
    return _png(figure)


def _style(axes: Axes, size: int = 9) -> None:
    # Vietnamese separators on the scale too: "1,5" million, not "1.5".
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: number(round(value, 2))))
    for label in (*axes.get_xticklabels(), *axes.get_yticklabels()):
        label.set_fontfamily(FONT)
        label.set_fontsize(size)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
