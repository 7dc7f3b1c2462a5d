"""Adaptive Cards (schema 1.5) for agenda proposals, one module per card: the form and the committee
question (``form``), the receipt, the member's own list (``my_proposals``), the secretary's review list,
the draft agenda (``agenda``) and the decision notice; their words in ``words``, shared parts in ``blocks``.

Buttons are ``Action.Execute`` (Teams' Universal Actions: the bot answers in the invoke response,
so the pressed card can be replaced) with an ``Action.Submit`` fallback carrying the same data, for
clients that do not know Execute. Both carry ``{"action": …}`` plus ids; inputs are merged into the
data by the client.

Every text from users (titles, descriptions, names, reasons, links) goes through
:func:`bot.teams.cards.escape_markdown` before it lands in a TextBlock or Fact, so a title such as
``**Godkendt** [klik](http://x)`` shows literally and cannot pass for the bot's own words. Input
labels, placeholders, choice titles and input values are not Markdown and are left as they are.
Nothing here imports botbuilder.
"""

from bot.teams.proposal_cards.agenda import draft_agenda_card, draft_agenda_text
from bot.teams.proposal_cards.blocks import MAX_LISTED, button, choice_set
from bot.teams.proposal_cards.decision import decision_card, decision_headline, decision_text
from bot.teams.proposal_cards.form import committee_choice_card, proposal_form_card, proposal_form_text
from bot.teams.proposal_cards.my_proposals import my_proposals_card, my_proposals_text
from bot.teams.proposal_cards.receipt import receipt_card, receipt_text
from bot.teams.proposal_cards.review import review_card, review_text
from bot.teams.proposal_cards.words import texts

__all__ = [
    "MAX_LISTED", "button", "choice_set", "committee_choice_card", "decision_card", "decision_headline",
    "decision_text", "draft_agenda_card", "draft_agenda_text", "my_proposals_card", "my_proposals_text",
    "proposal_form_card", "proposal_form_text", "receipt_card", "receipt_text", "review_card", "review_text", "texts",
]  # fmt: skip  # names packed, one list
