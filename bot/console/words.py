"""The console's words for the codes its services return (statuses, kinds, fields, actions).

Vietnamese source texts, translated when shown; a code without a word is shown as it is.
"""

from __future__ import annotations

from bot.i18n import Translator
from domain.text import N_

REGISTRATION = {
    "none": N_("chưa đăng ký"),
    "draft": N_("đang soạn, chưa gửi"),
    "submitted": N_("đã gửi, đang chờ duyệt"),
    "returned": N_("được trả lại để sửa"),
    "accepted": N_("đã được chấp nhận"),
}
PLEDGE = {
    "pledged": N_("đã đăng ký"),
    "paid": N_("đã nộp"),
    "confirmed": N_("đã xác nhận"),
    "cancelled": N_("đã hủy"),
}
# The kinds of the trail's lines (storage.audit.trail.KINDS).
KINDS = {
    "pledge": N_("Ủng hộ"),
    "registration": N_("Đăng ký thi đua"),
    "score": N_("Chấm điểm"),
    "organisation": N_("Tổ chức"),
    "signin": N_("Đăng nhập"),
    "console": N_("Trang quản trị"),
}
# What an organisation file adds or removes, and which field it changes.
ITEMS = {
    "cluster": N_("Cụm, khối"),
    "unit": N_("Đơn vị"),
    "leader": N_("Trưởng cụm, khối"),
    "deputy": N_("Phó Trưởng cụm, khối"),
    "admin": N_("Quản trị"),
    "province": N_("Tỉnh"),
}
FIELDS = {
    "name": N_("tên"),
    "short_name": N_("tên ngắn"),
    "kind": N_("loại"),
    "headcount": N_("biên chế"),
    "role": N_("vai trò"),
    "unit": N_("đơn vị"),
}
# What a unit or cluster holds (storage.cluster.removal's names).
HOLDINGS = {
    "members": N_("{count} người"),
    "reports": N_("{count} báo cáo hoạt động"),
    "pledges": N_("{count} khoản ủng hộ"),
    "collections": N_("{count} khoản thu của đơn vị"),
    "registrations": N_("{count} bản đăng ký thi đua"),
    "assessments": N_("{count} bản chấm điểm"),
    "proposals": N_("{count} đề nghị khen thưởng"),
    "units": N_("{count} đơn vị"),
    "scoring_tables": N_("{count} bảng điểm thi đua"),
    "group_chats": N_("{count} nhóm chat"),
    "announcements": N_("{count} thông báo"),
    "bank_lines": N_("{count} dòng sao kê"),
}
ACTIONS = {
    "signed_in": N_("đăng nhập"),
    "signed_out": N_("đăng xuất"),
    "added": N_("thêm"),
    "changed": N_("sửa"),
    "removed": N_("bỏ"),
    "moved": N_("chuyển cụm, khối"),
    "replaced": N_("thay người"),
    "claim_codes": N_("tạo mã nhận tài khoản"),
    "scoring_table": N_("cập nhật bảng điểm thi đua"),
    "scoring_table_copied": N_("sao chép bảng điểm năm trước"),
    "statement_imported": N_("nhập sao kê (khớp / chờ ghép / đã nhập trước)"),
    "statement_matched": N_("ghép giao dịch với khoản ủng hộ"),
    "statement_ignored": N_("để riêng giao dịch"),
    "person_moved": N_("chuyển đơn vị của cán bộ"),
    "person_role": N_("đổi vai trò của cán bộ"),
    "person_deactivated": N_("ngừng hoạt động tài khoản cán bộ"),
    "person_away": N_("ghi nhận cán bộ vắng"),
    "person_back": N_("kết thúc lịch vắng của cán bộ"),
    "person_exported": N_("xuất dữ liệu cá nhân (Nghị định 13/2023)"),
    "person_erased": N_("xoá dữ liệu cá nhân (Nghị định 13/2023)"),
}


def word(t: Translator, table: dict[str, str], code: str) -> str:
    """Return the word for `code` in `t`'s language; the code itself when it has none."""
    found = table.get(code)
    return t._(found) if found is not None else code


def holdings(t: Translator, holds: dict[str, int]) -> str:
    """Return what a unit or cluster holds as one phrase: “12 người, 3 báo cáo hoạt động”."""
    return ", ".join(
        t._(HOLDINGS[key]).format(count=t.number(count)) if key in HOLDINGS else f"{key}: {count}"
        for key, count in holds.items()
    )
