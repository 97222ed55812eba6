"""The province's office weighs the clusters' proposals: side by side, decided, told.

Once a cluster publishes, its proposals (as its leader left them: removed ones are gone) wait
for Ban Thi đua - Khen thưởng, who forwards each to the Council or declines it with a reason;
the cluster's leaders are told of each decision once, in their language. Only the admin acts
here; the office console calls the same service.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.documents.proposal_list import proposal_list
from bot.documents.submission import SubmissionData, submission_bytes
from bot.i18n import Translator
from bot.services.base import FeatureService
from bot.services.proposals.model import Board, ClusterBoard, Entry
from bot.services.proposals.papers import papers
from bot.services.scoring.results import AWARD_NAMES, ResultsService
from domain.people import Person
from domain.proposals.decision import MAX_REASON, Decision, tidy_reason
from domain.refusals import ProposalRefusal, Refused
from domain.scoring.table import show_points
from domain.text import N_
from storage.membership.org import cluster_leader_recipients
from storage.proposals import queries
from storage.proposals.queries import DecisionRow, ProposalRef
from storage.scoring.steps import tables_of_year

FORWARDED_TEXT = N_(
    "Ban Thi đua - Khen thưởng đã trình Hội đồng Thi đua - Khen thưởng tỉnh đề nghị tặng "
    "{award} cho {unit} ({cluster}, năm {year}: hạng {rank}, {total} điểm)."
)
DECLINED_TEXT = N_(
    "Ban Thi đua - Khen thưởng không trình đề nghị tặng {award} cho {unit} ({cluster}, năm "
    "{year}). Lý do: {reason}"
)
NOTE_TEXT = N_("Ghi chú: {reason}")


def _told(ref: ProposalRef, decision: Decision, reason: str) -> Callable[[Translator], str]:
    def compose(t: Translator) -> str:
        award = t._(AWARD_NAMES.get(ref.award, ref.award))
        values = {"award": award, "unit": ref.unit_name, "cluster": ref.cluster_name,
                  "year": ref.year, "rank": ref.rank, "total": show_points(ref.total),
                  "reason": reason}  # fmt: skip
        if decision is Decision.DECLINED:
            return t._(DECLINED_TEXT).format(**values)
        text = t._(FORWARDED_TEXT).format(**values)
        return f"{text} {t._(NOTE_TEXT).format(reason=reason)}" if reason else text

    return compose


class ProposalService(FeatureService):
    """The admin's view of every cluster's proposals, and their decisions on them."""

    def _admin(self, person: Person | None) -> Person:
        return self.access.province(person, refusal=ProposalRefusal.NOT_ADMIN)

    async def default_year(self, person: Person | None) -> int:
        """Return the year to weigh: this one once a cluster published it, else the last."""
        self._admin(person)
        this = self.today.year
        for year in (this, this - 1):
            tables = await tables_of_year(session=self._session, year=year)
            if any(t.published_at is not None for t in tables):
                return year
        return this

    async def board(self, person: Person | None, year: int) -> Board:
        """Return every cluster with a table in `year`: its ranking, proposals and decisions."""
        self._admin(person)
        results = ResultsService(self._session, self._notify, self._now, self._province)
        tables = await tables_of_year(session=self._session, year=year)
        decided = await queries.decisions(session=self._session, table_ids=[t.id for t in tables])
        clusters = []
        for table in tables:
            published = await results.published_results(table.cluster_id, year)
            if published is None:
                clusters.append(
                    ClusterBoard(table.cluster_id, table.cluster_name, year, None, [], [])
                )
                continue
            entries = []
            for p in published.proposals:
                if p.status == "removed":  # the leader took it off the cluster's list
                    continue
                found = decided.get((table.id, p.award, p.unit_id))
                entries.append(Entry(
                    p.id, p.award, p.unit_id, p.unit_name, p.rank, p.total,
                    p.status == "confirmed", Decision(found.decision) if found else None,
                    found.reason if found else "",
                ))  # fmt: skip
            clusters.append(ClusterBoard(
                table.cluster_id, table.cluster_name, year, published.published_at,
                published.standings, entries,
            ))  # fmt: skip
        return Board(year, clusters)

    async def cluster(self, person: Person | None, cluster_id: int, year: int) -> ClusterBoard:
        """Return one cluster's board; refused when it has no published results that year."""
        board = await self.board(person, year)
        found = next((c for c in board.clusters if c.cluster_id == cluster_id), None)
        if found is None or found.published_at is None:
            raise Refused(ProposalRefusal.NOT_PUBLISHED)
        return found

    async def _proposal(self, proposal_id: int) -> ProposalRef:
        ref = await queries.proposal(session=self._session, proposal_id=proposal_id)
        if ref is None or ref.status == "removed":
            raise Refused(ProposalRefusal.NOT_FOUND)
        if not ref.published:
            raise Refused(ProposalRefusal.NOT_PUBLISHED)
        return ref

    async def entry(self, person: Person | None, proposal_id: int) -> tuple[ClusterBoard, Entry]:
        """Return a proposal as the office weighs it, with its cluster's ranking."""
        self._admin(person)
        ref = await self._proposal(proposal_id)
        board = await self.cluster(person, ref.cluster_id, ref.year)
        found = next((e for e in board.entries if e.proposal_id == proposal_id), None)
        if found is None:
            raise Refused(ProposalRefusal.NOT_FOUND)
        return board, found

    async def decide(
        self, person: Person | None, proposal_id: int, decision: Decision, reason: str = ""
    ) -> bool:
        """Forward a proposal to the Council or decline it (with a reason); tell the leaders.

        Return whether anything changed: the same decision twice is recorded and told once.
        """
        admin = self._admin(person)
        ref = await self._proposal(proposal_id)
        why = tidy_reason(reason, decision)
        if why is None:
            too_long = len(" ".join(reason.split())) > MAX_REASON
            raise Refused(ProposalRefusal.TOO_LONG if too_long else ProposalRefusal.NO_REASON)
        row = await queries.decide(
            session=self._session, key=(ref.table_id, ref.award, ref.unit_id),
            decision=decision.value, reason=why, actor_id=admin.member_id, now=self._now,
        )  # fmt: skip
        if row is None:
            return False
        await self._tell(ref, decision, why, row)
        return True

    async def _tell(
        self, ref: ProposalRef, decision: Decision, why: str, row: DecisionRow
    ) -> None:
        leaders = await cluster_leader_recipients(session=self._session, cluster_id=ref.cluster_id)
        # One key per change: a leader hears each decision once, and hears a change of mind.
        await self._notify.send(
            key=f"proposals:{ref.table_id}:{ref.award}:{ref.unit_id}:{row.changes}",
            recipients=leaders, compose=_told(ref, decision, why),
        )  # fmt: skip

    async def forward_rest(self, person: Person | None, cluster_id: int, year: int) -> int:
        """Forward every proposal of the cluster not yet weighed; return how many."""
        board = await self.cluster(person, cluster_id, year)
        done = 0
        for e in board.entries:
            if e.decision is None and await self.decide(person, e.proposal_id, Decision.FORWARDED):
                done += 1
        return done

    async def papers(self, person: Person | None, year: int) -> SubmissionData:
        """Return what the list and the submission state for `year` (the admin only)."""
        board = await self.board(person, year)
        if not board.published:
            raise Refused(ProposalRefusal.NOTHING, amount=year)
        return papers(board, self._province.documents, self.today, self._province.tz)

    async def list_file(self, person: Person | None, year: int) -> bytes:
        """Return the consolidated list of the year's proposals (.xlsx)."""
        return proposal_list(await self.papers(person, year))

    async def submission_file(self, person: Person | None, year: int) -> bytes:
        """Return the drafted submission to the Council (.docx), the list as its annex."""
        data = await self.papers(person, year)
        return await submission_bytes(data, self._province.directory)
