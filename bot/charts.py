"""The picture /tonghop adds: pledge progress and reports per unit, as a PNG drawn on the server.

matplotlib with the Agg backend (no display) and DejaVu Sans, which matplotlib ships and which
has every Vietnamese letter with its diacritics, so the picture looks the same on any server.
"""

from __future__ import annotations

import io
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class UnitBar:
    """One unit's row of the chart."""

    name: str
    participation: int  # whole percent of the headcount taking part in the campaign
    reports: int  # activity reports in the phase


@dataclass(frozen=True, slots=True)
class ChartText:
    """The chart's words, already translated by the caller."""

    title: str
    participation: str
    reports: str


def _short(name: str, size: int = 28) -> str:
    return name if len(name) <= size else name[: size - 1] + "…"


def summary_png(units: list[UnitBar], text: ChartText) -> bytes:
    """Draw the two bar charts side by side and return the PNG's bytes."""
    import matplotlib

    matplotlib.use("Agg")  # before pyplot: no display on a server
    from matplotlib.figure import Figure

    names = [_short(unit.name) for unit in reversed(units)]
    height = 1.4 + 0.32 * max(len(units), 1)
    # A Figure, not pyplot: nothing global, so two threads may draw at once.
    figure = Figure(figsize=(8, height), dpi=110, layout="constrained")
    figure.suptitle(text.title, fontsize=12, fontfamily="DejaVu Sans")
    left, right = figure.subplots(1, 2, sharey=True)
    late = "#c4512d"
    shares = [min(unit.participation, 100) for unit in reversed(units)]
    counts = [unit.reports for unit in reversed(units)]
    left.barh(names, shares, color=["#1f7a5a" if s >= 50 else late for s in shares])
    left.set_xlim(0, 100)
    left.set_title(text.participation, fontsize=10)
    right.barh(names, counts, color=["#1f5f9a" if c else late for c in counts])
    right.set_title(text.reports, fontsize=10)
    right.xaxis.get_major_locator().set_params(integer=True)
    for axes in (left, right):
        axes.tick_params(labelsize=8)
        axes.spines[["top", "right"]].set_visible(False)
        for label in axes.get_yticklabels():
            label.set_fontfamily("DejaVu Sans")
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
