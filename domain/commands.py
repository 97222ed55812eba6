"""The command contract: names in both languages and who may use each (DESIGN.md)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.roles import Role
from domain.text import N_, fold

MAX_NAME_WORDS = 3  # "/xuất báo cáo": a command typed in words, at most three

ANYONE = frozenset(Role)
MEMBERS = frozenset({Role.MEMBER, Role.REPORTER, Role.DEPUTY, Role.LEADER, Role.ADMIN})
REPORTERS = frozenset({Role.REPORTER, Role.ADMIN})
# The people who head a unit: its reporter (đầu mối, thủ trưởng) and the cluster's leader or
# deputy, who heads their own unit too. The admin works on the whole province, in the console.
UNIT_HEADS = frozenset({Role.REPORTER, Role.DEPUTY, Role.LEADER})
LEADERS = frozenset({Role.DEPUTY, Role.LEADER, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})


@dataclass(frozen=True, slots=True)
class CommandSpec:
    key: str
    vi: str
    en: str
    roles: frozenset[Role]
    description: str  # Vietnamese source text, translated when shown
    # Only in a private chat: the command asks questions (a group's answers are not read) or
    # shows what is the person's own (a pledge, a code).
    private: bool = False
    # Said instead of the general answer when a private command is typed in a group: why this
    # one stays out of groups (Vietnamese source text, may name the {command}).
    private_note: str = ""

    def name_for(self, locale: str) -> str:
        """Return the command's name in the given language."""
        return self.en if locale == "en" else self.vi


CONTRACT: tuple[CommandSpec, ...] = (
    CommandSpec("start", "start", "start", ANYONE, N_("Bắt đầu, tham gia bằng mã mời")),
    CommandSpec("help", "trogiup", "help", ANYONE, N_("Các lệnh đồng chí dùng được")),
    CommandSpec(
        "pledge", "ungho", "pledge", MEMBERS, N_("Ủng hộ Quỹ “Vì người nghèo”"), private=True
    ),
    CommandSpec("report", "baocao", "report", MEMBERS, N_("Báo cáo hoạt động"), private=True),
    CommandSpec(
        # Leaders review registrations here too: /dangky is where they look for them.
        "register",
        "dangky",
        "register",
        REPORTERS | LEADERS,
        N_("Đăng ký chỉ tiêu, danh hiệu thi đua"),
        private=True,
    ),
    CommandSpec("mine", "cuatoi", "mine", MEMBERS, N_("Thông tin và hồ sơ của tôi"), private=True),
    CommandSpec(
        "calendar", "lich", "calendar", ANYONE, N_("Lịch các đợt thi đua và ngày kỷ niệm")
    ),
    CommandSpec(
        "score",
        "chamdiem",
        "score",
        MEMBERS,
        N_("Chấm điểm, xếp hạng thi đua, đề nghị khen thưởng"),
    ),
    # Every member reads the year's covenant and launch plan here; units' heads sign.
    CommandSpec(
        "covenant",
        "giaouoc",
        "covenant",
        MEMBERS,
        N_("Giao ước thi đua, kế hoạch phát động của cụm, khối"),
        private=True,
    ),
    CommandSpec("summary", "tonghop", "summary", LEADERS, N_("Tổng hợp tình hình cụm, khối")),
    CommandSpec(
        "dashboard",
        "bangdieukhien",
        "dashboard",
        LEADERS,
        N_("Bảng điều khiển của cụm, khối"),
        private=True,
        # The link opens the page without a password: it must not land in a group.
        private_note=N_("Vui lòng gõ /bangdieukhien trong tin nhắn riêng với tôi."),
    ),
    CommandSpec(
        "office",
        "quantri",
        "office",
        LEADERS,
        N_("Đăng nhập trang quản trị trên máy tính"),
        private=True,
        # The link signs the person in without a password: it must not land in a group.
        private_note=N_("Vui lòng gõ /quantri trong tin nhắn riêng với tôi."),
    ),
    CommandSpec(
        "announce",
        "thongbao",
        "announce",
        LEADERS,
        N_("Gửi thông báo tới cụm, khối"),
        private=True,
    ),
    CommandSpec("nudge", "nhacnho", "nudge", LEADERS, N_("Nhắc những đơn vị chưa báo cáo")),
    CommandSpec(
        "export",
        "xuatbaocao",
        "export",
        LEADERS,
        N_("Xuất báo cáo Excel"),
        private=True,
        private_note=N_(
            "Báo cáo Excel có họ tên và số tiền ủng hộ của từng người: vui lòng gõ /xuatbaocao "
            "trong tin nhắn riêng với tôi."
        ),
    ),
    CommandSpec(
        "reconcile",
        "doisoat",
        "reconcile",
        LEADERS,
        N_("Đối soát sao kê ngân hàng với các khoản ủng hộ"),
        private=True,
    ),
    CommandSpec(
        "draft",
        "soanbaocao",
        "draft",
        LEADERS,
        N_("Soạn báo cáo đợt, tổng kết năm"),
        private=True,
        private_note=N_(
            "Báo cáo nêu tên các đơn vị, cá nhân và số tiền ủng hộ: vui lòng gõ /soanbaocao "
            "trong tin nhắn riêng với tôi."
        ),
    ),
    CommandSpec(
        # The province's office weighs every cluster's proposals for its Council.
        "proposals",
        "denghi",
        "proposals",
        ADMINS,
        N_("Xét đề nghị khen thưởng của các cụm, khối"),
        private=True,
        private_note=N_(
            "Đề nghị khen thưởng được xét trước khi trình Hội đồng: vui lòng gõ /denghi trong "
            "tin nhắn riêng với tôi."
        ),
    ),
    CommandSpec(
        # The province's office closes the year and opens the next for every cluster at once.
        "newyear",
        "chuyennam",
        "newyear",
        ADMINS,
        N_("Khép lại năm thi đua, mở năm mới"),
        private=True,
        private_note=N_(
            "Chuyển năm thay đổi lãnh đạo của mọi cụm, khối: vui lòng gõ /chuyennam trong tin "
            "nhắn riêng với tôi."
        ),
    ),
    CommandSpec("invite", "moi", "invite", LEADERS, N_("Tạo mã mời vào đơn vị"), private=True),
    CommandSpec(
        "away",
        "vangmat",
        "away",
        UNIT_HEADS,
        N_("Ghi nhận cán bộ vắng (nghỉ phép, thai sản, đi học, công tác)"),
        private=True,
    ),
    CommandSpec("group", "nhom", "group", LEADERS, N_("Liên kết nhóm chat này với cụm, khối")),
    CommandSpec(
        "link", "lienket", "link", MEMBERS, N_("Liên kết tài khoản kênh khác"), private=True
    ),
    CommandSpec("lang", "ngonngu", "lang", ANYONE, N_("Chọn ngôn ngữ")),
    CommandSpec("cancel", "huy", "cancel", ANYONE, N_("Hủy thao tác đang làm")),
)

BY_NAME: dict[str, CommandSpec] = {name: spec for spec in CONTRACT for name in {spec.vi, spec.en}}
BY_KEY: dict[str, CommandSpec] = {spec.key: spec for spec in CONTRACT}


def parse_command(
    text: str, *, bot_username: str | None = None, bare: bool = False
) -> tuple[str, str] | None:
    """Split "/ungho@bot 500k" into ("ungho", "500k"); None when `text` is no command for us.

    With `bare`, a known command word without the slash counts too ("ungho 500k"), for
    channels that have no command menu.
    """
    parts = text.strip().split(maxsplit=1)
    if not parts:
        return None
    head, args = parts[0], (parts[1] if len(parts) > 1 else "")
    if head.startswith("/"):
        name, _, addressee = head[1:].partition("@")
        if addressee and bot_username and addressee.lower() != bot_username.lower():
            return None  # "/help@otherbot" in a group is for another bot
        if not name:
            return None
        return _spelled(name, args) or (name.lower(), args.strip())
    if bare and head.lower() in BY_NAME:
        return head.lower(), args.strip()
    return None


def _spelled(name: str, args: str) -> tuple[str, str] | None:
    """Read "/ủnghộ", "/ung ho" or "/UNGHO 500k" as the command written in the contract."""
    words = [name, *args.split()]
    for count in range(1, min(len(words), MAX_NAME_WORDS) + 1):
        joined = fold("".join(words[:count])).replace(" ", "")
        if joined in BY_NAME:
            # The words after the name, with their own spacing kept ("1 500 000").
            rest = args.split(maxsplit=count - 1)[count - 1 :] if count > 1 else [args]
            return joined, rest[0].strip() if rest else ""
    return None
