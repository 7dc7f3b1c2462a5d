"""Who a personal-data request is about, and why one is refused: plain types, no storage here."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.errors import UserError

PSEUDONYM_PREFIX = "slettet-"
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def is_guid(text: str) -> bool:
    return bool(_GUID.match(text.strip()))


def fold_name(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass(frozen=True, slots=True)
class Identity:
    """Everything one person is known by in the database; object ids are lower-case."""

    user_ids: frozenset[str]
    aad_object_ids: frozenset[str]
    names: frozenset[str]

    @property
    def primary(self) -> str:
        # The id the pseudonym is made from.
        return min(self.aad_object_ids) if self.aad_object_ids else min(self.user_ids)


class PersonalDataError(UserError):
    """A personal-data request that cannot be carried out."""


class UnknownPerson(PersonalDataError):
    """Nothing stored names the person asked about."""


class AmbiguousPerson(PersonalDataError):
    """A name several people have; ``candidates`` are their ids (give one of them instead)."""

    def __init__(self, da: str, en: str, candidates: list[str]):
        super().__init__(da, en)
        self.candidates = candidates
