"""One ordered table from what the user wrote or pressed to the dialog that handles it.

The first row whose matcher accepts the turn wins. Matchers look only at the turn (text with the
@mention removed, card data) and return the dialog's arguments, or None to pass.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from dialogs import ask, link_committee, show_item
from dialogs import help as help_dialog
from dialogs.replies import Reply
from dialogs.turn import Services, Turn

Matcher = Callable[[Turn], Mapping[str, Any] | None]
Handler = Callable[[Turn, Mapping[str, Any], Services], Awaitable[list[Reply]]]


@dataclass(frozen=True, slots=True)
class Route:
    """One row of the table: a stored dialog id, when it applies, and what runs."""

    dialog_id: str
    matcher: Matcher
    handler: Handler


ROUTES: tuple[Route, ...] = (
    # A pressed button carries data and usually no text: it goes first.
    Route(show_item.DIALOG_ID, show_item.match_action, show_item.run),
    Route(help_dialog.DIALOG_ID, help_dialog.match, help_dialog.run),
    Route(link_committee.UNLINK_DIALOG_ID, link_committee.match_unlink, link_committee.unlink),
    Route(link_committee.DIALOG_ID, link_committee.match_link, link_committee.link),
    Route(show_item.DIALOG_ID, show_item.match_text, show_item.run),
    # Anything else with words in it is a question.
    Route(ask.DIALOG_ID, ask.match, ask.run),
)

# The rows a card's Action.Execute button may reach (an invoke has no text to route).
ACTION_ROUTES: tuple[Route, ...] = (ROUTES[0],)

# When no row matches (e.g. "spørg" with nothing after it), show what the bot can do.
FALLBACK = Route(help_dialog.DIALOG_ID, lambda turn: {}, help_dialog.run)


@dataclass(frozen=True, slots=True)
class Routed:
    """The row that took a turn, with the arguments its matcher read."""

    route: Route
    args: Mapping[str, Any]

    @property
    def dialog_id(self) -> str:
        return self.route.dialog_id

    async def run(self, turn: Turn, services: Services) -> list[Reply]:
        """Run the dialog for the turn."""
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
