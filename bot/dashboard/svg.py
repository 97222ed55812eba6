"""Charts drawn on the server as inline SVG: no script, no library, a few hundred bytes each.

Sizes live in the viewBox and the stylesheet scales the drawing to the screen's width, so a
phone and a desktop get the same markup. Colours come from classes in the page's stylesheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

_WIDTH = 320  # viewBox units: the width of a phone in CSS pixels, so text stays readable
_ROW = 22
_LABEL = 150  # room for a unit's short name («UBND phường Hoài Nhơn») before its bar
_VALUE = 48  # room for the figure after the bar


@dataclass(frozen=True, slots=True)
class Bar:
    """One horizontal bar: `done` of `total`, with a `note` written after it."""

    label: str
    done: int
    total: int
    note: str
    css: str = "ok"  # "ok" or "late": the bar's colour class


def _short(label: str, size: int = 24) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"


def bars(rows: Sequence[Bar], title: str) -> str:
    """Draw one bar per row, each filled to done/total (full past the total)."""
    track = _WIDTH - _LABEL - _VALUE
    height = _ROW * len(rows) + 4
    parts = [
        f'<svg viewBox="0 0 {_WIDTH} {height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for number, row in enumerate(rows):
        y = number * _ROW + 4
        late = " late" if row.css == "late" else ""  # the figure in the bar's warning colour
        filled = 0 if row.total <= 0 else min(track, max(row.done, 0) * track // row.total)
        parts += [
            f'<text x="0" y="{y + 13}" class="lbl">{escape(_short(row.label))}</text>',
            f'<rect x="{_LABEL}" y="{y + 2}" width="{track}" height="14" rx="3" class="trk"/>',
            f'<rect x="{_LABEL}" y="{y + 2}" width="{filled}" height="14" rx="3" '
            f'class="{row.css}"/>',
            f'<text x="{_WIDTH}" y="{y + 13}" class="val{late}" text-anchor="end">'
            f"{escape(row.note)}</text>",
        ]
    parts.append("</svg>")
    return "".join(parts)


def columns(values: Sequence[int], labels: Sequence[str], title: str, axis: str = "") -> str:
    """Draw one column per value (the months of a year), tallest to the full height, with
    `axis` ("Tháng") written under the labels."""
    height, base, top = (136 if axis else 120), 100, max([*values, 1])
    step = _WIDTH / max(len(values), 1)
    parts = [
        f'<svg viewBox="0 0 {_WIDTH} {height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="0" y1="{base}" x2="{_WIDTH}" y2="{base}" class="axis"/>',
    ]
    for number, (value, label) in enumerate(zip(values, labels, strict=True)):
        x = number * step
        tall = value * (base - 16) // top
        parts.append(
            f'<rect x="{x + 3:.1f}" y="{base - tall}" width="{step - 6:.1f}" height="{tall}" '
            f'rx="2" class="ok"/>'
        )
        if value:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{base - tall - 3}" class="val" '
                f'text-anchor="middle">{value}</text>'
            )
        parts.append(
            f'<text x="{x + step / 2:.1f}" y="{base + 14}" class="lbl" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    if axis:
        parts.append(
            f'<text x="{_WIDTH / 2:.0f}" y="{base + 30}" class="lbl" text-anchor="middle">'
            f"{escape(axis)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
