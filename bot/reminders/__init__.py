"""Reminder rules, what is due when, and members' opt-in (plain Python; no Teams types)."""
