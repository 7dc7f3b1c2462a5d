"""One ordered table from what the user wrote or pressed to the dialog that handles it.

The first row whose matcher accepts the turn wins. Matchers look only at the turn (text with the
@mention removed, card data) and return the dialog's arguments, or None to pass.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from dialogs import (
    ask,
    draft_agenda,
    graph_sync,
    link_committee,
    meetings,
    my_proposals,
    propose_item,
    reminders,
    review_proposals,
    show_item,
    upload_minutes,
)
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


# The rows a card's button may reach: Action.Submit (a message with data) and Action.Execute (an
# invoke, which has no text to route). They match on the data's "action" only.
ACTION_ROUTES: tuple[Route, ...] = (
    Route(show_item.DIALOG_ID, show_item.match_action, show_item.run),
    Route(propose_item.ACTION_DIALOG_ID, propose_item.match_action, propose_item.run_action),
    Route(my_proposals.WITHDRAW_DIALOG_ID, my_proposals.match_withdraw, my_proposals.withdraw),
    Route(review_proposals.DECIDE_DIALOG_ID, review_proposals.match_decision, review_proposals.decide),
    Route(draft_agenda.DIALOG_ID, draft_agenda.match_show, draft_agenda.show),
    Route(draft_agenda.EXPORT_DIALOG_ID, draft_agenda.match_export, draft_agenda.export),
    Route(upload_minutes.DECIDE_DIALOG_ID, upload_minutes.match_decision, upload_minutes.decide),
)

ROUTES: tuple[Route, ...] = (
    # A pressed button carries data and usually no text: it goes first.
    *ACTION_ROUTES,
    # Files sent to the bot are minutes for review, whatever text comes with them.
    Route(upload_minutes.DIALOG_ID, upload_minutes.match, upload_minutes.run),
    Route(upload_minutes.DECIDE_DIALOG_ID, upload_minutes.match_text, upload_minutes.decide),
    Route(help_dialog.DIALOG_ID, help_dialog.match, help_dialog.run),
    Route(link_committee.UNLINK_DIALOG_ID, link_committee.match_unlink, link_committee.unlink),
    Route(link_committee.DIALOG_ID, link_committee.match_link, link_committee.link),
    # Reminder commands are fixed phrases; they come before questions.
    Route(reminders.OPT_OUT_DIALOG_ID, reminders.match_opt_out, reminders.opt_out),
    Route(reminders.OPT_IN_DIALOG_ID, reminders.match_opt_in, reminders.opt_in),
    Route(reminders.RULES_DIALOG_ID, reminders.match_rules, reminders.show_rules),
    Route(reminders.SET_RULE_DIALOG_ID, reminders.match_set_rule, reminders.set_rule),
    # Microsoft 365 sync commands (secretaries): "referatmappe <link>", "kalendergruppe <id>", "fjern …",
    # "synkronisering"; the commands with a link or id come before the bare word, which shows the status.
    Route(graph_sync.SET_FOLDER_DIALOG_ID, graph_sync.match_set_folder, graph_sync.set_folder),
    Route(graph_sync.SET_GROUP_DIALOG_ID, graph_sync.match_set_group, graph_sync.set_group),
    Route(graph_sync.REMOVE_DIALOG_ID, graph_sync.match_remove, graph_sync.remove),
    Route(graph_sync.STATUS_DIALOG_ID, graph_sync.match_status, graph_sync.status),
    Route(show_item.DIALOG_ID, show_item.match_text, show_item.run),
    # The fixed proposal commands come before "forslag …", which takes any title after it
    # ("mine forslag", "forslag til behandling" are commands, not titles).
    Route(my_proposals.DIALOG_ID, my_proposals.match_text, my_proposals.run),
    Route(review_proposals.DIALOG_ID, review_proposals.match_text, review_proposals.run),
    Route(draft_agenda.DIALOG_ID, draft_agenda.match_text, draft_agenda.run),
    # The meeting calendar: "nyt/flyt/aflys møde …" and "mødekalender", before "forslag …" and questions.
    Route(meetings.CHANGE_DIALOG_ID, meetings.match_change, meetings.run_change),
    Route(meetings.DIALOG_ID, meetings.match_list, meetings.run_list),
    Route(propose_item.DIALOG_ID, propose_item.match_text, propose_item.run_text),
    # Anything else with words in it is a question.
    Route(ask.DIALOG_ID, ask.match, ask.run),
)

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
