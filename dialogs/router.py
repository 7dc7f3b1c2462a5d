"""The routing table: every dialog's declared commands in rank order; the first whose matcher accepts the
turn (returns the dialog's arguments, not None) wins."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dialogs import (
    ask,
    draft_agenda,
    graph_sync,
    link_committee,
    meetings,
    my_proposals,
    personal_data,
    proposal_cutoff,
    propose_item,
    reminders,
    review_proposals,
    show_item,
    upload_minutes,
)
from dialogs import help as help_dialog
from dialogs.commands import Command, Help
from dialogs.commands import Handler as Handler  # for bot/teams/handler.py
from dialogs.replies import Reply
from dialogs.turn import Services, Turn

# In the order help and the Teams menu list them; the rank, not this order, decides routing.
_DIALOGS = (
    ask, help_dialog, propose_item, my_proposals, meetings, reminders, show_item, link_committee,
    review_proposals, proposal_cutoff, draft_agenda, upload_minutes, graph_sync, personal_data,
)  # fmt: skip  # a table kept compact

Route = Command  # a row of the table
ROUTES: tuple[Command, ...] = tuple(sorted((c for d in _DIALOGS for c in d.COMMANDS), key=lambda c: c.rank))
# The rows a card's button may reach: Action.Submit (a message with data) and Action.Execute (an
# invoke, which has no text to route). They match on the data's "action" only.
ACTION_ROUTES: tuple[Command, ...] = tuple(c for c in ROUTES if c.button)
# When no row matches (e.g. "spørg" with nothing after it), show what the bot can do.
FALLBACK = Command(help_dialog.DIALOG_ID, ROUTES[-1].rank + 1, lambda turn: {}, help_dialog.run)


def advertised() -> tuple[Help, ...]:
    return tuple(h for d in _DIALOGS for c in d.COMMANDS for h in c.help)


@dataclass(frozen=True, slots=True)
class Routed:
    """The row that took a turn, with the arguments its matcher read."""

    route: Route
    args: Mapping[str, Any]

    @property
    def dialog_id(self) -> str:
        return self.route.dialog_id

    async def run(self, turn: Turn, services: Services) -> list[Reply]:
        return await self.route.handler(turn, self.args, services)


def route(turn: Turn, routes: tuple[Route, ...] = ROUTES) -> Routed | None:
    """The first row of ``routes`` that accepts the turn, or None."""
    for candidate in routes:
        args = candidate.matcher(turn)
        if args is not None:
            return Routed(candidate, args)
    return None


async def handle(turn: Turn, services: Services, routes: tuple[Route, ...] = ROUTES) -> list[Reply]:
    """Route the turn and run its dialog (the help dialog when no row matches)."""
    routed = route(turn, routes) or Routed(FALLBACK, {})
    return await routed.run(turn, services)
