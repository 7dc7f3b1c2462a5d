"""Answering questions from minutes: intents, retrieval, composing answers with sources."""

from bot.answering.answer import Answer, AnswerDate, Answerer, Source

__all__ = ["Answer", "AnswerDate", "Answerer", "Source"]
