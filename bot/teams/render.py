"""Reply objects (dialogs/replies.py) as Bot Framework activities: Adaptive Cards or plain text.

Cards come from bot.teams.cards; channels that cannot show them get plain text built from the
same word tables, so both say the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from botbuilder.schema import Activity, ActivityTypes, Attachment

from bot.minutes.model import Outcome
from bot.teams import cards
from dialogs.replies import AnswerReply, HelpReply, ItemReply, Reply, TextReply, WelcomeReply

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
# Invoke responses to Action.Execute: a card replaces the pressed one; a message shows as a notice.
INVOKE_CARD = "application/vnd.microsoft.card.adaptive"
INVOKE_MESSAGE = "application/vnd.microsoft.activity.message"

# Channels known to render Adaptive Cards 1.5; every other channel gets plain text.
CARD_CHANNELS = frozenset({"msteams", "emulator", "webchat", "directline"})


def supports_cards(channel_id: str | None) -> bool:
    """Whether replies on this Bot Framework channel may be Adaptive Cards."""
    return (channel_id or "").lower() in CARD_CHANNELS


def card(reply: Reply, *, language: str) -> cards.Card | None:
    """The Adaptive Card for a reply; None for replies that are plain text everywhere."""
    match reply:
        case AnswerReply(answer=answer, item=item):
            return cards.answer_card(answer, language=language, item=item)
        case ItemReply(item=item, committee=committee, meeting_date=meeting_date):
            return cards.item_card(item, committee=committee, meeting_date=meeting_date, language=language)
        case HelpReply():
            return cards.help_card(language)
        case WelcomeReply():
            return cards.welcome_card(language)
        case TextReply():
            return None
    raise TypeError(f"unknown reply type {type(reply).__name__}")


def plain_text(reply: Reply, *, language: str) -> str:
    """A reply as unformatted text (for channels without cards and the console)."""
    t = cards.texts(language)
    match reply:
        case TextReply(text=text):
            return text
        case AnswerReply(answer=answer):
            return cards.answer_text(answer, language=language)
        case ItemReply():
            return _item_text(reply, t)
        case HelpReply():
            return _help_text(t)
        case WelcomeReply():
            return _welcome_text(t)
    raise TypeError(f"unknown reply type {type(reply).__name__}")


def render(replies: Iterable[Reply], *, language: str, with_cards: bool) -> list[Activity]:
    """The message activities that carry the replies, one per reply, in order.

    Args:
        replies: what the dialog answered.
        language: "da" or "en" for the words the bot adds.
        with_cards: send Adaptive Cards (see :func:`supports_cards`); plain text otherwise.
    """
    activities = []
    for reply in replies:
        content = card(reply, language=language) if with_cards else None
        if content is not None:
            attachment = Attachment(content_type=ADAPTIVE_CARD, content=content)
            activities.append(Activity(type=ActivityTypes.message, attachments=[attachment]))
        else:
            activities.append(
                Activity(type=ActivityTypes.message, text=plain_text(reply, language=language), text_format="plain")
            )
    return activities


def invoke_response(replies: list[Reply], *, language: str) -> dict[str, Any]:
    """The body answering an Action.Execute invoke: the first reply's card, else its text as a message.

    Teams shows only one thing in response to a button press, so later replies are dropped.
    A plain dict, because botbuilder's AdaptiveCardInvokeResponse cannot carry a text value.
    """
    first = replies[0] if replies else None
    content = card(first, language=language) if first is not None else None
    if content is not None:
        return {"statusCode": 200, "type": INVOKE_CARD, "value": content}
    return invoke_message(plain_text(first, language=language) if first is not None else "")


def invoke_message(text: str) -> dict[str, Any]:
    """An invoke response body that Teams shows as a short message under the pressed card."""
    return {"statusCode": 200, "type": INVOKE_MESSAGE, "value": text}


def _help_text(t: dict[str, Any]) -> str:
    lines = [t["help_title"], t["help_intro"], "", t["help_examples_title"] + ":"]
    lines += [f"• {_quoted(example, t)}" for example in t["help_examples"]]
    lines += ["", t["help_commands_title"] + ":"]
    lines += [f"• {command}: {meaning}" for command, meaning in t["help_commands"]]
    lines += ["", t["help_channel_hint"]]
    return "\n".join(lines)


def _welcome_text(t: dict[str, Any]) -> str:
    lines = [t["welcome_title"], t["welcome_text"], "", t["help_examples_title"] + ":"]
    lines += [f"• {_quoted(example, t)}" for example in t["help_examples"][:2]]
    lines += ["", t["welcome_channel_hint"], t["welcome_trust"]]
    return "\n".join(lines)


def _item_text(reply: ItemReply, t: dict[str, Any]) -> str:
    item = reply.item
    lines = [
        f"{t['item']} {item.number}: {item.title}",
        f"{t['committee']}: {reply.committee or t['no_committee']}",
        f"{t['meeting']}: {cards.long_date(reply.meeting_date, language=t['lang'])}",
    ]
    if item.presenter:
        lines.append(f"{t['presenter']}: {item.presenter}")
    if item.time_slot:
        lines.append(f"{t['time_slot']}: {item.time_slot}")
    if item.outcome != Outcome.UNKNOWN:
        lines.append(f"{t['outcome']}: {t['outcomes'][item.outcome]}")
    shown = [s for s in item.sections if s.text.strip()]
    if not shown:
        lines += ["", t["empty_item"]]
    for section in shown:
        heading = section.heading.strip() or t["section_labels"].get(section.kind, "")
        lines += ["", heading, section.text.strip()] if heading else ["", section.text.strip()]
    return "\n".join(lines)


def _quoted(text: str, t: dict[str, Any]) -> str:
    opening, closing = t["quotes"]
    return f"{opening}{text}{closing}"

