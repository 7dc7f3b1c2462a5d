"""The user asks a question about the minutes ("Hvornår er næste møde?", "spørg …")."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.answering.query import detect_language
from bot.knowledge import AnswerTookTooLong
from dialogs.commands import RANK_QUESTION, Command, Help
from dialogs.replies import AnswerReply, Reply, TextReply
from dialogs.turn import Services, Turn

DIALOG_ID = "ask"

# The help card's "spørg …" command; the rest is the question.
_PREFIX_RE = re.compile(r"^(?:spørg|spoerg|ask)\b[\s:,\-–]*+", re.IGNORECASE)
_TOO_SLOW = {
    "da": "Det spørgsmål tog for lang tid at besvare. Prøv et kortere spørgsmål, fx »Hvornår er næste møde?«.",
    "en": "That question took too long to answer. Please try a shorter question, e.g. “When is the next meeting?”.",
}


def match(turn: Turn) -> Mapping[str, Any] | None:
    """Any remaining text is a question."""
    question = _PREFIX_RE.sub("", turn.text, count=1).strip()
    return {"question": question} if question else None


async def run(turn: Turn, args: Mapping[str, Any], services: Services) -> list[Reply]:
    """Answer from the minutes, the linked committee's first, with the quoted item for "show all".

    The answer is in the question's language, which may differ from the client's (a Danish
    question in an English Teams); the client's decides only when the question does not tell.
    """
    question = args["question"]
    language = detect_language(question, default=turn.language)
    within = await services.access.visible(turn.tenant)
    try:
        answer = await services.knowledge.ask(question, committee=turn.committee, language=language, within=within)
    except AnswerTookTooLong:
        return [TextReply(_TOO_SLOW["en" if language == "en" else "da"])]
    item = None
    if answer.answered and answer.sources and answer.sources[0].item_number:
        source = answer.sources[0]
        found = await services.knowledge.item(source.document, source.item_number, within=within)
        item = found[1] if found else None
    return [AnswerReply(answer, item)]


COMMANDS = (
    Command(
        DIALOG_ID, RANK_QUESTION, match, run,
        help=(
            Help("spørg …", "stiller et spørgsmål om referaterne", "asks a question about the minutes",
                 example="spørg Hvad blev besluttet om IPS?", menu=True),
            Help("næste møde", "fortæller hvornår og hvor udvalget mødes næste gang",
                 "tells when and where the committee meets next", menu=True),
            Help("frister", "viser de kommende frister fra referaterne", "lists upcoming deadlines from the minutes",
                 menu=True),
        ),
    ),
)  # fmt: skip  # a table kept compact
