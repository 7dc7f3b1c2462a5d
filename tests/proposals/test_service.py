"""The proposals service over a real database (SQLite file and PostgreSQL), with a fixed clock.

Seed 002 (Fokusgruppen Sundhed & Beskæftigelse, 2 September 2020) lists the 2021 meetings:
11 February, 27 May, 7 September and 8 December. Seed 000 (Følgegruppen for uddannelse og
arbejde, 4 February 2021) names its next meeting: 13 April 2021.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import FixedClock
from bot.minutes.model import Minutes
from bot.proposals.model import (
    MAX_TITLE,
    NotSecretary,
    ProposalDraft,
    ProposalError,
    ProposalStatus,
    UnknownCommitteeError,
    UnknownMeeting,
)
from bot.proposals.service import Proposals
from storage import proposals_repository as repo
from storage.models import ProposalEventRow, ProposalRow
from tests.proposals.conftest import BESKAEFTIGELSE, MEMBER, OTHER, SECRETARY, UDDANNELSE, ingest

Sessions = async_sessionmaker[AsyncSession]
CPH = ZoneInfo("Europe/Copenhagen")
FEB_11, MAY_27, SEP_7, DEC_8 = dt.date(2021, 2, 11), dt.date(2021, 5, 27), dt.date(2021, 9, 7), dt.date(2021, 12, 8)
APRIL_13 = dt.date(2021, 4, 13)
# What an UnknownMeeting of seed 002's committee offers to choose from.
CHOICES = "Choose one of these meetings: 11 February 2021, 27 May 2021, 7 September 2021, 8 December 2021."
DRAFT = ProposalDraft(title="Status på IPS i Holstebro", presenter="Kim U Christensen", minutes_needed=20)


def at_local(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> FixedClock:
    return FixedClock(dt.datetime(year, month, day, hour, minute, tzinfo=CPH))


@pytest.fixture
async def service(sessions: Sessions, seed002: Minutes, seed000: Minutes) -> Proposals:
    await ingest(sessions, seed002, seed000)
    return Proposals(sessions, at_local(2021, 1, 20))


async def submit(
    service: Proposals,
    draft: ProposalDraft = DRAFT,
    *,
    activity: str = "1611133200000",
    committee: str = BESKAEFTIGELSE,
    conversation: str = "a:1personal-anne",
    by=MEMBER,
):
    return await service.submit(
        draft,
        committee=committee,
        submitter=by,
        channel_id="msteams",
        conversation_id=conversation,
        activity_id=activity,
    )


async def count(sessions: Sessions, model: type) -> int:
    async with sessions() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def audit(sessions: Sessions, proposal_id: int) -> list:
    async with sessions() as session:
        return await repo.proposal_events(session, proposal_id)


async def make_secretary(service: Proposals, committee: str = BESKAEFTIGELSE) -> None:
    await service.add_secretary(committee, SECRETARY.aad_object_id, by="admin")


# --- submitting --------------------------------------------------------------------------


async def test_submit_goes_to_the_next_open_meeting(sessions: Sessions, service: Proposals) -> None:
    result = await submit(service)

    assert result.created is True
    assert result.rolled_over_from is None
    proposal = result.proposal
    assert proposal.committee == BESKAEFTIGELSE
    assert proposal.meeting_date == FEB_11
    assert (proposal.title, proposal.presenter, proposal.minutes_needed) == (
        "Status på IPS i Holstebro",
        "Kim U Christensen",
        20,
    )
    assert proposal.status == ProposalStatus.PENDING
    assert proposal.submitter == MEMBER
    assert proposal.submitted_at == dt.datetime(2021, 1, 20, 9, 0, tzinfo=dt.UTC)
    assert (proposal.channel_id, proposal.conversation_id) == ("msteams", "a:1personal-anne")
    assert await service.get(proposal.id) == proposal
    [entry] = await audit(sessions, proposal.id)
    assert (entry.action, entry.actor, entry.at) == ("submitted", MEMBER, proposal.submitted_at)
    assert entry.details["meeting_date"] == "2021-02-11"


async def test_default_cutoff_is_ten_days_before_by_the_local_date(sessions: Sessions, service: Proposals) -> None:
    # 1 February 23:30 in Copenhagen is still ten days before 11 February: open.
    on_time = Proposals(sessions, at_local(2021, 2, 1, 23, 30))
    assert (await submit(on_time, activity="a1")).proposal.meeting_date == FEB_11

    # 2 February 00:30 local (still 1 February in UTC): closed, so the next meeting.
    late = Proposals(sessions, at_local(2021, 2, 2, 0, 30))
    result = await submit(late, activity="a2")
    assert result.proposal.meeting_date == MAY_27
    assert result.rolled_over_from == FEB_11
    assert (await audit(sessions, result.proposal.id))[0].details["rolled_over_from"] == "2021-02-11"

    # A wished meeting past its cut-off rolls over too.
    wished = await submit(late, replace(DRAFT, meeting_date=FEB_11), activity="a3")
    assert (wished.proposal.meeting_date, wished.rolled_over_from) == (MAY_27, FEB_11)


async def test_custom_cutoff_per_committee(sessions: Sessions, service: Proposals) -> None:
    clock = at_local(2021, 2, 5)
    proposals = Proposals(sessions, clock)
    assert (await submit(proposals, activity="b1")).proposal.meeting_date == MAY_27  # default: closed

    async with sessions() as session, session.begin():
        committee_id, _ = await repo.find_committee(session, "fokusgruppen sundhed & beskæftigelse")
        await repo.set_cutoff_days(session, committee_id, 3, by=SECRETARY, at=clock.now())

    result = await submit(proposals, activity="b2")
    assert (result.proposal.meeting_date, result.rolled_over_from) == (FEB_11, None)
    clock.advance(dt.timedelta(days=4))  # 9 February: 2 days before
    result = await submit(proposals, activity="b3")
    assert (result.proposal.meeting_date, result.rolled_over_from) == (MAY_27, FEB_11)
    # Another committee keeps the default.
    with pytest.raises(UnknownMeeting):
        await submit(Proposals(sessions, at_local(2021, 4, 5)), activity="b5", committee=UDDANNELSE)


async def test_a_wished_meeting_must_be_a_known_upcoming_one(service: Proposals) -> None:
    result = await submit(service, replace(DRAFT, meeting_date=SEP_7))
    assert result.proposal.meeting_date == SEP_7

    for wrong in (dt.date(2021, 3, 1), dt.date(2020, 9, 2)):  # not a meeting; a past one
        with pytest.raises(UnknownMeeting) as raised:
            await submit(service, replace(DRAFT, meeting_date=wrong), activity=f"x{wrong}")
        assert raised.value.en.endswith(CHOICES)
        assert "Vælg et af disse møder: 11. februar 2021, 27. maj 2021" in raised.value.da
        assert "Choose one of these meetings: 11 February 2021, 27 May 2021" in raised.value.en


async def test_no_upcoming_meeting_known(sessions: Sessions, service: Proposals) -> None:
    later = Proposals(sessions, at_local(2022, 1, 3))
    with pytest.raises(UnknownMeeting) as raised:
        await submit(later)
    assert raised.value.da == (
        "Der er ingen kommende møder kendt for Fokusgruppen Sundhed & Beskæftigelse — "
        "bed sekretariatet om at lægge mødekalenderen ind."
    )
    assert raised.value.en.startswith("No upcoming meetings are known for Fokusgruppen Sundhed & Beskæftigelse")

    # Only a meeting past its cut-off is left.
    with pytest.raises(UnknownMeeting) as raised:
        await submit(Proposals(sessions, at_local(2021, 12, 1)))
    assert raised.value.da.startswith("Der er ingen kommende møder kendt for Fokusgruppen Sundhed & Beskæftigelse")

    with pytest.raises(UnknownMeeting):
        await submit(service, committee="Regionsrådet")
    assert await count(sessions, ProposalRow) == 0


@pytest.mark.parametrize(
    ("draft", "danish", "english"),
    [
        (ProposalDraft(title="   \n "), "mangler en titel", "needs a title"),
        (ProposalDraft(title="x" * (MAX_TITLE + 1)), f"højst være {MAX_TITLE} tegn", f"at most {MAX_TITLE}"),
        (ProposalDraft(title="IPS", minutes_needed=0), "mellem 1 og 240", "between 1 and 240"),
        (ProposalDraft(title="IPS", minutes_needed=241), "mellem 1 og 240", "between 1 and 240"),
        (ProposalDraft(title="IPS", material_url="ftp://filer.rm.dk/ips.pdf"), "https://", "https://"),
        (ProposalDraft(title="IPS", material_url="javascript:alert(1)"), "webadresse", "web address"),
        (ProposalDraft(title="IPS", material_url="www.rm.dk/ips"), "webadresse", "web address"),
        (ProposalDraft(title="IPS", description="x" * 5000), "Beskrivelsen er for lang", "description is too long"),
    ],
)
async def test_validation_messages_in_danish_and_english(
    sessions: Sessions, service: Proposals, draft: ProposalDraft, danish: str, english: str
) -> None:
    with pytest.raises(ProposalError) as raised:
        await submit(service, draft)

    assert danish in raised.value.da
    assert english in raised.value.en
    assert raised.value.message("en-GB") == raised.value.en
    assert raised.value.message("da-DK") == raised.value.da
    assert await count(sessions, ProposalRow) == 0


async def test_fields_are_trimmed_and_the_longest_title_is_accepted(service: Proposals) -> None:
    title = "  " + "Ø" * (MAX_TITLE - 4) + "  \n  to  "
    draft = ProposalDraft(title=title, description="  \n ", presenter="  Kim  U ", material_url=" https://rm.dk/x ")

    proposal = (await submit(service, draft)).proposal

    assert proposal.title == "Ø" * (MAX_TITLE - 4) + " to"
    assert len(proposal.title) == MAX_TITLE - 1
    assert (proposal.description, proposal.presenter, proposal.material_url) == (None, "Kim U", "https://rm.dk/x")


# --- idempotency -------------------------------------------------------------------------


async def test_a_retried_activity_returns_the_first_proposal(sessions: Sessions, service: Proposals) -> None:
    first = await submit(service)
    again = await submit(service, replace(DRAFT, title="Changed on retry"))

    assert (again.created, again.proposal) == (False, first.proposal)
    # The same activity id in another conversation is another activity.
    other = await submit(service, conversation="19:abc@thread.tacv2")
    assert other.created and other.proposal.id != first.proposal.id
    assert await count(sessions, ProposalRow) == 2
    assert await count(sessions, ProposalEventRow) == 2


async def test_a_retry_after_the_cutoff_still_returns_the_proposal(sessions: Sessions, service: Proposals) -> None:
    first = await submit(service)
    late = Proposals(sessions, at_local(2021, 2, 9))

    again = await submit(late)

    assert (again.created, again.proposal, again.rolled_over_from) == (False, first.proposal, None)
    assert again.proposal.meeting_date == FEB_11


async def test_concurrent_retries_store_one_proposal(sessions: Sessions, service: Proposals) -> None:
    results = await asyncio.gather(*(submit(service) for _ in range(6)))

    assert sum(result.created for result in results) == 1
    assert len({result.proposal.id for result in results}) == 1
    assert await count(sessions, ProposalRow) == 1
    assert await count(sessions, ProposalEventRow) == 1


# --- members' own proposals ----------------------------------------------------------------


async def test_mine_lists_own_proposals_newest_first(sessions: Sessions, service: Proposals, seed000: Minutes) -> None:
    clock = at_local(2021, 1, 20)
    proposals = Proposals(sessions, clock)
    first = (await submit(proposals, activity="m1")).proposal
    clock.advance(dt.timedelta(hours=1))
    second = (await submit(proposals, activity="m2", committee=UDDANNELSE)).proposal
    clock.advance(dt.timedelta(hours=1))
    third = (await submit(proposals, activity="m3")).proposal
    await submit(proposals, activity="m4", by=OTHER)
    await proposals.withdraw(third.id, by=MEMBER)

    assert [p.id for p in await proposals.mine(MEMBER)] == [second.id, first.id]
    # The same person from another bot registration: recognised by the Entra object id.
    assert len(await proposals.mine(replace(MEMBER, user_id="29:1other-registration"))) == 2


async def test_only_the_submitter_withdraws_and_only_while_pending(sessions: Sessions, service: Proposals) -> None:
    proposal = (await submit(service)).proposal

    with pytest.raises(ProposalError) as raised:
        await service.withdraw(proposal.id, by=OTHER)
    assert "egne forslag" in raised.value.da and "your own" in raised.value.en
    assert (await service.get(proposal.id)).status == ProposalStatus.PENDING

    withdrawn = await service.withdraw(proposal.id, by=MEMBER)
    assert withdrawn.status == ProposalStatus.WITHDRAWN
    with pytest.raises(ProposalError):
        await service.withdraw(proposal.id, by=MEMBER)
    assert [e.action for e in await audit(sessions, proposal.id)] == ["submitted", "withdrawn"]
    with pytest.raises(ProposalError):
        await service.withdraw(999_999, by=MEMBER)


# --- secretaries -------------------------------------------------------------------------


async def test_a_non_secretary_is_politely_refused(sessions: Sessions, service: Proposals) -> None:
    proposal = (await submit(service)).proposal
    await make_secretary(service, UDDANNELSE)  # a secretary of another committee

    for attempt in (
        service.accept(proposal.id, by=MEMBER),
        service.accept(proposal.id, by=replace(SECRETARY, aad_object_id=None)),
        service.accept(proposal.id, by=SECRETARY),
        service.reject(proposal.id, by=OTHER, reason="Nej"),
        service.move(proposal.id, by=OTHER, meeting_date=MAY_27),
    ):
        with pytest.raises(NotSecretary) as raised:
            await attempt
        assert raised.value.da.startswith("Beklager, det er kun sekretariatet for Fokusgruppen")
        assert raised.value.en.startswith("Sorry, only the secretariat of Fokusgruppen")
    assert (await service.get(proposal.id)).status == ProposalStatus.PENDING
    assert [e.action for e in await audit(sessions, proposal.id)] == ["submitted"]


async def test_an_admin_decides_for_every_committee_a_secretary_only_for_theirs(
    sessions: Sessions, service: Proposals
) -> None:
    admin = replace(OTHER, aad_object_id="5A4B3C2D-1E0F-4A9B-8C7D-6E5F4A3B2C1D")  # as pasted, upper case
    proposals = Proposals(sessions, at_local(2021, 1, 20), admins=[admin.aad_object_id.lower()])
    await make_secretary(proposals, UDDANNELSE)
    proposal = (await submit(proposals)).proposal

    with pytest.raises(NotSecretary):
        await proposals.accept(proposal.id, by=SECRETARY)
    accepted = await proposals.accept(proposal.id, by=admin)

    assert accepted.status == ProposalStatus.ACCEPTED and accepted.decided_by == admin
    assert await proposals.committees_of_secretary(admin.aad_object_id) == sorted([BESKAEFTIGELSE, UDDANNELSE])
    assert await proposals.committees_of_secretary(SECRETARY.aad_object_id) == [UDDANNELSE]
    assert await proposals.secretaries(BESKAEFTIGELSE) == []  # an admin is not told as a secretary is


async def test_accept_reject_and_move_are_audited(sessions: Sessions, service: Proposals) -> None:
    clock = at_local(2021, 1, 20)
    proposals = Proposals(sessions, clock)
    proposal = (await submit(proposals)).proposal
    await make_secretary(proposals)

    clock.advance(dt.timedelta(minutes=5))
    accepted = await proposals.accept(proposal.id, by=SECRETARY)
    assert accepted.status == ProposalStatus.ACCEPTED
    assert (accepted.decided_by, accepted.decided_at) == (SECRETARY, clock.now())
    with pytest.raises(ProposalError):
        await proposals.accept(proposal.id, by=SECRETARY)

    clock.advance(dt.timedelta(minutes=5))
    moved = await proposals.move(proposal.id, by=SECRETARY, meeting_date=SEP_7)
    assert (moved.meeting_date, moved.status) == (SEP_7, ProposalStatus.ACCEPTED)
    with pytest.raises(UnknownMeeting) as raised:
        await proposals.move(proposal.id, by=SECRETARY, meeting_date=dt.date(2021, 6, 1))
    assert raised.value.en.endswith(CHOICES)
    with pytest.raises(ProposalError):
        await proposals.move(proposal.id, by=SECRETARY, meeting_date=SEP_7)

    with pytest.raises(ProposalError) as raised:
        await proposals.reject(proposal.id, by=SECRETARY, reason="  ")
    assert "begrundelse" in raised.value.da and "reason" in raised.value.en
    clock.advance(dt.timedelta(minutes=5))
    rejected = await proposals.reject(proposal.id, by=SECRETARY, reason="Hører under fokusgruppen for psykiatri")
    assert (rejected.status, rejected.reason) == (ProposalStatus.REJECTED, "Hører under fokusgruppen for psykiatri")
    with pytest.raises(ProposalError):
        await proposals.move(proposal.id, by=SECRETARY, meeting_date=DEC_8)

    trail = await audit(sessions, proposal.id)
    assert [(e.action, e.actor) for e in trail] == [
        ("submitted", MEMBER),
        ("accepted", SECRETARY),
        ("moved", SECRETARY),
        ("rejected", SECRETARY),
    ]
    assert [e.at for e in trail] == sorted(e.at for e in trail)
    assert trail[1].details == {"from": "pending"}
    assert trail[2].details == {"from": "2021-02-11", "to": "2021-09-07"}
    assert trail[3].details == {"from": "accepted", "reason": "Hører under fokusgruppen for psykiatri"}
    assert all(e.at.tzinfo is not None for e in trail)


async def test_pending_lists_a_committees_undecided_proposals(service: Proposals) -> None:
    a = (await submit(service, activity="p1")).proposal
    b = (await submit(service, replace(DRAFT, meeting_date=MAY_27), activity="p2")).proposal
    c = (await submit(service, activity="p3")).proposal
    await submit(service, activity="p4", committee=UDDANNELSE)
    await make_secretary(service)
    await service.accept(c.id, by=SECRETARY)

    assert [p.id for p in await service.pending(BESKAEFTIGELSE)] == [a.id, b.id]


async def test_secretaries_by_command(service: Proposals) -> None:
    upper = SECRETARY.aad_object_id.upper()

    assert await service.add_secretary("  fokusgruppen SUNDHED &  beskæftigelse ", upper, by="admin") == BESKAEFTIGELSE
    await service.add_secretary(BESKAEFTIGELSE, SECRETARY.aad_object_id, by="admin")  # again: nothing new

    assert await service.secretaries(BESKAEFTIGELSE) == [SECRETARY.aad_object_id]
    assert await service.is_secretary(BESKAEFTIGELSE, upper)
    assert not await service.is_secretary(UDDANNELSE, SECRETARY.aad_object_id)
    assert not await service.is_secretary(BESKAEFTIGELSE, None)

    await service.remove_secretary(BESKAEFTIGELSE, SECRETARY.aad_object_id, by="admin")
    assert await service.secretaries(BESKAEFTIGELSE) == []
    with pytest.raises(ProposalError):
        await service.remove_secretary(BESKAEFTIGELSE, SECRETARY.aad_object_id, by="admin")
    with pytest.raises(UnknownCommitteeError) as raised:
        await service.add_secretary("Regionsrådet", SECRETARY.aad_object_id, by="admin")
    assert raised.value.en.endswith(f"Known committees: “{BESKAEFTIGELSE}”; “{UDDANNELSE}”.")
    with pytest.raises(ProposalError) as raised:
        await service.add_secretary(BESKAEFTIGELSE, "line@rm.dk", by="admin")
    assert "GUID" in raised.value.da


async def test_secretaries_from_configuration(sessions: Sessions, service: Proposals) -> None:
    configured = Proposals(
        sessions,
        at_local(2021, 1, 20),
        configured_secretaries={"fokusgruppen sundhed & beskæftigelse": [SECRETARY.aad_object_id.upper()]},
    )
    proposal = (await submit(configured)).proposal

    assert await configured.is_secretary(BESKAEFTIGELSE, SECRETARY.aad_object_id)
    assert (await configured.accept(proposal.id, by=SECRETARY)).status == ProposalStatus.ACCEPTED
    assert await configured.secretaries(BESKAEFTIGELSE) == [SECRETARY.aad_object_id]
    with pytest.raises(ProposalError) as raised:
        await configured.remove_secretary(BESKAEFTIGELSE, SECRETARY.aad_object_id, by="admin")
    assert "konfigurationen" in raised.value.da


# --- meetings and the draft agenda ---------------------------------------------------------


async def test_upcoming_meetings_from_the_local_date(sessions: Sessions, service: Proposals) -> None:
    assert await service.upcoming_meetings(BESKAEFTIGELSE) == [FEB_11, MAY_27, SEP_7, DEC_8]
    assert await Proposals(sessions, at_local(2021, 5, 27, 23, 59)).upcoming_meetings(BESKAEFTIGELSE) == [
        MAY_27,
        SEP_7,
        DEC_8,
    ]
    # The meeting of seed 000 itself counts as a meeting (its minutes give its date).
    assert await service.upcoming_meetings(UDDANNELSE) == [dt.date(2021, 2, 4), APRIL_13]
    assert await Proposals(sessions, at_local(2021, 2, 5)).upcoming_meetings(UDDANNELSE) == [APRIL_13]
    assert await service.upcoming_meetings("Regionsrådet") == []


async def test_draft_agenda_after_seed_000(sessions: Sessions, service: Proposals) -> None:
    proposals = Proposals(sessions, at_local(2021, 2, 10))
    await make_secretary(proposals, UDDANNELSE)
    kept = (
        await submit(
            proposals,
            ProposalDraft("Nyt fra PLO", presenter="Jens Hartvig Skov", minutes_needed=15),
            activity="d1",
            committee=UDDANNELSE,
        )
    ).proposal
    await submit(proposals, ProposalDraft("Endnu ikke behandlet"), activity="d2", committee=UDDANNELSE)
    await proposals.accept(kept.id, by=SECRETARY)

    agenda = await proposals.draft_agenda("følgegruppen for uddannelse og arbejde")

    assert (agenda.committee, agenda.meeting_date, agenda.based_on) == (
        UDDANNELSE,
        APRIL_13,
        "000_ff41c34304ad259a.txt",
    )
    titles = [item.title for item in agenda.items]
    assert sum("Prøvehandlinger for 3 somatiske patientgrupper" in title for title in titles) == 1
    for listed in (
        "Temadrøftelse om praksisplanen – invitere repræsentant (fx Anita Lerche med)",
        "Evt. fast statuspunkt om IPS",
        "Borgere med PTSD",
        "Drøftelse af følgegruppens input til midtvejsstatus for Sundhedsaftalen 2019-2023",
    ):
        assert listed in titles
    assert any(title.startswith("Opfølgning vedr. dagens drøftelse") for title in titles)
    assert (agenda.items[-2].title, agenda.items[-2].presenter, agenda.items[-2].minutes) == (
        "Nyt fra PLO",
        "Jens Hartvig Skov",
        15,
    )
    assert "Endnu ikke behandlet" not in titles
    assert titles[-1] == "Eventuelt"


async def test_draft_agenda_after_seed_002(sessions: Sessions, service: Proposals) -> None:
    agenda = await Proposals(sessions, at_local(2020, 9, 10)).draft_agenda(BESKAEFTIGELSE)

    assert (agenda.meeting_date, agenda.start_time, agenda.place) == (FEB_11, dt.time(8, 30), "HEV")
    assert [item.title for item in agenda.items] == [
        "Velkomst og godkendelse af dagsorden",
        "Godkendelse af referat fra mødet den 2. september 2020",
        "Principper i arbejdsrettet rehabilitering og vurdering af funktionsevne/arbejdsevne",
        "Aktuel status på dagpengeområdet",
        "Eventuelt",
    ]
    assert agenda.items[2].presenter == "Dorthe Rubak"
    # A later meeting in the calendar, chosen explicitly, drafts from the same minutes.
    assert (await service.draft_agenda(BESKAEFTIGELSE, MAY_27)).place == "Lemvig"


async def test_draft_agenda_needs_a_known_meeting(sessions: Sessions, service: Proposals) -> None:
    with pytest.raises(UnknownMeeting) as raised:
        await service.draft_agenda(BESKAEFTIGELSE, dt.date(2021, 3, 1))
    assert raised.value.en.endswith(CHOICES)
    with pytest.raises(UnknownMeeting):
        await Proposals(sessions, at_local(2022, 1, 3)).draft_agenda(BESKAEFTIGELSE)
    with pytest.raises(UnknownCommitteeError):
        await service.draft_agenda("Regionsrådet")
