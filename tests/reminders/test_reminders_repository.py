"""The reminders storage contract (rule overrides, opt-in/out), run against SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import FixedClock
from bot.minutes.model import AgendaItem, Meeting, Minutes, Outcome
from bot.reminders.optin import Reminders
from bot.reminders.rules import DEFAULT_RULES, ReminderRule
from storage import reminders_repository as repo
from storage.conversations_repository import (
    ConversationRef,
    ConversationUser,
    UnknownCommittee,
    remember_conversation,
)
from storage.database import writing
from storage.minutes_repository import save_minutes
from storage.proposals_repository import find_committee

Sessions = async_sessionmaker[AsyncSession]
T0 = dt.datetime(2021, 3, 3, 9, 0, tzinfo=dt.UTC)
COMMITTEE = "Følgegruppen for uddannelse og arbejde"
OTHER = "Fokusgruppen Sundhed & Beskæftigelse"
ANNE = ConversationUser("29:1anne", "0b6a3c1e-aaaa-bbbb-cccc-000000000001", "Anne Member")
BO = ConversationUser("29:1bo", None, "Bo")


def minutes(committee: str) -> Minutes:
    return Minutes(
        source_name=f"Referat {committee}.pdf",
        content_sha256=f"{abs(hash(committee)):064d}"[:64],
        meeting=Meeting(committee=committee, date=dt.date(2021, 2, 4), date_confidence=1.0, date_evidence="Dato"),
        items=[AgendaItem(number="1", title="Godkendelse af dagsorden", outcome=Outcome.APPROVED)],
        dates=[],
    )


def ref(conversation_id: str, kind: str) -> ConversationRef:
    return ConversationRef(
        channel_id="msteams",
        service_url="https://smba.trafficmanager.net/emea/",
        conversation_id=conversation_id,
        conversation_type=kind,
        tenant_id="tenant",
        team_id=None,
        teams_channel_id=None,
        bot_id="28:bot",
    )


@pytest.fixture
async def committees(sessions: Sessions) -> dict[str, int]:
    async with writing(sessions) as session:
        for name in (COMMITTEE, OTHER):
            await save_minutes(session, minutes(name), ingested_at=T0)
        return {name: (await find_committee(session, name))[0] for name in (COMMITTEE, OTHER)}  # type: ignore[index]  # the committees exist in this test


async def test_rule_overrides_replace_by_kind(sessions: Sessions, committees: dict[str, int]) -> None:
    committee_id = committees[COMMITTEE]
    async with sessions() as session:
        assert await repo.rule_overrides(session, committee_id) == []
    first = ReminderRule("day_before", 1, dt.time(8, 0), working_days=False)
    second = ReminderRule("day_before", 2, dt.time(14, 30), working_days=True, enabled=False)
    async with writing(sessions) as session:
        await repo.set_rule(
            session,
            committee_id,
            first,
            by_user_id=ANNE.user_id,
            by_name=ANNE.name,
            at=T0,
        )
    async with writing(sessions) as session:
        await repo.set_rule(
            session,
            committee_id,
            second,
            by_user_id=ANNE.user_id,
            by_name=ANNE.name,
            at=T0,
        )
    async with sessions() as session:
        assert await repo.rule_overrides(session, committee_id) == [second]
        assert await repo.rule_overrides(session, committees[OTHER]) == []
    with pytest.raises(ValueError):
        async with writing(sessions) as session:
            await repo.set_rule(
                session,
                committee_id,
                first,
                by_user_id="x",
                by_name=None,
                at=T0.replace(tzinfo=None),
            )


async def test_opt_in_and_out_are_remembered_per_committee(sessions: Sessions, committees: dict[str, int]) -> None:
    async with writing(sessions) as session:
        personal = await remember_conversation(session, ref("a:1anne-personal", "personal"), user=ANNE, seen_at=T0)
        await remember_conversation(session, ref("19:channel@thread.tacv2", "channel"), user=BO, seen_at=T0)
    reminders = Reminders(sessions, FixedClock(T0))

    anne = await reminders.opt_in(COMMITTEE, ANNE)
    assert anne.committee == COMMITTEE and anne.reachable
    bo = await reminders.opt_in(COMMITTEE.upper(), BO)
    assert not bo.reachable  # Bo has only written in a channel
    again = await reminders.opt_in(COMMITTEE, ANNE)  # repeating is harmless
    assert again.reachable

    subscribed = await reminders.subscribers(COMMITTEE)
    assert [(s.user_id, s.conversation_row_id, s.subscribed) for s in subscribed] == [
        (ANNE.user_id, personal, True),
        (BO.user_id, None, True),
    ]
    assert await reminders.subscribers(OTHER) == []

    await reminders.opt_out(COMMITTEE, ANNE)
    assert [s.user_id for s in await reminders.subscribers(COMMITTEE)] == [BO.user_id]
    async with sessions() as session:
        kept = await repo.subscription(session, committees[COMMITTEE], ANNE.user_id)
    # The opt-out keeps the row and the personal chat for a later opt-in.
    assert kept is not None and not kept.subscribed and kept.conversation_row_id == personal


async def test_rules_service_combines_defaults_and_overrides(sessions: Sessions, committees: dict[str, int]) -> None:
    reminders = Reminders(sessions, FixedClock(T0))
    assert await reminders.rules(COMMITTEE) == DEFAULT_RULES
    changed = ReminderRule("day_before", 1, dt.time(8, 0), working_days=False)
    assert await reminders.set_rule(COMMITTEE, changed, by=ANNE) == COMMITTEE
    rules = await reminders.rules(COMMITTEE)
    assert [r.kind for r in rules] == [r.kind for r in DEFAULT_RULES]
    assert next(r for r in rules if r.kind == "day_before") == changed
    assert await reminders.rules(OTHER) == DEFAULT_RULES
    with pytest.raises(UnknownCommittee):
        await reminders.opt_in("Ukendt udvalg", ANNE)
