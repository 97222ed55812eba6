"""`config/documents.yaml`: what the cluster's written report says about its issuer and readers."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field, field_validator

from domain.proposals.config import SubmissionConfig
from domain.roles import ClusterKind

TEMPLATE_NAME = "bao-cao-cum.docx"  # a copy in CONFIG_DIR replaces the built-in template

_NUMBERED = re.compile(r"\bsố\s+(\d+)\s*$", re.IGNORECASE)  # "Cụm thi đua số 4"


def _recipients() -> list[str]:
    return [
        "Hội đồng Thi đua - Khen thưởng tỉnh (b/c);",
        "Ban Thi đua - Khen thưởng (Sở Nội vụ);",
        "Các đơn vị thành viên;",
        "Lưu: VT.",
    ]


class GradeBand(BaseModel):
    """A grade and the lowest score that earns it ("Xuất sắc" from 90 points)."""

    name: str = Field(min_length=1, max_length=40)
    min: float = Field(ge=0)


class DocumentsConfig(BaseModel):
    """Every field has a default; a province sets its own in `documents.yaml`."""

    place: str = Field(default="Gia Lai", min_length=1, max_length=60)  # "Gia Lai, ngày …"
    council: str = Field(
        default="HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG TỈNH GIA LAI", min_length=1, max_length=120
    )
    symbol_cluster: str = Field(default="BC-CTĐ", max_length=20)  # "Số: …/BC-CTĐ"
    symbol_bloc: str = Field(default="BC-KTĐ", max_length=20)
    # Each cluster's own symbol, by its code in the organisation file: {"cum-kinh-te": "BC-CTĐKT"}.
    symbols: dict[str, str] = Field(default_factory=dict)
    recipients: list[str] = Field(default_factory=_recipients)
    highlights: int = Field(default=5, ge=1, le=20)  # the largest activities named
    # The "Xếp loại" column of the year-end ranking; none: the column is left out.
    grades: list[GradeBand] = Field(default_factory=list, max_length=10)
    # The province office's submission of the clusters' proposals to its Council.
    submission: SubmissionConfig = Field(default_factory=SubmissionConfig)

    @field_validator("symbols")
    @classmethod
    def _short_symbols(cls, value: dict[str, str]) -> dict[str, str]:
        for code, symbol in value.items():
            if not symbol.strip() or len(symbol) > 20:
                raise ValueError(f"symbols.{code}: 1 to 20 characters")
        return value

    def symbol(self, kind: str, code: str = "", name: str = "") -> str:
        """Return the number line's symbol of one cluster (Cụm) or bloc (Khối).

        The cluster's own, when configured; else the kind's, with the cluster's number when
        its name ends in one ("Cụm thi đua số 4" → "BC-CTĐ4"), so that two clusters' reports
        do not share one register.
        """
        if code in self.symbols:
            return self.symbols[code].strip()
        base = self.symbol_bloc if is_bloc(kind) else self.symbol_cluster
        numbered = _NUMBERED.search(name)
        return f"{base}{numbered.group(1)}" if numbered else base

    def grade(self, score: float) -> str:
        """Return the grade a score earns; "" when no band is configured or none is reached."""
        for band in sorted(self.grades, key=lambda b: b.min, reverse=True):
            if score >= band.min:
                return band.name
        return ""


def is_bloc(kind: str) -> bool:
    """Tell a Khối (bloc) from a Cụm (cluster): the report names the one it is written for."""
    return kind == ClusterKind.BLOC.value


def head_title(kind: str) -> str:
    """Return who signs a cluster's or a bloc's document, as the decree writes it."""
    return "TRƯỞNG KHỐI" if is_bloc(kind) else "TRƯỞNG CỤM"
