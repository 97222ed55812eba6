"""`config/documents.yaml`: what the cluster's written report says about its issuer and readers."""

from __future__ import annotations

from pydantic import BaseModel, Field

from domain.roles import ClusterKind

TEMPLATE_NAME = "bao-cao-cum.docx"  # a copy in CONFIG_DIR replaces the built-in template


def _recipients() -> list[str]:
    return [
        "Hội đồng Thi đua - Khen thưởng tỉnh (b/c);",
        "Ban Thi đua - Khen thưởng (Sở Nội vụ);",
        "Các đơn vị thành viên;",
        "Lưu: VT.",
    ]


class DocumentsConfig(BaseModel):
    """Every field has a default; a province sets its own in `documents.yaml`."""

    place: str = Field(default="Gia Lai", min_length=1, max_length=60)  # "Gia Lai, ngày …"
    council: str = Field(
        default="HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG TỈNH GIA LAI", min_length=1, max_length=120
    )
    symbol_cluster: str = Field(default="BC-CTĐ", max_length=20)  # "Số: …/BC-CTĐ"
    symbol_bloc: str = Field(default="BC-KTĐ", max_length=20)
    recipients: list[str] = Field(default_factory=_recipients)
    highlights: int = Field(default=5, ge=1, le=20)  # the largest activities named

    def symbol(self, kind: str) -> str:
        """Return the number line's symbol for a cluster (Cụm) or a bloc (Khối)."""
        return self.symbol_bloc if kind == ClusterKind.BLOC.value else self.symbol_cluster


def head_title(kind: str) -> str:
    """Return who signs a cluster's or a bloc's document, as the decree writes it."""
    return "TRƯỞNG KHỐI" if kind == ClusterKind.BLOC.value else "TRƯỞNG CỤM"
