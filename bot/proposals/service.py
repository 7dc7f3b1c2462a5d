"""The proposals service: submit, list, withdraw, decide, move, and draft the agenda.

"Today" is the clock's local date; a meeting is open for proposals while ``today <= meeting - cut-off days``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock, local_today
from bot.proposals.agenda import DraftAgenda, build_draft_agenda
from bot.proposals.meetings import KnownMeeting, known_meetings
from bot.proposals.model import (
    MAX_DESCRIPTION,
    MAX_MINUTES_NEEDED,
    MAX_PRESENTER,
    MAX_TITLE,
    MAX_URL,
    MIN_MINUTES_NEEDED,
    AuditAction,
    NotSecretary,
    Person,
    Proposal,
    ProposalDraft,
    ProposalError,
    ProposalStatus,
    SubmitResult,
    UnknownCommitteeError,
    UnknownMeeting,
)
from bot.reminders.rules import DEFAULT_CUTOFF_DAYS
from bot.words import committee_key, format_date
from storage import proposals_repository as repo
from storage.database import writing
from storage.minutes_repository import list_committees, load_minutes

MAX_REASON = 2000
MAX_CUTOFF_DAYS = 90  # a quarter: committees meet at least that often
_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

_STATUS_DA = {  # in English the status's own value
    ProposalStatus.PENDING: "afventer behandling",
    ProposalStatus.ACCEPTED: "godkendt",
    ProposalStatus.REJECTED: "afvist",
    ProposalStatus.WITHDRAWN: "trukket tilbage",
}


class Proposals:
    """Agenda proposals for committees' meetings, over the database.

    ``configured_secretaries`` (committee name to Entra object ids) count alongside those added by
    command and cannot be removed by command; ``admins`` may do what a secretary may, for every committee.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        *,
        configured_secretaries: Mapping[str, Iterable[str]] | None = None,
        admins: Iterable[str] = (),
    ):
        self._sessions = sessions
        self._clock = clock
        self._configured: dict[str, set[str]] = {}
        self._admins = frozenset(_normalise_id(a) for a in admins)
        # The configured spelling of each committee, for committees with no stored minutes yet.
        self._configured_names: dict[str, str] = {}
        for committee, ids in (configured_secretaries or {}).items():
            self._configured.setdefault(committee_key(committee), set()).update(_normalise_id(i) for i in ids)
            self._configured_names.setdefault(committee_key(committee), " ".join(committee.split()))

    async def submit(
        self,
        draft: ProposalDraft,
        *,
        committee: str,
        submitter: Person,
        channel_id: str,
        conversation_id: str,
        activity_id: str,
    ) -> SubmitResult:
        """Store a proposal for the wished meeting, else the next open one; past its cut-off, the following
        open one (``rolled_over_from`` says which it missed). The same activity again (a Teams retry, even
        concurrent) returns the first proposal with ``created`` False.

        Raises:
            ProposalError: an invalid field. UnknownMeeting: no such upcoming or open meeting.
        """

        async with self._sessions() as session:
            # A retry gets its proposal back even if the cut-off has passed meanwhile.
            existing = await repo.proposal_by_activity(
                session, channel_id=channel_id, conversation_id=conversation_id, activity_id=activity_id
            )
        if existing is not None:
            return SubmitResult(existing.proposal, False, existing.rolled_over_from)

        clean = validate_draft(draft)
        now, today = self._clock.now(), local_today(self._clock)
        async with writing(self._sessions) as session:
            found = await repo.find_committee(session, committee)
            if found is None:
                raise _no_upcoming(committee.strip() or committee)
            committee_id, name = found
            upcoming = _upcoming(await known_meetings(session, name), today)
            stored_cutoff = await repo.cutoff_days(session, committee_id)
            cutoff = DEFAULT_CUTOFF_DAYS if stored_cutoff is None else stored_cutoff
            meeting_date, rolled_over_from = choose_meeting(clean.meeting_date, upcoming, today, cutoff, committee=name)
            new_id = await repo.insert_proposal(
                session,
                committee_id=committee_id,
                meeting_date=meeting_date,
                rolled_over_from=rolled_over_from,
                draft=clean,
                submitter=submitter,
                submitted_at=now,
                channel_id=channel_id,
                conversation_id=conversation_id,
                activity_id=activity_id,
            )
            if new_id is None:  # a concurrent retry stored it first
                existing = await repo.proposal_by_activity(
                    session, channel_id=channel_id, conversation_id=conversation_id, activity_id=activity_id
                )
                assert existing is not None
                return SubmitResult(existing.proposal, False, existing.rolled_over_from)
            details = {"meeting_date": meeting_date.isoformat(), "title": clean.title}
            if rolled_over_from is not None:
                details["rolled_over_from"] = rolled_over_from.isoformat()
            await repo.add_event(
                session, new_id, at=now, actor=submitter, action=AuditAction.SUBMITTED, details=details
            )
            stored = await repo.get_proposal(session, new_id)
            assert stored is not None
        return SubmitResult(stored.proposal, True, rolled_over_from)

    async def mine(self, submitter: Person) -> list[Proposal]:
        """A member's proposals that are not withdrawn, newest first."""
        async with self._sessions() as session:
            return await repo.proposals_by_submitter(session, submitter)

    async def withdraw(self, proposal_id: int, *, by: Person) -> Proposal:
        """Withdraw a pending proposal; only its submitter may (else ProposalError)."""
        now = self._clock.now()
        async with writing(self._sessions) as session:
            stored = await _existing(session, proposal_id)
            proposal = stored.proposal
            if not _same_person(by, proposal.submitter):
                raise ProposalError(
                    "Du kan kun trække dine egne forslag tilbage.", "You can only withdraw your own proposals."
                )
            if proposal.status != ProposalStatus.PENDING:
                raise ProposalError(
                    f"Forslaget “{proposal.title}” er {_STATUS_DA[proposal.status]} og kan ikke trækkes tilbage.",
                    f"The proposal “{proposal.title}” is {proposal.status.value} and cannot be withdrawn.",
                )
            await repo.update_status(session, proposal_id, ProposalStatus.WITHDRAWN, at=now, decided_by=None)
            await repo.add_event(session, proposal_id, at=now, actor=by, action=AuditAction.WITHDRAWN, details={})
            return await _reload(session, proposal_id)

    async def accept(self, proposal_id: int, *, by: Person) -> Proposal:
        """Accept a proposal for its meeting (also one rejected earlier); only a secretary may."""
        return await self._decide(proposal_id, by, ProposalStatus.ACCEPTED, None)

    async def reject(self, proposal_id: int, *, by: Person, reason: str) -> Proposal:
        """Reject a proposal with a reason the member will see (also one accepted earlier); only a secretary may."""
        return await self._decide(proposal_id, by, ProposalStatus.REJECTED, reason)

    async def move(self, proposal_id: int, *, by: Person, meeting_date: dt.date) -> Proposal:
        """Move a pending or accepted proposal to another upcoming meeting (cut-offs do not apply)."""
        now, today = self._clock.now(), local_today(self._clock)
        async with writing(self._sessions) as session:
            stored = await _existing(session, proposal_id)
            proposal = stored.proposal
            await self._require_secretary(session, proposal.committee, by)
            if proposal.status not in (ProposalStatus.PENDING, ProposalStatus.ACCEPTED):
                raise ProposalError(
                    f"Forslaget “{proposal.title}” er {_STATUS_DA[proposal.status]} og kan ikke flyttes.",
                    f"The proposal “{proposal.title}” is {proposal.status.value} and cannot be moved.",
                )
            upcoming = _upcoming(await known_meetings(session, proposal.committee), today)
            if meeting_date not in upcoming:
                raise _not_a_meeting(proposal.committee, meeting_date, upcoming)
            if meeting_date == proposal.meeting_date:
                raise ProposalError(
                    f"Forslaget er allerede på mødet den {format_date(meeting_date)}.",
                    f"The proposal is already on the meeting on {format_date(meeting_date, 'en')}.",
                )
            await repo.update_meeting(session, proposal_id, meeting_date, at=now)
            await repo.add_event(
                session, proposal_id, at=now, actor=by, action=AuditAction.MOVED,
                details={"from": proposal.meeting_date.isoformat(), "to": meeting_date.isoformat()},
            )  # fmt: skip  # keyword arguments grouped by meaning
            return await _reload(session, proposal_id)

    async def get(self, proposal_id: int) -> Proposal | None:
        async with self._sessions() as session:
            stored = await repo.get_proposal(session, proposal_id)
        return None if stored is None else stored.proposal

    async def pending(self, committee: str) -> list[Proposal]:
        """A committee's pending proposals by meeting, oldest first."""
        async with self._sessions() as session:
            return await repo.proposals_for_committee(session, committee, statuses=[ProposalStatus.PENDING])

    async def is_secretary(self, committee: str, aad_object_id: str | None) -> bool:
        """Whether an Entra object id is a secretary of the committee (by command or configuration)."""
        if not aad_object_id:
            return False
        async with self._sessions() as session:
            return await self._is_secretary(session, committee, aad_object_id)

    async def committees_of_secretary(self, aad_object_id: str | None) -> list[str]:
        """The committees an Entra object id is a secretary of (an admin: every one), sorted; by their stored
        name, else (no minutes yet) their configured one."""
        if not aad_object_id:
            return []
        object_id = _normalise_id(aad_object_id)
        admin = object_id in self._admins
        async with self._sessions() as session:
            names = {committee_key(n): n for n in await repo.committees_of_secretary(session, object_id)}
            stored = {committee_key(n): n for n in await list_committees(session)}
        if admin:
            names.update(stored)
        for key, ids in self._configured.items():
            if admin or object_id in ids:
                names.setdefault(key, stored.get(key, self._configured_names[key]))
        return sorted(names.values())

    async def add_secretary(self, committee: str, aad_object_id: str, *, by: str) -> str:
        """Make an Entra object id (a GUID) a secretary of a committee (an admin command); its stored name."""
        object_id = _checked_id(aad_object_id)
        async with writing(self._sessions) as session:
            committee_id, name = await _committee(session, committee)
            await repo.add_secretary(session, committee_id, object_id, added_by=by[:300], added_at=self._clock.now())
        return name

    async def remove_secretary(self, committee: str, aad_object_id: str, *, by: str) -> None:
        """Remove a secretary added by command (configured ones stay)."""
        object_id = _checked_id(aad_object_id)
        async with writing(self._sessions) as session:
            committee_id, name = await _committee(session, committee)
            removed = await repo.remove_secretary(session, committee_id, object_id)
        if removed:
            return
        if object_id in self._configured.get(committee_key(name), set()):
            raise ProposalError(
                f"{object_id} er sekretær for {name} i konfigurationen og kan kun fjernes dér.",
                f"{object_id} is a secretary of {name} in the configuration and can only be removed there.",
            )
        raise ProposalError(f"{object_id} er ikke sekretær for {name}.", f"{object_id} is not a secretary of {name}.")

    async def secretaries(self, committee: str) -> list[str]:
        """The Entra object ids of a committee's secretaries (command and configuration), sorted."""
        async with self._sessions() as session:
            stored = await repo.secretaries_of(session, committee)
        return sorted(set(stored) | self._configured.get(committee_key(committee), set()))

    async def upcoming_meetings(self, committee: str) -> list[dt.date]:
        """The committee's known meetings on or after today (local), oldest first."""
        async with self._sessions() as session:
            meetings = await known_meetings(session, committee)
        return _upcoming(meetings, local_today(self._clock))

    async def draft_agenda(self, committee: str, meeting_date: dt.date | None = None) -> DraftAgenda:
        """Draft the agenda of a known meeting (local date), by default the next one from today."""
        today = local_today(self._clock)
        async with self._sessions() as session:
            _, name = await _committee(session, committee)
            meetings = await known_meetings(session, name)
            upcoming = _upcoming(meetings, today)
            if meeting_date is None:
                if not upcoming:
                    raise _no_upcoming(name)
                meeting_date = upcoming[0]
            meeting = next((m for m in meetings if m.date == meeting_date), None)
            if meeting is None:
                raise _not_a_meeting(name, meeting_date, upcoming)
            earlier = [
                m
                for m in await load_minutes(session, committee=name)
                if m.meeting.date and m.meeting.date < meeting_date
            ]
            accepted = await repo.proposals_for_committee(
                session, name, statuses=[ProposalStatus.ACCEPTED], meeting_date=meeting_date
            )
        previous = max(earlier, key=lambda m: m.meeting.date) if earlier else None  # type: ignore[arg-type, return-value]  # earlier holds only dated meetings
        return build_draft_agenda(
            committee=name,
            meeting_date=meeting.date,
            start_time=meeting.start_time,
            place=meeting.place,
            previous=previous,
            accepted=accepted,
        )

    async def cutoff_days(self, committee: str) -> tuple[str, int]:
        """The committee's stored name and how many days before a meeting its proposals close."""
        async with self._sessions() as session:
            committee_id, name = await _committee(session, committee)
            stored = await repo.cutoff_days(session, committee_id)
        return name, DEFAULT_CUTOFF_DAYS if stored is None else stored

    async def set_cutoff_days(self, committee: str, days: int, *, by: Person) -> str:
        """Set the committee's cut-off (secretaries only, 0..MAX_CUTOFF_DAYS); its stored name."""
        if not 0 <= days <= MAX_CUTOFF_DAYS:
            raise ProposalError(
                f"Fristen skal være et helt antal dage mellem 0 og {MAX_CUTOFF_DAYS} før mødet.",
                f"The cut-off must be a whole number of days between 0 and {MAX_CUTOFF_DAYS} before the meeting.",
            )
        async with writing(self._sessions) as session:
            committee_id, name = await _committee(session, committee)
            await self._require_secretary(session, name, by)
            await repo.set_cutoff_days(session, committee_id, days, by=by, at=self._clock.now())
        return name

    async def _is_secretary(self, session: AsyncSession, committee: str, aad_object_id: str) -> bool:
        object_id = _normalise_id(aad_object_id)
        if object_id in self._admins or object_id in self._configured.get(committee_key(committee), set()):
            return True
        return object_id in await repo.secretaries_of(session, committee)

    async def _require_secretary(self, session: AsyncSession, committee: str, by: Person) -> None:
        if by.aad_object_id and await self._is_secretary(session, committee, by.aad_object_id):
            return
        raise NotSecretary(
            f"Beklager, det er kun sekretariatet for {committee}, der kan godkende, afvise eller flytte forslag "
            "og ændre fristen. Skriv til sekretariatet, hvis noget skal ændres.",
            f"Sorry, only the secretariat of {committee} can accept, reject or move proposals and change the "
            "cut-off. Please contact the secretariat if something should change.",
        )

    async def _decide(self, proposal_id: int, by: Person, status: ProposalStatus, reason: str | None) -> Proposal:
        now = self._clock.now()
        async with writing(self._sessions) as session:
            stored = await _existing(session, proposal_id)
            proposal = stored.proposal
            await self._require_secretary(session, proposal.committee, by)
            if status == ProposalStatus.REJECTED:
                reason = " ".join((reason or "").split())
                if not reason:
                    raise ProposalError(
                        "Skriv en begrundelse for afvisningen; forslagsstilleren får den at se.",
                        "Give a reason for the rejection; the member who proposed it will see it.",
                    )
                if len(reason) > MAX_REASON:
                    raise ProposalError(
                        f"Begrundelsen er for lang ({len(reason)} tegn); højst {MAX_REASON}.",
                        f"The reason is too long ({len(reason)} characters); at most {MAX_REASON}.",
                    )
            if proposal.status == ProposalStatus.WITHDRAWN:
                raise ProposalError(
                    f"Forslaget “{proposal.title}” er trukket tilbage af forslagsstilleren.",
                    f"The proposal “{proposal.title}” has been withdrawn by the member.",
                )
            if proposal.status == status:
                raise ProposalError(
                    f"Forslaget “{proposal.title}” er allerede {_STATUS_DA[status]}.",
                    f"The proposal “{proposal.title}” is already {status.value}.",
                )
            await repo.update_status(session, proposal_id, status, at=now, decided_by=by, reason=reason)
            details: dict[str, str] = {"from": proposal.status.value}
            if reason:
                details["reason"] = reason
            action = AuditAction.ACCEPTED if status == ProposalStatus.ACCEPTED else AuditAction.REJECTED
            await repo.add_event(session, proposal_id, at=now, actor=by, action=action, details=details)
            return await _reload(session, proposal_id)


def validate_draft(draft: ProposalDraft) -> ProposalDraft:
    """The draft trimmed and checked (title 1..MAX_TITLE, minutes 1..240, an http(s) link), else ProposalError."""
    title = " ".join(draft.title.split()) if isinstance(draft.title, str) else ""
    if not title:
        raise ProposalError(
            "Forslaget mangler en titel. Skriv en kort titel på punktet.",
            "The proposal needs a title. Write a short title for the item.",
        )
    if len(title) > MAX_TITLE:
        raise ProposalError(
            f"Titlen er for lang ({len(title)} tegn); den må højst være {MAX_TITLE} tegn. "
            "Skriv detaljerne i beskrivelsen.",
            f"The title is too long ({len(title)} characters); it may be at most {MAX_TITLE}. "
            "Put the details in the description.",
        )
    description = _optional_text(draft.description)
    if description is not None and len(description) > MAX_DESCRIPTION:
        raise ProposalError(
            f"Beskrivelsen er for lang ({len(description)} tegn); højst {MAX_DESCRIPTION}. Læg resten i materialet.",
            f"The description is too long ({len(description)} characters); at most {MAX_DESCRIPTION}. "
            "Put the rest in the material.",
        )
    presenter = _optional_text(draft.presenter)
    if presenter is not None:
        presenter = " ".join(presenter.split())
        if len(presenter) > MAX_PRESENTER:
            raise ProposalError(
                f"Oplægsholderens navn er for langt; højst {MAX_PRESENTER} tegn.",
                f"The presenter's name is too long; at most {MAX_PRESENTER} characters.",
            )
    minutes = draft.minutes_needed
    if minutes is not None and (
        isinstance(minutes, bool)
        or not isinstance(minutes, int)
        or not MIN_MINUTES_NEEDED <= minutes <= MAX_MINUTES_NEEDED
    ):
        raise ProposalError(
            f"Tiden til punktet skal være et helt antal minutter mellem {MIN_MINUTES_NEEDED} og {MAX_MINUTES_NEEDED}.",
            f"The time for the item must be a whole number of minutes between {MIN_MINUTES_NEEDED} and "
            f"{MAX_MINUTES_NEEDED}.",
        )
    url = _optional_text(draft.material_url)
    if url is not None and not _is_web_link(url):
        raise ProposalError(
            "Linket til materialet skal være en webadresse, der begynder med https:// eller http://.",
            "The link to the material must be a web address starting with https:// or http://.",
        )
    return ProposalDraft(
        title=title,
        description=description,
        presenter=presenter,
        minutes_needed=minutes,
        material_url=url,
        meeting_date=draft.meeting_date,
    )


def choose_meeting(
    wished: dt.date | None, upcoming: list[dt.date], today: dt.date, cutoff_days: int, *, committee: str
) -> tuple[dt.date, dt.date | None]:
    """The meeting a proposal goes to (``upcoming`` are from today, oldest first), and the one it missed."""
    if not upcoming:
        raise _no_upcoming(committee)
    open_meetings = [day for day in upcoming if today <= day - dt.timedelta(days=cutoff_days)]
    target = upcoming[0] if wished is None else wished
    if target not in upcoming:
        raise _not_a_meeting(committee, target, open_meetings or upcoming)
    if target in open_meetings:
        return target, None
    following = next((day for day in open_meetings if day > target), None)
    if following is None:
        raise UnknownMeeting(
            f"Der er ingen kommende møder kendt for {committee}, som stadig tager imod forslag (fristen er "
            f"{cutoff_days} dage før mødet) — bed sekretariatet om at lægge mødekalenderen ind.",
            f"No upcoming meetings are known for {committee} that still take proposals (the cut-off is "
            f"{cutoff_days} days before the meeting) — ask the secretariat to add the meeting calendar.",
        )
    return following, target


def _upcoming(meetings: list[KnownMeeting], today: dt.date) -> list[dt.date]:
    return [meeting.date for meeting in meetings if meeting.date >= today]


def _no_upcoming(committee: str) -> UnknownMeeting:
    return UnknownMeeting(
        f"Der er ingen kommende møder kendt for {committee} — bed sekretariatet om at lægge mødekalenderen ind.",
        f"No upcoming meetings are known for {committee} — ask the secretariat to add the meeting calendar.",
    )


def _not_a_meeting(committee: str, day: dt.date, choices: list[dt.date]) -> UnknownMeeting:
    if not choices:
        return _no_upcoming(committee)
    listed_da = ", ".join(format_date(choice) for choice in choices)
    listed_en = ", ".join(format_date(choice, "en") for choice in choices)
    return UnknownMeeting(
        f"Der er intet kendt møde i {committee} den {format_date(day)}. Vælg et af disse møder: {listed_da}.",
        f"No meeting of {committee} is known on {format_date(day, 'en')}. Choose one of these meetings: {listed_en}.",
    )


async def _committee(session: AsyncSession, committee: str) -> tuple[int, str]:
    found = await repo.find_committee(session, committee)
    if found is not None:
        return found
    known = await list_committees(session)
    listed = "; ".join(f"“{name}”" for name in known)
    raise UnknownCommitteeError(
        f"Kender ingen gruppe, der hedder “{committee}”. Kendte grupper: {listed or 'ingen endnu'}.",
        f"No committee called “{committee}” is known. Known committees: {listed or 'none yet'}.",
    )


async def _existing(session: AsyncSession, proposal_id: int) -> repo.StoredProposal:
    stored = await repo.get_proposal(session, proposal_id, for_update=True)
    if stored is None:
        raise ProposalError(f"Der er intet forslag nr. {proposal_id}.", f"There is no proposal number {proposal_id}.")
    return stored


async def _reload(session: AsyncSession, proposal_id: int) -> Proposal:
    stored = await repo.get_proposal(session, proposal_id)
    assert stored is not None  # changed in this transaction
    return stored.proposal


def _same_person(a: Person, b: Person) -> bool:
    same_id = a.aad_object_id and b.aad_object_id and _normalise_id(a.aad_object_id) == _normalise_id(b.aad_object_id)
    return a.user_id == b.user_id or bool(same_id)


def _normalise_id(aad_object_id: str) -> str:
    # GUIDs are case-insensitive; Teams sends them lower-case, admins may paste them upper-case.
    return aad_object_id.strip().lower()


def _checked_id(aad_object_id: str) -> str:
    object_id = _normalise_id(aad_object_id)
    if not _GUID.match(object_id):
        raise ProposalError(
            f"“{aad_object_id}” ligner ikke et Entra-objekt-id (en GUID som 0b6a3c1e-1234-4abc-9def-0123456789ab).",
            f"“{aad_object_id}” does not look like an Entra object id "
            "(a GUID like 0b6a3c1e-1234-4abc-9def-0123456789ab).",
        )
    return object_id


def _optional_text(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def _is_web_link(url: str) -> bool:
    if len(url) > MAX_URL or any(ch.isspace() for ch in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
