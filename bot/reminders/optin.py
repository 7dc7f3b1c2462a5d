"""Members opt in and out of a committee's reminders; secretaries change the committee's rules."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.conversations import ConversationUser
from bot.reminders.rules import DEFAULT_RULES, ReminderRule, rules_with
from storage import reminders_repository as repo
from storage.conversations_repository import UnknownCommittee
from storage.database import writing
from storage.minutes_repository import list_committees
from storage.proposals_repository import find_committee


@dataclass(frozen=True, slots=True)
class OptInResult:
    """The committee's stored name, and whether the bot has a personal chat with the member."""

    committee: str
    reachable: bool


class Reminders:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def opt_in(self, committee: str, user: ConversationUser, *, channel_id: str = "msteams") -> OptInResult:
        """Raises UnknownCommittee."""
        return await self._choose(committee, user, channel_id, subscribed=True)

    async def opt_out(self, committee: str, user: ConversationUser, *, channel_id: str = "msteams") -> OptInResult:
        """The choice is remembered; raises UnknownCommittee."""
        return await self._choose(committee, user, channel_id, subscribed=False)

    async def subscribers(self, committee: str) -> list[repo.Subscription]:
        async with self._sessions() as session:
            committee_id, _ = await self._committee(session, committee)
            return await repo.subscribers(session, committee_id)

    async def rules(self, committee: str) -> tuple[ReminderRule, ...]:
        async with self._sessions() as session:
            committee_id, _ = await self._committee(session, committee)
            return rules_with(await repo.rule_overrides(session, committee_id), DEFAULT_RULES)

    async def set_rule(self, committee: str, rule: ReminderRule, *, by: ConversationUser) -> str:
        """Returns the committee's stored name; whether ``by`` may is the caller's check."""
        async with writing(self._sessions) as session:
            committee_id, name = await self._committee(session, committee)
            await repo.set_rule(
                session,
                committee_id,
                rule,
                by_user_id=by.user_id,
                by_name=by.name,
                at=self._clock.now(),
            )
        return name

    async def _choose(
        self, committee: str, user: ConversationUser, channel_id: str, *, subscribed: bool
    ) -> OptInResult:
        async with writing(self._sessions) as session:
            committee_id, name = await self._committee(session, committee)
            personal = await repo.personal_conversation_id(session, user.user_id, channel_id=channel_id)
            await repo.set_subscription(
                session, committee_id, user_id=user.user_id, aad_object_id=user.aad_object_id, name=user.name,
                conversation_row_id=personal, subscribed=subscribed, at=self._clock.now(),
            )  # fmt: skip  # keyword arguments grouped by meaning
        return OptInResult(name, personal is not None)

    async def _committee(self, session: AsyncSession, committee: str) -> tuple[int, str]:
        found = await find_committee(session, committee)
        if found is None:
            raise UnknownCommittee(committee, await list_committees(session), ambiguous=False)
        return found
