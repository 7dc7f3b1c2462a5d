"""Adaptive Cards (schema 1.5) for agenda proposals, one module per card: the form and the committee
question (``form``), the receipt, the member's own list (``my_proposals``), the secretary's review list,
the draft agenda (``agenda``) and the decision notice; their words in ``words``, shared parts in ``blocks``.

Buttons are ``Action.Execute`` (the pressed card can be replaced) with an ``Action.Submit`` fallback carrying
the same data. User text reaches TextBlocks and Facts only through ``escape_markdown``, so it cannot pass for
the bot's own words; input labels, choices and values are not Markdown.
"""

from bot.teams.proposal_cards.agenda import draft_agenda_card, draft_agenda_text
from bot.teams.proposal_cards.blocks import MAX_LISTED, button, choice_set
from bot.teams.proposal_cards.decision import decision_card, decision_text
from bot.teams.proposal_cards.form import committee_choice_card, proposal_form_card, proposal_form_text
from bot.teams.proposal_cards.my_proposals import my_proposals_card, my_proposals_text
from bot.teams.proposal_cards.receipt import receipt_card, receipt_text
from bot.teams.proposal_cards.review import review_card, review_text
from bot.teams.proposal_cards.words import texts

__all__ = [
    "MAX_LISTED", "button", "choice_set", "committee_choice_card", "decision_card",
    "decision_text", "draft_agenda_card", "draft_agenda_text", "my_proposals_card", "my_proposals_text",
    "proposal_form_card", "proposal_form_text", "receipt_card", "receipt_text", "review_card", "review_text", "texts",
]  # fmt: skip  # names packed, one list
