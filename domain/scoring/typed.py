"""What a reporter types while a criterion is open: its score, or the code of another one.

Vietnamese writes a decimal with a comma (1,5), so «1.5» typed with criterion 1.1 open more
likely names criterion 1.5 than one point and a half; when it reads both ways, ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.scoring.table import Criterion, HalfPoints, ScoreProblem, Table, check_score


class Meant(StrEnum):
    SCORE = "score"  # a score of the open criterion (or a problem with it)
    CRITERION = "criterion"  # another criterion's code, no score of the open one
    EITHER = "either"  # both: ask which was meant


@dataclass(frozen=True, slots=True)
class Typed:
    meant: Meant
    score: HalfPoints | ScoreProblem  # the text read as a score of the open criterion
    other: Criterion | None = None  # the criterion whose code was typed, when another one


def read_typed(table: Table, open_: Criterion, text: str) -> Typed:
    """Tell whether `text`, typed with `open_` open, scores it or names another criterion."""
    score = check_score(open_, text)
    other = table.criterion(text)
    if other is None or other.code == open_.code:
        return Typed(Meant.SCORE, score)
    if isinstance(score, ScoreProblem):
        return Typed(Meant.CRITERION, score, other)
    return Typed(Meant.EITHER, score, other)
