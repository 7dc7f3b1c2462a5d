"""Agenda proposals: members propose items, secretaries decide, the bot drafts the agenda."""
