"""Members opt in and out of a committee's reminders; a secretary sees and changes the rules.

"påmind mig" / "remind me" (optionally followed by a committee's name), "stop påmindelser" /
"stop reminders", "påmindelser" / "reminders" (the committee's rules) and, for a secretary,
"påmindelse dagen før kl 8" / "reminder day before at 8:30".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from bot.access import Action
from bot.reminders.rules import ReminderKind, ReminderRule
from bot.words import format_days, format_time
from dialogs.commands import RANK_FIXED, Command, Help, tail
from dialogs.replies import Reply, TextReply
from dialogs.turn import Services, Turn, refusal
from storage.conversations_repository import UnknownCommittee

OPT_IN_DIALOG_ID = "reminders_opt_in"
OPT_OUT_DIALOG_ID = "reminders_opt_out"
RULES_DIALOG_ID = "reminders_rules"
SET_RULE_DIALOG_ID = "reminders_set_rule"

_NAME = r"(?:\s++(?:om|for|til|about)\b)?[\s:\-–]*+(?P<name>.*)$"
_OPT_IN_RE = re.compile(r"^(?:påmind\s+mig|send\s+mig\s+påmindelser|remind\s+me)\b" + _NAME, re.IGNORECASE)
_OPT_OUT_RE = re.compile(
    r"^(?:stop|afmeld|slå)\s+(?:mine\s+|my\s+)?(?:påmindelser|reminders)(?:\s+fra)?\b" + _NAME,
    re.IGNORECASE,
)
_RULES_RE = re.compile(r"^(?:vis\s+|show\s+)?(?:påmindelser|reminders)\s*[?.!]*$", re.IGNORECASE)
_KIND_WORDS: dict[str, ReminderKind] = {
    "dagen før": "day_before",
    "day before": "day_before",
    "dagsorden": "agenda",
    "dagsordenen": "agenda",
    "agenda": "agenda",
    "forslag": "call_for_items",
    "call for items": "call_for_items",
    "frist": "deadline",
    "frister": "deadline",
    "deadline": "deadline",
    "deadlines": "deadline",
}
_KINDS_PATTERN = "|".join(sorted((re.escape(word) for word in _KIND_WORDS), key=len, reverse=True))
_SET_RULE_RE = re.compile(
    rf"^(?:påmindelse|reminder)\s+(?P<kind>{_KINDS_PATTERN})\s+(?:kl\.?|at)\s*(?P<hour>\d{{1,2}})(?:[.:](?P<minute>\d{{2}}))?\s*[.!]*$",
    re.IGNORECASE,
)

_DA = {
    "opted_in": "Du får nu påmindelser om {name} i din personlige chat med mig.",
    "opted_in_unreachable": (
        "Du er tilmeldt påmindelser om {name}. Skriv en besked til mig i en personlig chat, så jeg kan nå dig."
    ),
    "opted_out": "Du får ikke længere personlige påmindelser om {name}.",
    "which": "Hvilken gruppe? Skriv fx »påmind mig om {example}«, eller knyt samtalen til en gruppe.",
    "which_none": "Skriv gruppens navn efter »påmind mig«, eller knyt samtalen til en gruppe.",
    "rules": "Påmindelser for {name}:",
    "label": {
        "call_for_items": "Indkaldelse af forslag",
        "agenda": "Dagsorden",
        "day_before": "Dagen før",
        "deadline": "Frister",
    },
    "anchor": {
        "call_for_items": "før fristen for forslag",
        "agenda": "før mødet",
        "day_before": "før mødet",
        "deadline": "før fristen",
    },
    "line": "- {label}: {days} {anchor} kl. {at}{working}{off}",
    "working": " (arbejdsdage)",
    "off": " — slået fra",
    "change": "Sekretariatet kan ændre tidspunktet, fx »påmindelse dagen før kl 8«.",
    "not_secretary": "Kun gruppens sekretariat kan ændre påmindelserne for {name}.",
    "not_secretary_anywhere": (
        "Kun en gruppes sekretariat kan ændre påmindelserne, og du er ikke sat op som sekretær for nogen gruppe."
    ),
    "bad_time": "Klokkeslættet {hour}.{minute:02d} findes ikke. Skriv fx »påmindelse dagen før kl 8.30«.",
    "changed": "{label} sendes nu kl. {at} for {name}.",
}
_EN = {
    "opted_in": "You will now get reminders about {name} in your personal chat with me.",
    "opted_in_unreachable": (
        "You are signed up for reminders about {name}. Send me a message in a personal chat so I can reach you."
    ),
    "opted_out": "You will no longer get personal reminders about {name}.",
    "which": "Which committee? Write e.g. “remind me about {example}”, or link the conversation to a committee.",
    "which_none": "Write the committee's name after “remind me”, or link the conversation to a committee.",
    "rules": "Reminders for {name}:",
    "label": {
        "call_for_items": "Call for agenda items",
        "agenda": "Agenda",
        "day_before": "Day before",
        "deadline": "Deadlines",
    },
    "anchor": {
        "call_for_items": "before proposals close",
        "agenda": "before the meeting",
        "day_before": "before the meeting",
        "deadline": "before the deadline",
    },
    "line": "- {label}: {days} {anchor} at {at}{working}{off}",
    "working": " (working days)",
    "off": " — switched off",
    "change": "The secretariat can change the time, e.g. “reminder day before at 8”.",
    "not_secretary": "Only the committee's secretariat can change the reminders for {name}.",
    "not_secretary_anywhere": (
        "Only a committee's secretariat can change the reminders, and you are not set up as secretary of any."
    ),
    "bad_time": "There is no time {hour}:{minute:02d}. Write e.g. “reminder day before at 8:30”.",
    "changed": "{label} is now sent at {at} for {name}.",
}


def match_opt_in(turn: Turn) -> Mapping[str, Any] | None:
    """ "påmind mig", "påmind mig om <gruppe>", "remind me about <committee>"."""
    found = _OPT_IN_RE.match(turn.text)
    return None if found is None else {"committee": _clean(found.group("name"))}


def match_opt_out(turn: Turn) -> Mapping[str, Any] | None:
    """ "stop påmindelser", "afmeld påmindelser om <gruppe>", "stop reminders"."""
    found = _OPT_OUT_RE.match(turn.text)
    return None if found is None else {"committee": _clean(found.group("name"))}


def match_rules(turn: Turn) -> Mapping[str, Any] | None:
    """ "påmindelser", "vis påmindelser", "reminders"."""
    return {} if _RULES_RE.match(turn.text) else None


def match_set_rule(turn: Turn) -> Mapping[str, Any] | None:
    """ "påmindelse dagen før kl 8", "påmindelse dagsorden kl. 13.30", "reminder day before at 8:30"."""
    found = _SET_RULE_RE.match(turn.text)
    if found is None:
        return None
    return {
        "kind": _KIND_WORDS[found.group("kind").casefold()],
        "hour": int(found.group("hour")),
        "minute": int(found.group("minute") or 0),
    }


async def opt_in(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    return await _choose(turn, args, services, subscribe=True)


async def opt_out(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    return await _choose(turn, args, services, subscribe=False)


async def show_rules(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    t = _EN if turn.english else _DA
    committee = turn.committee
    if committee is None:
        return [TextReply(await _which(turn, services, t))]
    lines = [t["rules"].format(name=committee)]
    for rule in await services.reminders.rules(committee):
        lines.append(
            t["line"].format(
                label=t["label"][rule.kind],
                days=format_days(rule.offset_days, turn.language),
                anchor=t["anchor"][rule.kind],
                at=format_time(rule.at, turn.language),
                working=t["working"] if rule.working_days else "",
                off="" if rule.enabled else t["off"],
            )
        )
    lines.append(t["change"])
    return [TextReply("\n".join(lines))]


async def set_rule(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    """A secretary changes the time of day of one kind of the linked committee's (or their one committee's) reminders."""
    t = _EN if turn.english else _DA
    reminders = services.reminders
    mine = await services.concerned(Action.REMINDER_RULE, turn)
    if not mine:
        return [TextReply(t["not_secretary_anywhere"])]
    if len(mine) > 1:
        return [TextReply(await _which(turn, services, t))]
    [committee] = mine
    decision = await services.decide(Action.REMINDER_RULE, turn, committee)
    if not decision.allowed:
        return [TextReply(refusal(turn, decision, t["not_secretary"].format(name=committee)))]
    hour, minute = args["hour"], args["minute"]
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return [TextReply(t["bad_time"].format(hour=hour, minute=minute))]
    current = next(rule for rule in await reminders.rules(committee) if rule.kind == args["kind"])
    changed: ReminderRule = replace(current, at=dt.time(hour, minute), enabled=True)
    name = await reminders.set_rule(committee, changed, by=turn.user)
    return [
        TextReply(
            t["changed"].format(label=t["label"][changed.kind], at=format_time(changed.at, turn.language), name=name)
        )
    ]


async def _choose(turn: Turn, args: Mapping[str, Any], services: Services, *, subscribe: bool) -> list[Reply]:
    t = _EN if turn.english else _DA
    committee = args.get("committee") or turn.committee
    if not committee:
        return [TextReply(await _which(turn, services, t))]
    change = services.reminders.opt_in if subscribe else services.reminders.opt_out
    try:
        committee = await services.committee_named(turn, committee)
        result = await change(committee, turn.user, channel_id=turn.key.channel_id)
    except UnknownCommittee as error:
        return [TextReply(str(error) if not turn.english else t["which_none"])]
    if not subscribe:
        return [TextReply(t["opted_out"].format(name=result.committee))]
    key = "opted_in" if result.reachable else "opted_in_unreachable"
    return [TextReply(t[key].format(name=result.committee))]


async def _which(turn: Turn, services: Services, t: Mapping[str, Any]) -> str:
    names = await services.committees_seen(turn)
    return t["which"].format(example=names[0]) if names else t["which_none"]


def _clean(name: str | None) -> str:
    return tail(name).strip(" »«\"“”'")


COMMANDS = (
    Command(
        OPT_IN_DIALOG_ID, RANK_FIXED + 21, match_opt_in, opt_in,
        help=(Help("påmind mig", "sender dig påmindelser før udvalgets møder og frister",
                   "sends you reminders before the committee's meetings and deadlines"),),
    ),
    Command(
        OPT_OUT_DIALOG_ID, RANK_FIXED + 20, match_opt_out, opt_out,
        help=(Help("stop påmindelser", "stopper dine påmindelser", "stops your reminders"),),
    ),
    Command(
        RULES_DIALOG_ID, RANK_FIXED + 22, match_rules, show_rules,
        help=(Help("påmindelser", "viser hvornår påmindelserne sendes", "shows when reminders are sent"),),
    ),
    Command(
        SET_RULE_DIALOG_ID, RANK_FIXED + 23, match_set_rule, set_rule,
        help=(Help("påmindelse …", "for udvalgets sekretærer: vælger klokkeslættet for en slags påmindelse",
                   "for the committee's secretaries: sets the time of day of a kind of reminder",
                   example="påmindelse dagsorden kl. 9", secretary=True),),
    ),
)  # fmt: skip  # a table kept compact
