"""Who may do what (the role table ``MAY``), and which tenant's members see which committee.

A committee belongs to the tenants it was set up for (a secretary or admin linking a conversation of their
tenant, or ``python -m bot committee tenant``), else to the home tenants (MicrosoftAppTenantId and
ALLOWED_TENANTS). Members see only their own tenant's committees; secretaries and admins (ADMINS, for every
committee) act for theirs from any tenant. In local mode no tenant is verified, so every committee is seen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.conversations.model import ConversationUser
from bot.words import committee_key
from storage import access_repository as repo
from storage.calendar_repository import committee_row
from storage.database import writing
from storage.models import AuditEventRow

# How long a replica trusts its copy of the committees' tenants; its own changes are seen at once.
TENANTS_TTL = dt.timedelta(seconds=10)


class Role(IntEnum):
    MEMBER = 1
    SECRETARY = 2
    ADMIN = 3


class Action(StrEnum):
    ASK = "ask"
    PROPOSE = "propose"
    SUBSCRIBE = "subscribe"
    CALENDAR = "calendar"
    LINK = "link"
    UNLINK = "unlink"
    REVIEW = "review"
    DRAFT_AGENDA = "draft_agenda"
    CHANGE_MEETING = "change_meeting"
    REMINDER_RULE = "reminder_rule"
    UPLOAD_MINUTES = "upload_minutes"
    GRAPH_SYNC = "graph_sync"
    ROTATE_FEED = "rotate_feed"
    PROPOSAL_CUTOFF = "proposal_cutoff"


# The least role each action needs, for a committee the actor's tenant sees.
MAY: dict[Action, Role] = {
    Action.ASK: Role.MEMBER,
    Action.PROPOSE: Role.MEMBER,
    Action.SUBSCRIBE: Role.MEMBER,
    Action.CALENDAR: Role.MEMBER,
    Action.LINK: Role.SECRETARY,
    Action.UNLINK: Role.SECRETARY,
    Action.REVIEW: Role.SECRETARY,
    Action.DRAFT_AGENDA: Role.SECRETARY,
    Action.CHANGE_MEETING: Role.SECRETARY,
    Action.REMINDER_RULE: Role.SECRETARY,
    Action.UPLOAD_MINUTES: Role.SECRETARY,
    Action.GRAPH_SYNC: Role.SECRETARY,
    Action.ROTATE_FEED: Role.SECRETARY,
    Action.PROPOSAL_CUTOFF: Role.SECRETARY,
}

# reasons in the audit
ALLOWED = "allowed"
OTHER_TENANT = "other_tenant"
ROLE = "role"

AUDIT_PREFIX = "access."  # access decisions are audited as "access.<action>"

SecretaryCheck = Callable[[str, str | None], Awaitable[bool]]
SecretaryOf = Callable[[str | None], Awaitable[list[str]]]


@dataclass(frozen=True, slots=True)
class AuditedDecision:
    """One access decision as the audit log keeps it (ids only)."""

    action: str
    allowed: bool
    role: str
    actor: str
    tenant_id: str | None
    committee: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    role: Role
    reason: str


class Access:
    """The role table and the tenancy rule over the database; ``enforced`` is False in local mode."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        *,
        is_secretary: SecretaryCheck,
        secretary_of: SecretaryOf,
        admins: frozenset[str] = frozenset(),
        home_tenants: frozenset[str] = frozenset(),
        enforced: bool = False,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._is_secretary = is_secretary
        self._secretary_of = secretary_of
        self._admins = frozenset(a.lower() for a in admins)
        self._home = frozenset(t.lower() for t in home_tenants)
        self._enforced = enforced
        self._tenants: tuple[dict[str, frozenset[str]], dt.datetime] | None = None

    # --- tenancy -----------------------------------------------------------------------------

    async def sees(self, committee: str, tenant: str | None) -> bool:
        """A committee not stored yet is the home tenants'."""
        if not self._enforced:
            return True
        owners = (await self._committee_tenants()).get(committee_key(committee), frozenset())
        return self._belongs(owners, tenant)

    async def visible(self, tenant: str | None) -> frozenset[str] | None:
        """The keys of the committees ``tenant`` sees; None when every committee is seen (local mode)."""
        if not self._enforced:
            return None
        tenants = await self._committee_tenants()
        return frozenset(key for key, owners in tenants.items() if self._belongs(owners, tenant))

    async def claim(self, committee: str, tenant: str | None, *, by: str) -> bool:
        """Set the committee up for ``tenant`` too (a secretary's or admin's link does this); True when new."""
        if not tenant:
            return False
        async with writing(self._sessions) as session:
            found = await committee_row(session, committee, create=True)
            assert found is not None  # created when missing
            added = await repo.add_tenant(session, found[0], tenant.lower(), at=self._clock.now(), by=by)
        self._tenants = None
        return added

    def _belongs(self, owners: frozenset[str], tenant: str | None) -> bool:
        if tenant is None:
            return False
        tenant = tenant.lower()
        return tenant in owners if owners else tenant in self._home

    async def _committee_tenants(self) -> dict[str, frozenset[str]]:
        now = self._clock.now()
        if self._tenants is not None and self._tenants[1] <= now < self._tenants[1] + TENANTS_TTL:
            return self._tenants[0]
        async with self._sessions() as session:
            tenants = await repo.committee_tenants(session)
        self._tenants = (tenants, now)
        return tenants

    # --- roles -------------------------------------------------------------------------------

    async def role(self, user: ConversationUser, committee: str | None) -> Role:
        """The user's role for the committee; for none, secretary means secretary of any committee."""
        if user.aad_object_id and user.aad_object_id.lower() in self._admins:
            return Role.ADMIN
        if committee is None:
            return Role.SECRETARY if await self._secretary_of(user.aad_object_id) else Role.MEMBER
        if await self._is_secretary(committee, user.aad_object_id):
            return Role.SECRETARY
        return Role.MEMBER

    async def committees_of(self, user: ConversationUser) -> list[str]:
        """The committees the user acts for as secretary (an admin: every one); not audited, ``decide`` is for
        each committee acted on."""
        return await self._secretary_of(user.aad_object_id)

    async def decide(
        self, action: Action, user: ConversationUser, tenant: str | None, committee: str | None
    ) -> Decision:
        """May ``user`` of ``tenant`` do ``action`` on ``committee``? Refusals, and every decision on an
        action above a member's, are written to the audit (ids only)."""
        role = await self.role(user, committee)
        # Secretaries and admins act for their committee from any tenant (a cross-sector committee's
        # secretariat sits in one organisation, its members in several); members only where it is seen.
        if committee is not None and role < Role.SECRETARY and not await self.sees(committee, tenant):
            decision = Decision(False, role, OTHER_TENANT)
        elif role < MAY[action]:
            decision = Decision(False, role, ROLE)
        else:
            decision = Decision(True, role, ALLOWED)
        if not decision.allowed or MAY[action] > Role.MEMBER:
            await self._audit(action, user, tenant, committee, decision)
        return decision

    async def _audit(
        self, action: Action, user: ConversationUser, tenant: str | None, committee: str | None, decision: Decision
    ) -> None:
        row = AuditEventRow(
            at=self._clock.now(),
            actor_user_id=user.user_id[:256],
            actor_aad_object_id=user.aad_object_id[:64] if user.aad_object_id else None,
            action=AUDIT_PREFIX + action.value,
            details={
                "allowed": decision.allowed,
                "role": decision.role.name.lower(),
                "tenant": tenant[:64] if tenant else None,
                "committee": committee[:300] if committee else None,
                "reason": decision.reason,
            },
        )
        async with writing(self._sessions) as session:
            await repo.record(session, row)

    async def audit(self) -> list[AuditedDecision]:
        async with self._sessions() as session:
            rows = await repo.audit(session, prefix=AUDIT_PREFIX)
        return [
            AuditedDecision(
                action=row.action.removeprefix(AUDIT_PREFIX),
                allowed=row.details["allowed"],
                role=row.details["role"],
                actor=row.actor_aad_object_id or row.actor_user_id,
                tenant_id=row.details["tenant"],
                committee=row.details["committee"],
                reason=row.details["reason"],
            )
            for row in rows
        ]

    # --- calendar feeds ----------------------------------------------------------------------

    async def feed_token(self, committee: str, *, rotate: bool = False) -> str:
        """The token of the committee's .ics address (made on first use; ``rotate`` gives a new one)."""
        async with writing(self._sessions) as session:
            found = await committee_row(session, committee, create=True)
            assert found is not None  # created when missing
            return await repo.feed_token(session, found[0], at=self._clock.now(), rotate=rotate)

    async def committee_of_feed(self, token: str) -> str | None:
        if not token or len(token) > 64:
            return None
        async with self._sessions() as session:
            return await repo.committee_of_token(session, token)
