"""The committee's meeting calendar: a secretary adds, moves and cancels meetings; anyone lists them.

    nyt møde 4. marts 2027 kl. 9-12 Regionshuset      new meeting 4 March 2027 at 9-12 Regionshuset
    flyt møde 4. marts 2027 til 11. marts 2027        move meeting 4 March 2027 to 11 March 2027
    aflys møde 4. marts 2027                          cancel meeting 4 March 2027
    mødekalender                                      calendar

Dates are read with bot.minutes.dates.parse_one, English and ISO dates rewritten to Danish first. The
committee is the linked one, else the one committee the user is secretary of.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from bot.access import Action
from bot.calendar.model import CalendarError, CalendarMeeting, UnknownMeeting, committee_slug
from bot.clock import COMMITTEE_TZ
from bot.minutes.dates import parse_one
from bot.minutes.model import DateMention, Precision
from bot.proposals.meetings import calendar_place
from bot.words import MONTHS_DA, MONTHS_EN, committee_key, format_date
from dialogs.commands import RANK_FIXED, Command, Help
from dialogs.replies import Reply, TextReply
from dialogs.turn import Services, Turn, refusal

DIALOG_ID = "meeting_calendar"
CHANGE_DIALOG_ID = "change_meeting"
NEW_FEED_DIALOG_ID = "new_calendar_feed"

_LIST_RE = re.compile(
    r"(?:^(?:vis\s+)?(?:møde)?kalender(?:en)?|^(?:show\s+)?(?:the\s+)?(?:meeting\s+)?calendar)\s*[?!.]*$",
    re.IGNORECASE,
)
_NEW_FEED_RE = re.compile(r"^(?:nyt\s+kalenderlink|new\s+calendar\s+link)\s*[.!]*$", re.IGNORECASE)
_ADD_RE = re.compile(r"^(?:nyt\s+møde|new\s+meeting)\s++(?P<rest>.+)$", re.IGNORECASE | re.DOTALL)
_MOVE_RE = re.compile(
    r"^(?:flyt\s+mødet?|move\s+(?:the\s+)?meeting)\s++(?:(?:den|d\.|on)\s++)?(?P<rest>.+)$",
    re.IGNORECASE | re.DOTALL,
)
# "<old> til <new>": split at the first "til"/"to" between spaces (one scan, not a lazy match).
_TO_RE = re.compile(r"\s(?:til|to)\s", re.IGNORECASE)
_CANCEL_RE = re.compile(
    r"^(?:aflys\s+mødet?|cancel\s+(?:the\s+)?meeting)\s++(?:(?:den|d\.|on)\s++)?(?P<day>.+)$",
    re.IGNORECASE | re.DOTALL,
)

_MONTHS_EN = {en.lower(): da for en, da in zip(MONTHS_EN, MONTHS_DA, strict=True)}
_MONTH = "|".join(_MONTHS_EN)
_DAY_MONTH_EN = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\b,?", re.IGNORECASE)
_MONTH_DAY_EN = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b,?", re.IGNORECASE)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_AT = re.compile(r"\bat\s+(?=\d)", re.IGNORECASE)
# "… 2027 9-12" without "kl.": a time range right after the year.
_BARE_TIME = re.compile(r"(\b\d{4})\s+(?=\d{1,2}(?:[.:]\d{2})?\s*[-–]\s*\d{1,2}(?:[.:]\d{2})?\b)")

_DA = {
    "which_committee": (
        "Jeg ved ikke, hvilket udvalg mødet hører til. Knyt samtalen til et udvalg (»tilknyt udvalg …«), "
        "eller skriv det i en chat med mig, hvis du er sekretær for ét udvalg."
    ),
    "no_date": "Jeg kunne ikke læse en dato i »{text}«. Skriv fx »4. marts 2027«.",
    "added": "Mødet {when} er tilføjet til kalenderen for {committee}.",
    "moved": "Mødet er flyttet til {when} ({committee}).",
    "cancelled": "Mødet {day} er aflyst ({committee}).",
    "no_meeting": "Der er intet planlagt møde i {committee} den {day}.",
    "none": "Der er ingen kommende møder i kalenderen{for_committee}.",
    "list": "Kommende møder{for_committee}:",
    "for": " for {committee}",
    "subscribe": "Abonnér i Outlook: {path} (på botens adresse)",
    "all_day": "hele dagen",
    "not_secretary": "Kun sekretariatet for {committee} kan give kalenderen en ny adresse.",
    "not_secretary_change": "Kun sekretariatet for {committee} kan ændre mødekalenderen.",
    "not_secretary_anywhere": (
        "Beklager, kun et udvalgs sekretariat kan ændre mødekalenderen eller give den en ny adresse, og du er "
        "ikke sat op som sekretær for noget udvalg."
    ),
    "new_feed": (
        "Kalenderen for {committee} har nu en ny adresse: {path} (på botens adresse). Den gamle virker ikke "
        "længere; giv den nye til dem, der skal abonnere."
    ),
}
_EN = {
    "which_committee": (
        "I don't know which committee the meeting belongs to. Link this conversation to a committee "
        "(“link committee …”), or write it to me in a chat if you are the secretary of one committee."
    ),
    "no_date": "I could not read a date in “{text}”. Write e.g. “4 March 2027”.",
    "added": "The meeting on {when} was added to the calendar of {committee}.",
    "moved": "The meeting was moved to {when} ({committee}).",
    "cancelled": "The meeting on {day} is cancelled ({committee}).",
    "no_meeting": "{committee} has no meeting planned on {day}.",
    "none": "There are no upcoming meetings in the calendar{for_committee}.",
    "list": "Upcoming meetings{for_committee}:",
    "for": " of {committee}",
    "subscribe": "Subscribe in Outlook: {path} (at the bot's address)",
    "all_day": "all day",
    "not_secretary": "Only the secretariat of {committee} can give the calendar a new address.",
    "not_secretary_change": "Only the secretariat of {committee} can change the meeting calendar.",
    "not_secretary_anywhere": (
        "Sorry, only a committee's secretariat can change the meeting calendar or give it a new address, and "
        "you are not set up as secretary of any committee."
    ),
    "new_feed": (
        "The calendar of {committee} now has a new address: {path} (at the bot's address). The old one no "
        "longer works; give the new one to those who subscribe."
    ),
}


def match_list(turn: Turn) -> Mapping[str, Any] | None:
    """ "mødekalender", "kalender", "calendar", "show meeting calendar"."""
    return {} if _LIST_RE.match(turn.text.strip()) else None


def match_new_feed(turn: Turn) -> Mapping[str, Any] | None:
    """ "nyt kalenderlink", "new calendar link"."""
    return {} if _NEW_FEED_RE.match(turn.text.strip()) else None


def match_change(turn: Turn) -> Mapping[str, Any] | None:
    """ "nyt møde …", "flyt møde … til …", "aflys møde …" and their English forms."""
    text = turn.text.strip()
    if found := _ADD_RE.match(text):
        return {"action": "add", "rest": found["rest"]}
    if found := _MOVE_RE.match(text):
        old, new = (*_TO_RE.split(found["rest"], maxsplit=1), "")[:2]
        if old.strip() and new.strip():
            return {"action": "move", "old": old.strip(), "new": new.strip()}
    if found := _CANCEL_RE.match(text):
        return {"action": "cancel", "day": found["day"]}
    return None


async def run_list(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    """List the upcoming meetings (of the linked committee, else of all), with the .ics link."""
    t = _EN if turn.english else _DA
    calendar = services.calendar
    meetings = await calendar.upcoming(turn.committee)
    seen = await services.access.visible(turn.tenant)
    if seen is not None:
        meetings = [m for m in meetings if committee_key(m.committee) in seen]
    for_committee = t["for"].format(committee=turn.committee) if turn.committee else ""
    if not meetings:
        return [TextReply(t["none"].format(for_committee=for_committee))]
    lines = [t["list"].format(for_committee=for_committee)]
    for meeting in meetings:
        who = "" if turn.committee else f" – {meeting.committee}"
        lines.append(f"- {describe(meeting, turn.language)}{who}")
    for committee in dict.fromkeys(m.committee for m in meetings):
        lines.append(t["subscribe"].format(path=ics_path(committee, await services.access.feed_token(committee))))
    return [TextReply("\n".join(lines))]


async def run_new_feed(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    """A secretary replaces the linked committee's calendar address: the old one stops working."""
    t = _EN if turn.english else _DA
    committee = await _committee(turn, services, Action.ROTATE_FEED, "not_secretary")
    if not isinstance(committee, str):
        return committee
    token = await services.access.feed_token(committee, rotate=True)
    return [TextReply(t["new_feed"].format(committee=committee, path=ics_path(committee, token)))]


async def run_change(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    """Add, move or cancel a meeting, as the committee's secretary."""
    t = _EN if turn.english else _DA
    calendar = services.calendar
    committee = await _committee(turn, services, Action.CHANGE_MEETING, "not_secretary_change")
    if not isinstance(committee, str):
        return committee
    today = turn.received_at.astimezone(COMMITTEE_TZ).date()
    by = turn.user.aad_object_id
    try:
        if args["action"] == "add":
            mention = read_date(args["rest"], today)
            if mention is None:
                return [TextReply(t["no_date"].format(text=args["rest"]))]
            place = calendar_place(_danish(args["rest"]), mention.text)
            meeting = await calendar.add(
                committee, mention.on, start=mention.start_time, end=mention.end_time, place=place, by=by
            )
            key = "added"
        elif args["action"] == "move":
            old, new = read_date(args["old"], today), read_date(args["new"], today)
            if old is None or new is None:
                bad = args["old"] if old is None else args["new"]
                return [TextReply(t["no_date"].format(text=bad))]
            meeting = await calendar.move(committee, old.on, new.on, start=new.start_time, end=new.end_time, by=by)
            key = "moved"
        else:
            mention = read_date(args["day"], today)
            if mention is None:
                return [TextReply(t["no_date"].format(text=args["day"]))]
            meeting = await calendar.cancel(committee, mention.on, by=by)
            day = format_date(meeting.local_date, turn.language)
            return [TextReply(t["cancelled"].format(day=day, committee=meeting.committee))]
    except UnknownMeeting as error:  # in the user's language (the playground showed it in Danish to en-US)
        day = format_date(error.day, turn.language)
        return [TextReply(t["no_meeting"].format(committee=error.committee, day=day))]
    except CalendarError as error:
        return [TextReply(str(error))]
    return [TextReply(t[key].format(when=describe(meeting, turn.language), committee=meeting.committee))]


def read_date(text: str, today: dt.date) -> DateMention | None:
    """The first day-precise date in a command's text (Danish, English or ISO), with its times."""
    mention = parse_one(_danish(text), today)
    return mention if mention is not None and mention.precision == Precision.DAY else None


def _danish(text: str) -> str:
    text = _ISO.sub(lambda m: f"{int(m[3])}.{int(m[2])}.{m[1]}", text)
    text = _DAY_MONTH_EN.sub(lambda m: f"{int(m[1])}. {_MONTHS_EN[m[2].lower()]}", text)
    text = _MONTH_DAY_EN.sub(lambda m: f"{int(m[2])}. {_MONTHS_EN[m[1].lower()]}", text)
    text = _AT.sub("kl. ", text)
    return _BARE_TIME.sub(r"\1 kl. ", text)


def describe(meeting: CalendarMeeting, language: str) -> str:
    """ "4. marts 2027 kl. 09.00–12.00, Regionshuset" in the turn's language, local time."""
    t = _EN if language == "en" else _DA
    text = format_date(meeting.local_date, language)
    if meeting.local_start is None:
        text += f" ({t['all_day']})"
    else:
        sep = ":" if language == "en" else "."
        start = meeting.local_start.strftime(f"%H{sep}%M")
        end = meeting.local_end.strftime(f"%H{sep}%M") if meeting.local_end else None
        text += (" at " if language == "en" else " kl. ") + start + (f"–{end}" if end else "")
    return text + (f", {meeting.place}" if meeting.place else "")


def ics_path(committee: str, token: str) -> str:
    """The path of the committee's calendar feed on the bot's server (bot/app.py), with its secret token."""
    return f"/kalender/{committee_slug(committee)}.ics?token={token}"


async def _committee(turn: Turn, services: Services, action: Action, refused: str) -> str | list[Reply]:
    """The linked committee, else the user's one committee, if the user may ``action`` on it; else why not."""
    t = _EN if turn.english else _DA
    mine = await services.concerned(action, turn)
    if not mine:
        return [TextReply(t["not_secretary_anywhere"])]
    if len(mine) > 1:
        return [TextReply(t["which_committee"])]
    decision = await services.decide(action, turn, mine[0])
    if not decision.allowed:
        return [TextReply(refusal(turn, decision, t[refused].format(committee=mine[0])))]
    return mine[0]


COMMANDS = (
    Command(
        CHANGE_DIALOG_ID, RANK_FIXED + 70, match_change, run_change,
        help=(
            Help("nyt møde …", "for udvalgets sekretærer: sætter et møde i mødekalenderen",
                 "for the committee's secretaries: adds a meeting to the calendar",
                 example="nyt møde 4. marts 2027 kl. 9-12", secretary=True),
            Help("flyt møde …", "for udvalgets sekretærer: flytter et møde", "for the committee's secretaries: moves a meeting",
                 example="flyt møde 4. marts 2027 til 11. marts 2027", secretary=True),
            Help("aflys møde …", "for udvalgets sekretærer: aflyser et møde",
                 "for the committee's secretaries: cancels a meeting", example="aflys møde 4. marts 2027", secretary=True),
        ),
    ),
    Command(
        NEW_FEED_DIALOG_ID, RANK_FIXED + 72, match_new_feed, run_new_feed,
        help=(Help("nyt kalenderlink", "for udvalgets sekretærer: ny adresse til kalenderen; den gamle holder op",
                   "for the committee's secretaries: a new calendar address; the old one stops working",
                   secretary=True),),
    ),
    Command(
        DIALOG_ID, RANK_FIXED + 71, match_list, run_list,
        help=(Help("mødekalender", "viser udvalgets kommende møder", "lists the committee's coming meetings"),),
    ),
)  # fmt: skip  # a table kept compact
