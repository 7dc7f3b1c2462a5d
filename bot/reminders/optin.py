"""Members opt in and out of a committee's reminders; secretaries change the committee's rules.

A thin service over ``storage.reminders_repository`` with the clock injected. It knows no Teams
types: a member is a :class:`ConversationUser`, a conversation a :class:`ConversationKey`.
"""

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
    """What an opt-in or opt-out did.

    Attributes:
        committee: the committee's stored name.
        reachable: the bot has a personal chat with the member to send reminders to.
    """

    committee: str
    reachable: bool


class Reminders:
    """Opt-in/opt-out and per-committee reminder rules.

    Args:
        sessions: the database's session factory.
        clock: the injected clock (its instants are stored as ``updated_at``).
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def opt_in(self, committee: str, user: ConversationUser, *, channel_id: str = "msteams") -> OptInResult:
        """Subscribe the member to the committee's reminders in their personal chat with the bot.

        Raises:
            UnknownCommittee: no stored committee has that name.
        """
        return await self._choose(committee, user, channel_id, subscribed=True)

    async def opt_out(self, committee: str, user: ConversationUser, *, channel_id: str = "msteams") -> OptInResult:
        """Stop the committee's personal reminders to the member (the choice is remembered).

        Raises:
            UnknownCommittee: no stored committee has that name.
        """
        return await self._choose(committee, user, channel_id, subscribed=False)

    async def subscribers(self, committee: str) -> list[repo.Subscription]:
        """The members who opted in to the committee's reminders."""
        async with self._sessions() as session:
            committee_id, _ = await self._committee(session, committee)
            return await repo.subscribers(session, committee_id)

    async def rules(self, committee: str) -> tuple[ReminderRule, ...]:
        """The committee's rules: the defaults with its stored overrides applied."""
        async with self._sessions() as session:
            committee_id, _ = await self._committee(session, committee)
            return rules_with(await repo.rule_overrides(session, committee_id), DEFAULT_RULES)

    async def set_rule(self, committee: str, rule: ReminderRule, *, by: ConversationUser) -> str:
        """Store the committee's rule for ``rule.kind``; returns the committee's stored name.

        Whether ``by`` may change rules is the caller's check (a committee secretary).
        """
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
        self,
        committee: str,
        user: ConversationUser,
        channel_id: str,
        *,
        subscribed: bool,
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
