"""Read a typed answer ("2", "tieng viet", "English") as one of the offered options."""

from __future__ import annotations

from domain.text import fold


def match_option(text: str, labels: list[str]) -> int | None:
    """Return the index of the option `text` answers, by number or by its words."""
    answer = fold(text).rstrip(".)")
    if answer.isdigit():
        number = int(answer)
        return number - 1 if 1 <= number <= len(labels) else None
    folded = [fold(label) for label in labels]
    if answer in folded:
        return folded.index(answer)
    # A unique prefix of at least three letters is enough ("eng" for English).
    if len(answer) >= 3:
        hits = [i for i, label in enumerate(folded) if label.startswith(answer)]
        if len(hits) == 1:
            return hits[0]
    return None


def is_option_number(text: str) -> bool:
    """Tell whether `text` is a bare option number ("1", "2.") rather than, say, an amount."""
    answer = fold(text).rstrip(".)")
    return answer.isdigit() and 1 <= len(answer) <= 2
