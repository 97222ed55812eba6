"""/dangky: a unit registers its emulation targets, titles and reward forms, then submits."""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field

from bot.flow.context import Context, Option
from bot.flow.refusals import refusal_text, refusals
from bot.flow.router import Router
from domain.activity import input as limits
from domain.commands import REPORTERS
from domain.dialogs import FlowState
from domain.refusals import Refused
from domain.refusals import RegistrationRefusal as RegRefusal
from domain.roles import Role
from domain.text import N_
from handlers.registration.review import pending
from handlers.registration.texts import describe_registration

router = Router(name=__name__)

FLOW = "register"
# Each answer is stored as typed: cancelling keeps what was entered, and says so.
router.keeps_answers(FLOW, N_("Đã đóng. Những gì đã nhập vẫn được lưu."))
FIELDS = {"titles": N_("Danh hiệu thi đua"), "rewards": N_("Hình thức khen thưởng")}


class RegistrationDraft(FlowState):
    """The unit whose registration is open, and the catalogue entries being ticked."""

    unit: int = 0
    field: str = "titles"  # the catalogue being ticked: a key of FIELDS
    picked: list[str] = Field(default_factory=list)  # its entries ticked so far (keys)


router.flow(FLOW, RegistrationDraft)


@router.command("register")
async def register(ctx: Context) -> None:
    """Open the unit's registration; an admin names the unit: /dangky MÃ_ĐƠN_VỊ.

    A cluster's leader or deputy registers nothing: /dangky lists what waits for their review.
    """
    if ctx.role in (Role.LEADER, Role.DEPUTY):
        await pending(ctx, {})
        return
    service = ctx.services.registrations
    code = ctx.incoming.args.strip()
    with refusals(ctx, finish=False):
        if code:
            unit = await service.unit_by_code(ctx.person, code)
        elif ctx.role is Role.ADMIN:
            ctx.say(
                ctx._(
                    "Quản trị đăng ký thay một đơn vị: gõ /dangky MÃ_ĐƠN_VỊ (mã trong tệp tổ "
                    "chức), ví dụ: /dangky so-tai-chinh"
                )
            )
            return
        else:
            unit = await service.unit_for(ctx.person, None)
        await show(ctx, unit.id)


async def show(ctx: Context, unit_id: int) -> None:
    """Show the registration with what can be done with it now."""
    service = ctx.services.registrations
    with refusals(ctx):
        unit = await service.unit_for(ctx.person, unit_id)
        row = await service.current(unit.id)
        lines = describe_registration(ctx, unit.name, service.year, row)
        problem = service.problem(row)
        if problem is not None:
            ctx.finish()
            ctx.say("\n".join([*lines, "", refusal_text(ctx, Refused(problem))]))
            return
        ctx.begin(FLOW, "menu", RegistrationDraft(unit=unit.id))
        lines += [
            "",
            ctx._("Chọn phần cần nhập; xong thì chọn “Gửi duyệt”. Hạn gửi: {date}.").format(
                date=ctx.t.date(service.deadline())
            ),
        ]
        payload = {"unit": unit.id}
        ctx.say(
            "\n".join(lines),
            [
                Option(ctx._("Chỉ tiêu thi đua"), "register.targets", payload),
                Option(ctx._("Danh hiệu thi đua"), "register.choose",
                       payload | {"field": "titles"}),
                Option(ctx._("Hình thức khen thưởng"), "register.choose",
                       payload | {"field": "rewards"}),
                Option(ctx._("Gửi duyệt"), "register.submit", payload),
                Option(ctx._("Đóng"), "register.close"),
            ],
        )  # fmt: skip


def _unit(payload: dict[str, Any]) -> int:
    value = payload.get("unit")
    return value if isinstance(value, int) else 0


async def _check(ctx: Context, unit_id: int) -> bool:
    """Check again that the person may change this unit's registration now."""
    with refusals(ctx):
        await ctx.services.registrations.check(ctx.person, unit_id)
        return True
    return False


@router.choice("register.targets", roles=REPORTERS)
async def ask_targets(ctx: Context, payload: dict[str, Any]) -> None:
    """Ask for the targets, one per line."""
    if not await _check(ctx, _unit(payload)):
        return
    ctx.goto("targets", RegistrationDraft(unit=_unit(payload)))
    ctx.say(
        ctx._(
            "Nhập các chỉ tiêu thi đua, mỗi dòng (hoặc mỗi đoạn cách nhau bởi dấu ;) một chỉ "
            "tiêu, ví dụ:\nPCI tăng 2 bậc\n100% hồ sơ trực tuyến\nDanh sách mới thay cho danh "
            "sách cũ."
        )
    )


@router.step(FLOW, "targets")
async def typed_targets(ctx: Context) -> None:
    """Replace the targets with those typed."""
    targets = limits.parse_targets(ctx.incoming.text)
    if not 1 <= len(targets) <= limits.MAX_TARGETS or any(
        len(t.text) > limits.MAX_TARGET for t in targets
    ):
        ctx.say(
            ctx._("Cần từ 1 đến 20 chỉ tiêu, mỗi chỉ tiêu tối đa 300 ký tự. Vui lòng nhập lại.")
        )
        return
    unit = ctx.state(RegistrationDraft).unit
    with refusals(ctx):
        await ctx.services.registrations.set_targets(ctx.person, unit, targets)
        await show(ctx, unit)


@router.choice("register.choose", roles=REPORTERS)
async def choose(ctx: Context, payload: dict[str, Any]) -> None:
    """Offer the catalogue with the current choices ticked."""
    field = str(payload.get("field"))
    if field not in FIELDS or not await _check(ctx, _unit(payload)):
        return
    row = await ctx.services.registrations.current(_unit(payload))
    picked = list(getattr(row, field)) if row is not None else []
    ctx.goto("choose", RegistrationDraft(unit=_unit(payload), field=field, picked=picked))
    offer_choices(ctx)


def offer_choices(ctx: Context) -> None:
    """Show the catalogue: pressing an entry ticks or unticks it; "Xong" saves."""
    draft = ctx.state(RegistrationDraft)
    config = ctx.services.registrations.config
    items = config.titles if draft.field == "titles" else config.rewards
    picked = set(draft.picked)
    options = [
        Option(("✓ " if item.key in picked else "") + item.label(ctx.t.locale),
               "register.toggle", {"key": item.key})
        for item in items
    ]  # fmt: skip
    options.append(Option(ctx._("Xong"), "register.done"))
    field = ctx._(FIELDS[draft.field])
    ctx.say(
        ctx._("{field}: chọn để đánh dấu ✓ hoặc bỏ dấu (có thể gõ nhiều số, ví dụ: 1, 3), "
              "rồi chọn “Xong”.").format(field=field),
        options,
    )  # fmt: skip


@router.choice("register.toggle", roles=REPORTERS)
async def toggle(ctx: Context, payload: dict[str, Any]) -> None:
    """Tick or untick one entry."""
    draft = ctx.state(RegistrationDraft)
    key = str(payload.get("key"))
    picked = draft.picked
    draft.picked = [k for k in picked if k != key] if key in picked else [*picked, key]
    ctx.save(draft)
    offer_choices(ctx)


@router.step(FLOW, "choose")
async def typed_numbers(ctx: Context) -> None:
    """Tick or untick the entries whose numbers were typed ("1, 3")."""
    draft = ctx.state(RegistrationDraft)
    config = ctx.services.registrations.config
    items = config.titles if draft.field == "titles" else config.rewards
    numbers = [int(n) for n in re.findall(r"\d+", ctx.incoming.text)]
    if not numbers or any(not 1 <= n <= len(items) for n in numbers):
        ctx.say(
            ctx._("Vui lòng gõ các số từ 1 đến {count}, ví dụ: 1, 3.").format(count=len(items))
        )
        return
    picked = set(draft.picked)
    picked ^= {items[n - 1].key for n in set(numbers)}
    draft.picked = [item.key for item in items if item.key in picked]
    ctx.save(draft)
    offer_choices(ctx)


@router.choice("register.done", roles=REPORTERS)
async def done(ctx: Context, _payload: dict[str, Any]) -> None:
    """Save the ticked entries and go back to the registration."""
    draft = ctx.state(RegistrationDraft)
    with refusals(ctx):
        await ctx.services.registrations.set_choices(
            ctx.person, draft.unit, draft.field, list(draft.picked)
        )
        await show(ctx, draft.unit)


@router.choice("register.submit", roles=REPORTERS)
async def submit(ctx: Context, payload: dict[str, Any]) -> None:
    """Send the registration to the cluster's leaders."""
    with refusals(ctx, finish=False) as caught:
        row = await ctx.services.registrations.submit(ctx.person, _unit(payload))
        ctx.finish()
        ctx.say(
            ctx._(
                "Đã gửi đăng ký thi đua năm {year} của {unit} tới Trưởng, Phó Trưởng cụm, khối "
                "để duyệt. Đồng chí sẽ nhận được thông báo khi có kết quả."
            ).format(year=row.year, unit=row.unit_name)
        )
    if caught.reason is RegRefusal.INCOMPLETE:
        await show(ctx, _unit(payload))  # the pressed keyboard is gone: offer it again
    elif caught.refused is not None:
        ctx.finish()


@router.choice("register.close", roles=REPORTERS)
async def close(ctx: Context, _payload: dict[str, Any]) -> None:
    """Leave; what was entered stays saved."""
    ctx.finish()
    ctx.say(ctx._("Đã đóng. Những gì đã nhập vẫn được lưu."))
