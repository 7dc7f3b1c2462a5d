"""The bounds on the work one message may cause, in one place (README, "Limits").

Teams accepts messages of about 28 KB; nobody asks a question that long, and every step after
this cut (mention removal, command patterns, the question's parsing, stemming and compound
splitting) is linear or close to it in the text, so these bounds bound a turn's time and memory.
"""

from __future__ import annotations

# The longest message text the bot reads, in characters, as Teams sends it (markup included).
# A longer message gets a polite answer and is not parsed.
MAX_MESSAGE_CHARS = 4_000

# The longest word that is stemmed or split into compound parts. Danish compounds in minutes
# reach about 40 letters ("informationssikkerhedsforanstaltninger", 38); anything longer is a
# code, a pasted blob or an attack, and is searched for as written. Splitting stems every prefix
# of a word, so without this bound one 28 KB word costs seconds and hundreds of MiB.
MAX_WORD_CHARS = 50

# Entries in the stem cache and in each search index's compound cache (least recently used go
# first). Keys are at most MAX_WORD_CHARS letters, so full caches hold about 32 MiB (measured).
STEM_CACHE_SIZE = 65_536
SPLIT_CACHE_SIZE = 16_384

# How long answering one question may take (seconds, in a worker thread) before the member is
# asked for a shorter question. Questions take milliseconds; ANSWER_BUDGET_SECONDS overrides it.
ANSWER_BUDGET_SECONDS = 5.0
# Questions answered at once; more wait their turn (the event loop serves everyone meanwhile).
ANSWER_WORKERS = 2
