"""Reply objects (dialogs/replies.py) as Bot Framework activities: Adaptive Cards, or plain text from the same words."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from typing import Any

from botbuilder.schema import (
    Activity,
    ActivityTypes,
    Attachment,
    ChannelAccount,
    ConversationAccount,
)

from bot.answering.answer import Answer
from bot.minutes.model import AgendaItem, Outcome
from bot.teams import cards, upload_cards
from bot.teams import proposal_cards as pc
from bot.teams.files import UploadInfo
from dialogs.replies import (
    AnswerReply,
    CommitteeChoiceReply,
    DecisionReply,
    DraftAgendaReply,
    FileOfferReply,
    FileReply,
    HelpReply,
    ItemReply,
    MarkdownReply,
    MyProposalsReply,
    ProposalFormReply,
    ProposalReceiptReply,
    Reply,
    ReviewReply,
    TextReply,
    UploadReviewReply,
    WelcomeReply,
)

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
# Invoke responses to Action.Execute: a card replaces the pressed one; a message shows as a notice.
INVOKE_CARD = "application/vnd.microsoft.card.adaptive"
INVOKE_MESSAGE = "application/vnd.microsoft.activity.message"
# Teams' file cards: asking to send a file to the user's OneDrive, and showing a stored file.
FILE_CONSENT_CARD = "application/vnd.microsoft.teams.card.file.consent"
FILE_INFO_CARD = "application/vnd.microsoft.teams.card.file.info"

# Channels known to render Adaptive Cards 1.5; every other channel gets plain text.
CARD_CHANNELS = frozenset({"msteams", "emulator", "webchat", "directline"})


def supports_cards(channel_id: str | None) -> bool:
    return (channel_id or "").lower() in CARD_CHANNELS


def card(reply: Reply, *, language: str) -> cards.Card | None:
    """The Adaptive Card for a reply; None for replies that are plain text everywhere."""
    match reply:
        case AnswerReply(answer=answer, item=item):  # in the question's language, labels and all
            return _answer_card(answer, item)
        case ItemReply(item=item, committee=committee, meeting_date=meeting_date):
            return cards.item_card(item, committee=committee, meeting_date=meeting_date, language=language)
        case HelpReply():
            return cards.help_card(language)
        case WelcomeReply():
            return cards.welcome_card(language)
        case ProposalFormReply(
            committee=committee, meetings=meetings, committees=committees, title=title, notice=notice
        ):
            return pc.proposal_form_card(
                committee=committee,
                meetings=meetings,
                committees=committees,
                title=title,
                notice=notice,
                language=language,
            )
        case CommitteeChoiceReply(title=title, committees=committees):
            return pc.committee_choice_card(title, committees, language=language)
        case ProposalReceiptReply(proposal=proposal, rolled_over_from=rolled_over_from):
            return pc.receipt_card(proposal, rolled_over_from=rolled_over_from, language=language)
        case MyProposalsReply(proposals=proposals, notice=notice):
            return pc.my_proposals_card(proposals, notice=notice, language=language)
        case ReviewReply(committee=committee, proposals=proposals, meetings=meetings, notice=notice):
            return pc.review_card(committee, proposals, meetings=meetings, notice=notice, language=language)
        case DraftAgendaReply(agenda=agenda):
            return pc.draft_agenda_card(agenda, language=language)
        case DecisionReply(proposal=proposal, moved_from=moved_from):
            return pc.decision_card(proposal, moved_from=moved_from, language=language)
        case UploadReviewReply():
            return upload_cards.review_card(reply, language=language)
        case TextReply() | MarkdownReply() | FileReply() | FileOfferReply():
            return None
    raise TypeError(f"unknown reply type {type(reply).__name__}")


# Answers are kept per question (bot.knowledge) and items live in the index, so a burst of one
# question hands render the same two objects again and again: their card is made once and kept by
# their identity (the entry holds them, so an id cannot be reused while it is kept). Cards are only
# read after this (copied into the activity, serialised), never changed.
MAX_KEPT_CARDS = 128
_answer_cards: dict[tuple[int, int], tuple[Answer, AgendaItem | None, cards.Card]] = {}


def _answer_card(answer: Answer, item: AgendaItem | None) -> cards.Card:
    key = (id(answer), id(item))
    kept = _answer_cards.get(key)
    if kept is not None and kept[0] is answer and kept[1] is item:
        return kept[2]
    made = cards.answer_card(answer, language=answer.language, item=item)
    if len(_answer_cards) >= MAX_KEPT_CARDS:
        del _answer_cards[next(iter(_answer_cards))]  # the oldest
    _answer_cards[key] = (answer, item, made)
    return made


def plain_text(reply: Reply, *, language: str) -> str:
    """A reply as unformatted text (for channels without cards and the console)."""
    t = cards.texts(language)
    match reply:
        case TextReply(text=text):
            return text
        case AnswerReply(answer=answer):
            return cards.answer_text(answer, language=answer.language)
        case ItemReply():
            return _item_text(reply, t)
        case HelpReply():
            return _help_text(t)
        case WelcomeReply():
            return _welcome_text(t)
        case ProposalFormReply(committee=committee, notice=notice):
            return pc.proposal_form_text(committee=committee, notice=notice, language=language)
        case CommitteeChoiceReply(title=title, committees=committees):
            return "\n".join([pc.texts(language)["choose_committee_title"], title, *(f"• {c}" for c in committees)])
        case ProposalReceiptReply(proposal=proposal, rolled_over_from=rolled_over_from):
            return pc.receipt_text(proposal, rolled_over_from=rolled_over_from, language=language)
        case MyProposalsReply(proposals=proposals, notice=notice):
            return pc.my_proposals_text(proposals, notice=notice, language=language)
        case ReviewReply(committee=committee, proposals=proposals, notice=notice):
            return pc.review_text(committee, proposals, notice=notice, language=language)
        case DraftAgendaReply(agenda=agenda):
            return pc.draft_agenda_text(agenda, language=language)
        case MarkdownReply(text=text):
            return text
        case FileReply(name=name, description=description) | FileOfferReply(name=name, description=description):
            return description or name
        case DecisionReply(proposal=proposal, moved_from=moved_from):
            return pc.decision_text(proposal, moved_from=moved_from, language=language)
        case UploadReviewReply():
            return upload_cards.review_text(reply, language=language)
    raise TypeError(f"unknown reply type {type(reply).__name__}")


def render(replies: Iterable[Reply], *, language: str, with_cards: bool) -> list[Activity]:
    """One message activity per reply, in order; Adaptive Cards ``with_cards``, plain text otherwise."""
    activities = []
    for reply in replies:
        if isinstance(reply, MarkdownReply):
            activities.append(Activity(type=ActivityTypes.message, text=reply.text, text_format="markdown"))
            continue
        if isinstance(reply, FileReply) and with_cards:
            activities.append(Activity(type=ActivityTypes.message, attachments=[file_attachment(reply)]))
            continue
        if isinstance(reply, FileOfferReply) and with_cards:
            activities.append(Activity(type=ActivityTypes.message, attachments=[file_consent_attachment(reply)]))
            continue
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

    Teams shows one thing per button press; a plain dict, as AdaptiveCardInvokeResponse cannot carry text.
    """
    first = replies[0] if replies else None
    content = card(first, language=language) if first is not None else None
    if content is not None:
        return {"statusCode": 200, "type": INVOKE_CARD, "value": content}
    return invoke_message(plain_text(first, language=language) if first is not None else "")


def addressed(
    activity: Activity, *, bot_id: str, bot_name: str | None, conversation_id: str, tenant_id: str | None
) -> Activity:
    """A rendered activity made ready to send proactively (outside a turn) to a stored conversation."""
    activity.from_property = ChannelAccount(id=bot_id, name=bot_name)
    activity.conversation = ConversationAccount(id=conversation_id, tenant_id=tenant_id)
    return activity


def file_attachment(reply: FileReply) -> Attachment:
    """A file as an inline attachment (a base64 data URI), for one-to-one chats and the Emulator."""
    encoded = base64.b64encode(reply.data).decode("ascii")
    return Attachment(
        content_type=reply.media_type, content_url=f"data:{reply.media_type};base64,{encoded}", name=reply.name
    )


def file_consent_attachment(offer: FileOfferReply) -> Attachment:
    """A FileConsentCard: may the bot put the file into the user's OneDrive? Both answers bring the context back."""
    content = {
        "description": offer.description,
        "sizeInBytes": offer.size,
        "acceptContext": dict(offer.context),
        "declineContext": dict(offer.context),
    }
    return Attachment(content_type=FILE_CONSENT_CARD, content=content, name=offer.name)


def file_info_activity(upload: UploadInfo, text: str) -> Activity:
    """A message with a FileInfoCard: the file now stored in the user's OneDrive, to open or download."""
    attachment = Attachment(
        content_type=FILE_INFO_CARD,
        content_url=upload.content_url,
        name=upload.name,
        content={"uniqueId": upload.unique_id, "fileType": upload.file_type},
    )
    return Activity(type=ActivityTypes.message, text=text, text_format="plain", attachments=[attachment])


def invoke_message(text: str) -> dict[str, Any]:
    """An invoke response body that Teams shows as a short message under the pressed card."""
    return {"statusCode": 200, "type": INVOKE_MESSAGE, "value": text}


def _help_text(t: dict[str, Any]) -> str:
    lines = [t["help_title"], t["help_intro"], "", t["help_examples_title"] + ":"]
    lines += [f"• {_quoted(example, t)}" for example in t["help_examples"]]
    lines += ["", t["help_commands_title"] + ":"]
    lines += [f"• {command}: {meaning}" for command, meaning in cards.help_rows(t["lang"], secretary=False)]
    lines += ["", t["help_secretary_title"] + ":"]
    lines += [f"• {command}: {meaning}" for command, meaning in cards.help_rows(t["lang"], secretary=True)]
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
