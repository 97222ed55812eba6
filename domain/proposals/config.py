"""`config/documents.yaml`, `submission:`: who writes the Tờ trình, to whom, who signs it."""

from __future__ import annotations

from pydantic import BaseModel, Field

SUBMISSION_TEMPLATE = "to-trinh-khen-thuong.docx"  # a copy in CONFIG_DIR replaces the built-in


def _grounds() -> list[str]:
    return [
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định "
        "chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;",
    ]


def _recipients() -> list[str]:
    return [
        "Như trên;",
        "Chủ tịch UBND tỉnh (b/c);",
        "Các Cụm, Khối thi đua của tỉnh;",
        "Lưu: VT, TĐKT.",
    ]


class SubmissionConfig(BaseModel):
    """The office's Tờ trình đề nghị khen thưởng (Decree 30/2020/NĐ-CP, Appendix I)."""

    parent: str = Field(default="SỞ NỘI VỤ TỈNH GIA LAI", max_length=120)  # cơ quan chủ quản
    issuer: str = Field(default="BAN THI ĐUA - KHEN THƯỞNG", min_length=1, max_length=120)
    # How the body names the issuer in a sentence («Ban Thi đua - Khen thưởng kính trình …»).
    issuer_name: str = Field(default="Ban Thi đua - Khen thưởng", min_length=1, max_length=120)
    symbol: str = Field(default="TTr-BTĐKT", min_length=1, max_length=20)  # "Số: …/TTr-BTĐKT"
    addressee: str = Field(default="Hội đồng Thi đua - Khen thưởng tỉnh", min_length=1,
                           max_length=200)  # fmt: skip
    # Who awards the forms asked for: the submission asks the Council to propose them to him.
    authority: str = Field(default="Chủ tịch Ủy ban nhân dân tỉnh", min_length=1, max_length=200)
    grounds: list[str] = Field(default_factory=_grounds, max_length=10)
    recipients: list[str] = Field(default_factory=_recipients, max_length=15)
    # The signature block's lines above the name: «TRƯỞNG BAN», or «KT. TRƯỞNG BAN» over
    # «PHÓ TRƯỞNG BAN».
    signature: list[str] = Field(default_factory=lambda: ["TRƯỞNG BAN"], min_length=1,
                                 max_length=3)  # fmt: skip
    signer_name: str = Field(default="", max_length=80)
