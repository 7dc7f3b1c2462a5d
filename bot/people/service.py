"""Export and delete everything stored about one person (GDPR: indsigt and sletning).

Who may: an admin (``ADMINS``, and whoever runs the command line), or a secretary of a committee the
person is known in. Every export, deletion and refusal is audited under the person's pseudonym, never
their name or ids. A deletion removes what is the person's own and pseudonymises them where the row is
part of a committee's record (``storage.people_repository`` lists which).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.people.model import (
    PSEUDONYM_PREFIX,
    AmbiguousPerson,
    Identity,
    PersonalDataError,
    UnknownPerson,
    fold_name,
    is_guid,
)
from bot.proposals.model import Person
from storage import people_repository as repo
from storage.database import writing

logger = logging.getLogger(__name__)

EXPORTED = "personal_data.exported"
DELETED = "personal_data.deleted"
REFUSED = "personal_data.refused"

SecretaryCommittees = Callable[[str | None], Awaitable[list[str]]]


class NotAllowed(PersonalDataError):
    """The asker is neither an admin nor a secretary of a committee the person is known in."""


@dataclass(frozen=True, slots=True)
class Deletion:
    """What a deletion did or would do: table -> {"deleted": n, "pseudonymised": n}, tables with nothing left out."""

    pseudonym: str
    counts: dict[str, dict[str, int]]


class _DryRun(Exception):
    """Rolls a preview's transaction back."""


class PersonalData:
    """Personal data of one person at a time; ``admins`` are Entra object ids or user ids (the CLI's "cli:…"),
    ``forget_users`` drops what this process remembers of a deleted person."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        *,
        secretary_committees: SecretaryCommittees,
        admins: Collection[str] = (),
        forget_users: Callable[[Collection[str]], None] | None = None,
    ):
        self._sessions = sessions
        self._clock = clock
        self._admins = frozenset(a.strip().lower() for a in admins if a.strip())
        self._secretary_committees = secretary_committees
        self._forget_users = forget_users
        self._key: bytes | None = None  # the pseudonym key, once read; it never changes

    def is_admin(self, person: Person) -> bool:
        return bool(
            (person.aad_object_id and person.aad_object_id.lower() in self._admins)
            or person.user_id.lower() in self._admins
        )

    async def identify(self, query: str) -> Identity:
        """Who ``query`` (an Entra object id, a Teams user id or a display name, case and spacing aside) is;
        a name several people share is refused with their ids."""
        async with self._sessions() as session:
            return _identify(query, await repo.sightings(session))

    async def export(self, query: str, *, by: Person) -> dict[str, Any]:
        """Everything stored about the person, as one JSON-able dict."""
        identity = await self._authorised(query, by, "export")
        now = self._clock.now()
        pseudonym = await self._pseudonym(identity)
        async with writing(self._sessions) as session:
            rows = await repo.export_rows(session, identity)
            mentions = await repo.minutes_mentions(session, identity.names)
            await self._audit(session, by, EXPORTED, {"subject": pseudonym})
        secretary_of = [c for oid in sorted(identity.aad_object_ids) for c in await self._secretary_committees(oid)]
        logger.info("personal data of %s exported by %s", pseudonym, by.user_id)
        return {
            "person": {
                "query": query,
                "user_ids": sorted(identity.user_ids),
                "aad_object_ids": sorted(identity.aad_object_ids),
                "names": sorted(identity.names),
            },
            "exported_at": now.isoformat(),
            "tables": rows,
            "secretary_of": sorted(set(secretary_of)),
            "minutes_mentions": mentions,
        }

    async def preview(self, query: str, *, by: Person) -> Deletion:
        """What :meth:`delete` would do, without doing it (the same transaction, rolled back)."""
        identity = await self._authorised(query, by, "delete")
        result: Deletion | None = None
        pseudonym = await self._pseudonym(identity)
        try:
            async with writing(self._sessions) as session:
                result = Deletion(pseudonym, await repo.erase(session, identity, pseudonym))
                raise _DryRun
        except _DryRun:
            pass
        assert result is not None
        return result

    async def delete(self, query: str, *, by: Person) -> Deletion:
        """Delete or pseudonymise everything stored about the person, in one transaction. Minutes are the
        committee's record and stay; configured SECRETARIES stay until the configuration changes."""
        identity = await self._authorised(query, by, "delete")
        pseudonym = await self._pseudonym(identity)
        async with writing(self._sessions) as session:
            counts = await repo.erase(session, identity, pseudonym)
            await self._audit(session, by, DELETED, {"subject": pseudonym, "counts": counts})
        if self._forget_users is not None:
            self._forget_users(identity.user_ids)
        logger.info("personal data of %s deleted by %s: %s", pseudonym, by.user_id, counts)
        return Deletion(pseudonym, counts)

    async def audit_log(self) -> list[dict[str, Any]]:
        async with self._sessions() as session:
            return await repo.audit_events(session, action_prefix="personal_data.")

    # --- who may ------------------------------------------------------------------------------

    async def _authorised(self, query: str, by: Person, operation: str) -> Identity:
        if self.is_admin(by):
            return await self.identify(query)
        mine = set(await self._secretary_committees(by.aad_object_id))
        if not mine:
            await self._refuse(by, operation, fold_name(query))
        identity = await self.identify(query)
        async with self._sessions() as session:
            theirs = await repo.committees_of(session, identity)
        if not mine & theirs:
            await self._refuse(by, operation, identity.primary)
        return identity

    async def _refuse(self, by: Person, operation: str, about: str) -> None:
        subject = pseudonym(await self._pseudonym_key(), about)
        async with writing(self._sessions) as session:
            await self._audit(session, by, REFUSED, {"operation": operation, "subject": subject})
        logger.info("personal data %s refused to %s", operation, by.user_id)
        raise NotAllowed(
            "Kun udvalgets sekretærer og administratorer kan se og slette persondata, og kun for personer "
            "i deres egne udvalg. Forsøget er noteret.",
            "Only the committee's secretaries and administrators can see and delete personal data, and only "
            "for people in their own committees. The attempt has been recorded.",
        )

    # --- audit and pseudonyms -----------------------------------------------------------------

    async def _pseudonym(self, identity: Identity) -> str:
        return pseudonym(await self._pseudonym_key(), identity.primary)

    async def _pseudonym_key(self) -> bytes:
        # Made in a transaction of its own, so a preview's rollback does not take it away.
        if self._key is None:
            async with writing(self._sessions) as session:
                self._key = await repo.pseudonym_key(session, now=self._clock.now())
        return self._key

    async def _audit(self, session: AsyncSession, by: Person, action: str, details: dict[str, Any]) -> None:
        await repo.add_audit_event(
            session,
            at=self._clock.now(),
            actor_user_id=by.user_id,
            actor_aad_object_id=by.aad_object_id,
            actor_name=by.name,
            action=action,
            details=details,
        )


def pseudonym(key: bytes, identifier: str) -> str:
    """ "slettet-" and 8 hex digits of an HMAC of the id under a key kept in the database: stable, not reversible."""
    digest = hmac.new(key, identifier.strip().lower().encode("utf-8"), hashlib.sha256).hexdigest()
    return PSEUDONYM_PREFIX + digest[:8]


def _identify(query: str, seen: set[repo.Sighting]) -> Identity:
    text = query.strip()
    if not text:
        raise UnknownPerson("Skriv navnet eller id'et på personen.", "Give the person's name or id.")
    if is_guid(text):
        seeds = [s for s in seen if s[1] == text.lower()]
    elif any(s[0] == text for s in seen):
        seeds = [s for s in seen if s[0] == text]
    else:
        wanted = fold_name(text)
        seeds = [s for s in seen if s[2] and fold_name(s[2]) == wanted]
    if not seeds:
        raise UnknownPerson(
            f"Jeg har intet gemt om »{text}«. Skriv navnet præcis som i Teams, eller personens Entra-objekt-id.",
            f"I have nothing stored about “{text}”. Give the name exactly as Teams shows it, or the person's "
            "Entra object id.",
        )
    people = _people(seeds, seen)
    if len(people) > 1:
        ids = sorted(p.primary for p in people)
        raise AmbiguousPerson(
            f"Flere personer hedder »{text}«. Skriv i stedet et af deres id'er: {', '.join(ids)}.",
            f"Several people are called “{text}”. Give one of their ids instead: {', '.join(ids)}.",
            ids,
        )
    return people[0]


def _people(seeds: list[repo.Sighting], seen: set[repo.Sighting]) -> list[Identity]:
    """Sightings sharing a user id or an object id are one person."""
    people: list[Identity] = []
    claimed: set[repo.Sighting] = set()
    for seed in seeds:
        if seed in claimed:
            continue
        users = {seed[0]} - {None}
        objects = {seed[1]} - {None}
        group = {seed}
        grew = True
        while grew:
            grew = False
            for s in seen:
                if s not in group and ((s[0] is not None and s[0] in users) or (s[1] is not None and s[1] in objects)):
                    group.add(s)
                    users |= {s[0]} - {None}
                    objects |= {s[1]} - {None}
                    grew = True
        claimed |= group
        people.append(
            Identity(
                frozenset(u for u in users if u is not None),
                frozenset(o for o in objects if o is not None),
                frozenset(s[2] for s in group if s[2]),
            )
        )
    return people
