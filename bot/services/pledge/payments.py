"""Transfers to the fund: the VietQR a member pays, bank lines matched to pledges."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.i18n import Translator
from bot.services.pledge.campaign import CampaignFigures
from domain.people import Person
from domain.pledge.fund import FundAccount
from domain.pledge.payment_code import find_code, glued_codes, memo, name_agrees
from domain.pledge.rules import PledgeInfo, PledgeStatus, may_reconcile
from domain.pledge.statement import StatementLine
from domain.pledge.vietqr import Transfer, payload
from domain.refusals import PaymentRefusal, Refused
from domain.roles import LEADERSHIP, Role
from storage.membership import org
from storage.pledge import payments
from storage.pledge import queries as pledges
from storage.pledge.payments import IGNORED, MATCHED, UNMATCHED, TransactionInfo

S = PledgeStatus


@dataclass(frozen=True, slots=True)
class TransferOffer:
    """What the member transfers: to which account, how much (what is left) and the memo."""

    account: FundAccount
    amount: int
    memo: str
    payload: str


@dataclass(frozen=True, slots=True)
class Applied:
    pledge: PledgeInfo
    paid: int  # every matched transfer so far, this one included


@dataclass(slots=True)
class ImportResult:
    matched: list[Applied] = field(default_factory=list)
    unmatched: list[StatementLine] = field(default_factory=list)
    repeated: int = 0  # lines whose bank reference was imported before
    elsewhere: int = 0  # lines for another cluster's pledges: left for their treasurers


class PaymentService(CampaignFigures):
    """Paying a pledge by transfer, and reconciling the fund's statement with the pledges."""

    async def offer(self, person: Person) -> TransferOffer | None:
        """Return the transfer for the person's unpaid pledge; None without one or an account."""
        if not self._has_account():
            return None  # nothing to pay into: no need to read the pledge
        pledge = await pledges.find_pledge(
            session=self._session, year=self.campaign().year, member_id=person.member_id
        )
        return await self.offer_for(pledge)

    def _has_account(self) -> bool:
        return self.config.fund_account is not None or bool(self.config.fund_accounts)

    async def offer_for(self, known: PledgeInfo | int | None) -> TransferOffer | None:
        """Return the transfer for the person's pledge the caller has just read, or for the id
        of the one they just wrote (read only when there is an account); see `offer`."""
        if not self._has_account():
            return None
        pledge = (
            await pledges.get_pledge(session=self._session, pledge_id=known)
            if isinstance(known, int)
            else known
        )
        if pledge is None or pledge.status is not S.PLEDGED:
            return None
        cluster = await org.get_cluster(session=self._session, cluster_id=pledge.cluster_id)
        account = self.config.account_for(cluster.code if cluster else "")
        if account is None:
            return None
        paid = await payments.paid_amount(session=self._session, pledge_id=pledge.id) or 0
        rest = max(pledge.amount - paid, 0)
        text = memo(self.campaign().year, pledge.id, pledge.member_name)
        return TransferOffer(
            account, rest, text, payload(Transfer(account.bank_bin, account.account, rest, text))
        )

    async def paid(self, pledge_id: int) -> int | None:
        """Return what matched transfers brought to a pledge (None: no transfer matched)."""
        return await payments.paid_amount(session=self._session, pledge_id=pledge_id)

    async def cluster_id(
        self, *, code: str | None = None, account: str | None = None
    ) -> int | None:
        """Return the cluster with this code, or whose own fund account this is (else None)."""
        for cluster in await org.list_clusters(session=self._session):
            own = self.config.fund_accounts.get(cluster.code)
            if cluster.code == code or (account and own is not None and own.account == account):
                return cluster.id
        return None

    async def import_lines(
        self,
        person: Person | None,
        lines: list[StatementLine],
        source: str,
        owner: int | None = None,
    ) -> ImportResult:
        """Match credit lines to pledges; `person` None is the server itself (CLI, webhook).

        Lines without a code wait for the treasurers of `owner` (the server's, or the cluster
        the office console imported for: its caller checked the person may act on it), else
        of the importer's cluster; with neither, for the admin (a province-wide account).
        """
        result = ImportResult()
        known = await payments.known_references(
            session=self._session, references=[line.reference for line in lines]
        )
        home = person.led_cluster_id if person and person.role in LEADERSHIP else None
        home = owner if person is None or owner is not None else home
        for line in lines:
            if line.reference in known:
                result.repeated += 1
                continue
            pledge = await self._pledge_of(line.description)
            if (
                pledge is not None
                and person is not None
                and not may_reconcile(person, pledge.cluster_id)
            ):
                result.elsewhere += 1  # not stored: that cluster's import will match it
                continue
            transaction_id = await payments.insert_transaction(
                session=self._session, reference=line.reference,
                source=f"{source}, dòng {line.line}" if line.line else source,
                booked_on=line.day, amount=line.amount, description=line.description,
                cluster_id=pledge.cluster_id if pledge else home,
                pledge_id=pledge.id if pledge else None,
                status=MATCHED if pledge else UNMATCHED,
                imported_by=person.member_id if person else None, now=self._now,
            )  # fmt: skip
            if transaction_id is None:
                result.repeated += 1
            elif pledge is None:
                result.unmatched.append(line)
            else:
                result.matched.append(
                    await self._apply(pledge, line.amount, transaction_id, person)
                )
        return result

    async def unmatched(
        self, person: Person, limit: int = 10, cluster_id: int | None = None
    ) -> tuple[list[TransactionInfo], int]:
        """Return the lines this treasurer may match by hand, oldest first, and their count;
        with `cluster_id`, that cluster's only (the office console's page of a cluster)."""
        wanted = person.led_cluster_id if cluster_id is None else cluster_id
        if not may_reconcile(person, wanted):
            return [], 0
        return await payments.unmatched(
            session=self._session, cluster_id=wanted,
            everything=person.role is Role.ADMIN and cluster_id is None, limit=limit,
        )  # fmt: skip

    async def match(self, person: Person, transaction_id: int, code: str) -> Applied:
        """Match an unmatched line to the pledge whose code the treasurer typed."""
        line = await self._open_line(person, transaction_id)
        pledge = await self._pledge_of(code)
        if line is None or pledge is None or not may_reconcile(person, pledge.cluster_id):
            raise Refused(PaymentRefusal.NO_MATCH)
        if not await payments.settle(
            session=self._session, transaction_id=line.id, status=MATCHED, pledge_id=pledge.id
        ):
            raise Refused(PaymentRefusal.NO_MATCH)
        return await self._apply(pledge, line.amount, line.id, person)

    async def ignore(self, person: Person, transaction_id: int) -> None:
        """Set aside a line that pays no pledge (bank interest, another donation)."""
        line = await self._open_line(person, transaction_id)
        if line is None or not await payments.settle(
            session=self._session, transaction_id=line.id, status=IGNORED, pledge_id=None
        ):
            raise Refused(PaymentRefusal.HANDLED)

    async def _open_line(self, person: Person, transaction_id: int) -> TransactionInfo | None:
        line = await payments.get_transaction(session=self._session, transaction_id=transaction_id)
        if line is None or line.status != UNMATCHED:
            return None
        if person.role is Role.ADMIN or may_reconcile(person, line.cluster_id):
            return line
        return None

    async def _pledge_of(self, text: str) -> PledgeInfo | None:
        code = find_code(text)
        if code is None:
            return await self._glued_pledge_of(text)
        return await self._live_pledge(code.pledge_id, code.year)

    async def _glued_pledge_of(self, text: str) -> PledgeInfo | None:
        """Return the one pledge a code glued to other words can be, else None.

        Read inside other letters and digits, a code could be a coincidence: it counts only
        for a live pledge of that year whose name letters agree, and when one pledge alone fits.
        """
        fits: dict[int, PledgeInfo] = {}
        for code in glued_codes(text):
            pledge = await self._live_pledge(code.pledge_id, code.year)
            if pledge is not None and name_agrees(code.after, pledge.member_name):
                fits[pledge.id] = pledge
        return next(iter(fits.values())) if len(fits) == 1 else None

    async def _live_pledge(self, pledge_id: int, year: int) -> PledgeInfo | None:
        pledge = await pledges.get_pledge(session=self._session, pledge_id=pledge_id)
        if pledge is None or pledge.status is S.CANCELLED:
            return None
        return pledge if await self._year_of(pledge_id) == year else None

    async def _year_of(self, pledge_id: int) -> int | None:
        return await payments.pledge_year(session=self._session, pledge_id=pledge_id)

    async def _apply(
        self, pledge: PledgeInfo, amount: int, transaction_id: int, person: Person | None
    ) -> Applied:
        before = await payments.paid_amount(session=self._session, pledge_id=pledge.id)
        total = (before or 0) + amount
        status = pledge.status
        if pledge.status is S.PLEDGED and total >= pledge.amount:
            status = S.PAID  # paid in full: a leader still confirms, as for a receipt
        await payments.add_payment(
            session=self._session, pledge_id=pledge.id, amount=amount,
            status=status.value if status is not pledge.status else None, now=self._now,
        )  # fmt: skip
        payments.add_bank_event(
            session=self._session, pledge_id=pledge.id, transaction_id=transaction_id,
            actor_id=person.member_id if person else None, old_status=pledge.status.value,
            new_status=status.value, old_paid=before, new_paid=total, now=self._now,
        )  # fmt: skip
        await self._tell(pledge, amount, total, transaction_id)
        return Applied(pledge, total)

    async def _tell(
        self, pledge: PledgeInfo, amount: int, total: int, transaction_id: int
    ) -> None:
        def compose(t: Translator) -> str:
            received = t._(
                "Quỹ “Vì người nghèo” đã nhận được khoản chuyển khoản {amount} của đồng chí cho "
                "khoản ủng hộ đã đăng ký {pledged}."
            ).format(amount=t.vnd(amount), pledged=t.vnd(pledge.amount))
            if total < pledge.amount:
                rest = t._(
                    "Đây là khoản nộp một phần: đã nhận {paid}, còn {rest}. Vui lòng gõ /ungho để "
                    "lấy mã QR chuyển nốt số còn lại."
                ).format(paid=t.vnd(total), rest=t.vnd(pledge.amount - total))
            elif total > pledge.amount:
                rest = t._(
                    "Tổng đã nhận {paid}, nhiều hơn số đã đăng ký. Xin cảm ơn tấm lòng của "
                    "đồng chí!"
                ).format(paid=t.vnd(total))
            else:
                rest = t._("Đồng chí đã nộp đủ. Xin cảm ơn tấm lòng của đồng chí!")
            return f"{received} {rest}"

        await self._notify.send(
            key=f"pledge-bank:{transaction_id}",
            recipients=await pledges.recipients(session=self._session, member_id=pledge.member_id),
            compose=compose,
        )
