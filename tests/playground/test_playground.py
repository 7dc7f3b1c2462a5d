"""Every advertised command, tried in Microsoft's M365 Agents Playground in a real browser.

The playground (a Teams-like web client with its own mock connector) talks to ``python -m bot
serve`` on 127.0.0.1; chromium shows it; each step writes, presses buttons, checks what is
rendered and saves a screenshot to tests/playground/screenshots/. The playground's Teams client
is always en-US (its activities carry ``locale: "en-US"``), so the reply language is checked with
Danish questions in an English client; the other way round is tested in tests/dialogs.

The steps run in file order on one page: the signed-in member (Alex Wilber) is a secretary of
the sample committee (SECRETARIES, see conftest.py), so member and secretary flows are walked by
the same person. What the playground cannot do is said where the step would be.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from bot.words import format_date
from dialogs.router import advertised
from tests.playground.conftest import BOT_NAME, COMMITTEE
from tests.playground.teams_page import CHANNEL, GROUP, PERSONAL, TeamsPage

# Every advertised word (dialogs/router.py advertised()) must be walked by a step.
COVERED: dict[str, str] = {}


def covers(*words: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def mark(step: Callable[..., Any]) -> Callable[..., Any]:
        for word in words:
            COVERED[word] = step.__name__
        return step

    return mark


def example(word: str) -> str:
    """The message help advertises for ``word``: its example, else the word."""
    [found] = [h for h in advertised() if h.word == word]
    return found.example or found.title


# Meetings the secretary puts in the calendar, far enough ahead that proposals go to the first.
TODAY = dt.date.today()
FIRST_MEETING = TODAY + dt.timedelta(days=45)
SECOND_MEETING = TODAY + dt.timedelta(days=75)
MOVED_MEETING = TODAY + dt.timedelta(days=80)  # stays: the meeting a proposal is moved to
CANCELLED_MEETING = TODAY + dt.timedelta(days=100)


def da_date(day: dt.date) -> str:
    return format_date(day, "da")  # "19. januar 2027", as a secretary writes it


def test_every_advertised_command_has_a_step() -> None:
    words = {h.word for h in advertised()}
    missing = words - COVERED.keys()
    assert not missing, f"advertised commands without a playground step: {sorted(missing)}"
    assert not COVERED.keys() - words, "steps for commands no longer advertised"


@pytest.fixture(scope="module")
def teams(playground_url: str, browser: Any, screenshots: Any) -> Iterator[TeamsPage]:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(playground_url)
    yield TeamsPage(page, screenshots, BOT_NAME)
    page.close()


def assert_no_placeholder(text: str) -> None:
    for bad in ("{", "}", "None", "TODO", "[object", "undefined", "Unknown"):
        assert bad not in text, f"{bad!r} shown:\n{text}"


# ------------------------------------------------------------------------- install and help


def test_install_and_welcome(teams: TeamsPage) -> None:
    teams.wait_quiet(sent_before=0)  # the playground installs the app in the personal chat
    body = teams.page.locator("body").inner_text()
    assert "Hello, I'm Mødeassistent" in body and "I answer only from the minutes" in body
    teams.shot("01-welcome")
    # "Show what I can do" is an imBack button (Action.Submit with msteams imBack data, as Teams
    # documents it). Playground 0.2.28 drops such a press with a page error ("Cannot add property
    # msTeams, object is not extensible"), so it is checked as rendered and not pressed.
    assert teams.page.get_by_role("button", name="Show what I can do", exact=True).count() == 1


@covers("hjælp")
def test_help_card_lists_every_command(teams: TeamsPage) -> None:
    reply = teams.say("hjælp")
    for h in advertised():
        assert h.word in reply, f"help card lacks {h.word!r}"
        assert h.en in reply
    assert "For the secretariat" in reply
    assert_no_placeholder(reply.text)
    teams.shot("03-help")
    # The example questions are imBack buttons too (see test_install_and_welcome): rendered, not pressed.
    for question in ("When is the next meeting?", "Which deadlines are coming up?"):
        assert teams.page.get_by_role("button", name=question, exact=True).count() >= 1


# ------------------------------------------------------------------------------- questions


@covers("spørg …")
def test_danish_question_in_the_english_client(teams: TeamsPage) -> None:
    reply = teams.say("Hvad blev besluttet om puljen til prøvehandlinger?")
    assert "Det blev besluttet at fordele puljen i to runder" in reply
    # Danish labels around the Danish answer, though the client is en-US
    for label in ("Kilde", "Udvalg", "Møde", "Punkt", "10. november 2026"):
        assert label in reply, label
    assert "Source" not in reply and "Committee" not in reply
    teams.shot("05-question-danish")
    whole = teams.press("Vis hele punktet", new_message=False)
    assert "Pulje til tværsektorielle prøvehandlinger 2027" in whole
    teams.shot("06-question-danish-whole-item")
    advertised_example = teams.say(example("spørg …"))
    assert "IPS" in advertised_example
    teams.shot("07-question-spoerg")


def test_english_question(teams: TeamsPage) -> None:
    reply = teams.say("When is the next meeting?")
    assert "The next meeting of" in reply or "next meeting" in reply.text
    assert "Source" in reply and "Kilde" not in reply
    teams.shot("08-question-english")
    whole = teams.press("Show the whole item", new_message=False)
    assert "Mødetider" in whole
    teams.shot("09-question-english-whole-item")


@covers("næste møde", "frister")
def test_next_meeting_and_deadlines(teams: TeamsPage) -> None:
    reply = teams.say("næste møde")
    assert "møde" in reply.text.lower()
    teams.shot("10-naeste-moede")
    reply = teams.say("frister")
    assert "Frist" in reply or "frist" in reply.text
    teams.shot("11-frister")


@covers("vis punkt …")
def test_show_item_by_text(teams: TeamsPage) -> None:
    reply = teams.say(example("vis punkt …"))
    assert "vis punkt 3 i" in reply.text or "show item 3 in" in reply.text
    teams.shot("12-vis-punkt")
    reply = teams.say("vis punkt 3 i referat_foelgegruppen-sundhed-beskaeftigelse_2026-11-10.txt")
    assert "Pulje til tværsektorielle prøvehandlinger 2027" in reply
    teams.shot("13-vis-punkt-i-referat")


# --------------------------------------------------------------------------- linking


@covers("tilknyt udvalg …")
def test_link_committee(teams: TeamsPage) -> None:
    reply = teams.say(example("tilknyt udvalg …"))  # a committee the sample minutes do not have
    assert COMMITTEE in reply
    teams.shot("14-tilknyt-ukendt-udvalg")
    reply = teams.say(f"tilknyt udvalg {COMMITTEE}")
    assert COMMITTEE in reply
    teams.shot("15-tilknyt-udvalg")


# -------------------------------------------------------------------------- the calendar


@covers("nyt møde …", "flyt møde …", "aflys møde …", "mødekalender", "nyt kalenderlink")
def test_meeting_calendar(teams: TeamsPage) -> None:
    for day in (FIRST_MEETING, SECOND_MEETING, CANCELLED_MEETING):
        reply = teams.say(f"nyt møde {da_date(day)} kl. 9-12")
        assert "was added to the calendar of" in reply and str(day.year) in reply.text
        teams.shot(f"16-nyt-moede-{day.isoformat()}")
    reply = teams.say(f"flyt møde {da_date(SECOND_MEETING)} til {da_date(MOVED_MEETING)}")
    assert "The meeting was moved to" in reply
    teams.shot("17-flyt-moede")
    reply = teams.say("mødekalender")
    assert "Upcoming meetings of" in reply and str(MOVED_MEETING.year) in reply.text
    teams.shot("18-moedekalender")
    old_token = reply.text.split("?token=")[1].split()[0]
    reply = teams.say("nyt kalenderlink")
    assert "now has a new address" in reply and old_token not in reply.text
    teams.shot("18b-nyt-kalenderlink")
    reply = teams.say(f"aflys møde {da_date(CANCELLED_MEETING)}")
    assert "is cancelled" in reply
    teams.shot("19-aflys-moede")
    added, moved, cancelled = (teams.say(example(word)) for word in ("nyt møde …", "flyt møde …", "aflys møde …"))
    teams.shot("20-calendar-examples")
    if dt.date(2027, 3, 4) > TODAY:  # the examples' dates are still ahead
        assert "The meeting on 4 March 2027 at 09:00–12:00 was added" in added
        assert "The meeting was moved to 11 March 2027" in moved
        # The example's meeting was just moved away: refused, in the client's language (was Danish)
        assert f"{COMMITTEE} has no meeting planned on 4 March 2027." in cancelled
    for reply in (added, moved, cancelled):
        assert "intet" not in reply.text and "Jeg " not in reply.text  # English, as the client


@covers("forslagsfrist", "forslagsfrist …")
def test_proposal_cut_off(teams: TeamsPage) -> None:
    reply = teams.say("forslagsfrist")
    assert f"Proposals to {COMMITTEE} must be in 10 days before the meeting" in reply
    teams.shot("20b-forslagsfrist")
    reply = teams.say(example("forslagsfrist …"))  # 7 days: the first meeting, 45 days ahead, stays open
    assert f"The proposal cut-off of {COMMITTEE} is now 7 days before the meeting" in reply
    teams.shot("20c-forslagsfrist-aendret")


# ----------------------------------------------------------------------------- proposals


@covers("forslag …")
def test_proposal_by_text_and_by_form(teams: TeamsPage) -> None:
    reply = teams.say(example("forslag …"))
    assert "Status på PTSD-arbejdet" in reply
    teams.shot("21-forslag-tekst")
    form = teams.say("forslag")
    for label in ("Title", "Description", "Presented by", "Send proposal"):
        assert label in form, label
    teams.shot("22-forslag-formular")
    # Without a title the card itself refuses (Adaptive Card isRequired): nothing is sent.
    teams.page.get_by_role("button", name="Send proposal", exact=True).last.click()
    errors = teams.page.get_by_text("Type a title.", exact=True)
    errors.last.wait_for(state="visible")
    teams.shot("23-forslag-formular-fejl")
    teams.page.get_by_label("Title").last.fill("Temadrøftelse om praksisplanen")
    received = teams.press("Send proposal", new_message=False)  # Action.Execute: the card becomes the receipt
    assert "Temadrøftelse om praksisplanen" in received
    teams.shot("24-forslag-formular-modtaget")
    teams.say("forslag Fælles kursusdag for sagsbehandlere")
    teams.say("forslag Evaluering af prøvehandlingerne")


@covers("mine forslag")
def test_my_proposals_and_withdrawal(teams: TeamsPage) -> None:
    reply = teams.say("mine forslag")
    assert "Status på PTSD-arbejdet" in reply and "Evaluering af prøvehandlingerne" in reply
    teams.shot("25-mine-forslag")
    withdrawn = teams.press("Withdraw the proposal", new_message=False)
    teams.shot("26-mine-forslag-traekket-tilbage")
    assert withdrawn.text.strip()


@covers("forslag til behandling")
def test_secretary_review(teams: TeamsPage) -> None:
    review = teams.say("forslag til behandling")
    teams.shot("27-forslag-til-behandling")
    assert "Proposals to review" in review and "Evaluering af prøvehandlingerne" in review
    for button in ("Accept", "Reject", "Move to another meeting"):
        assert teams.page.get_by_role("button", name=button, exact=True).count() == 3, button
    # The buttons are Action.Execute: the card is replaced, and the proposer (the same member here)
    # gets a notice in the conversation the proposal came from.
    accepted = teams.press("Accept", new_message=False)  # the last one: "Evaluering af prøvehandlingerne"
    teams.shot("28-forslag-godkendt")
    assert "“Evaluering af prøvehandlingerne” is accepted for the meeting on" in accepted
    assert "Your proposal “Evaluering af prøvehandlingerne” has been accepted" in accepted

    teams.page.get_by_role("button", name="Reject", exact=True).last.click()
    reason = teams.page.get_by_label("Reason for rejecting (sent to the proposer)").last
    reason.wait_for(state="visible")
    reason.fill("Punktet tages op på temadagen i marts.")
    teams.shot("29-forslag-afvis-begrundelse")
    rejected = teams.press("Reject the proposal", new_message=False)
    teams.shot("30-forslag-afvist")
    assert "Your proposal “Fælles kursusdag for sagsbehandlere” has been rejected." in rejected
    assert "Punktet tages op på temadagen i marts." in rejected

    teams.page.get_by_role("button", name="Move to another meeting", exact=True).last.click()
    teams.page.get_by_text("Move to the meeting", exact=True).last.wait_for(state="visible")
    teams.shot("31-forslag-flyt")  # the next meeting after the proposal's is chosen already
    moved = teams.press("Move the proposal", new_message=False)
    teams.shot("32-forslag-flyttet")
    assert "Your proposal “Temadrøftelse om praksisplanen” has been moved from the meeting on" in moved


@covers("dagsordensudkast")
def test_draft_agenda(teams: TeamsPage) -> None:
    draft = teams.say("dagsordensudkast")
    teams.shot("33-dagsordensudkast")
    assert "Draft agenda" in draft and "Any other business" in draft
    for button in ("Get as Markdown", "Get as Word (.docx)"):
        assert button in draft
    markdown = teams.press("Get as Markdown")
    teams.shot("34-dagsordensudkast-markdown")
    assert "The draft agenda for the meeting on" in markdown and "Evaluering af prøvehandlingerne" in markdown
    # Besides the Markdown message the bot sends the .md file; the playground shows it as "Invalid
    # message type" (it renders no file attachments).
    word = teams.press("Get as Word (.docx)")
    teams.shot("35-dagsordensudkast-word")
    # In a personal chat the Word file comes through Teams' file consent card, which the
    # playground does not support ("File Consent Card is not supported yet"); the OneDrive upload
    # after consent is tested against stand-ins in tests/teams/test_files.py.
    assert "as a Word file" in word


# ----------------------------------------------------------------------------- reminders


@covers("påmind mig", "påmindelser", "påmindelse …", "stop påmindelser")
def test_reminders(teams: TeamsPage) -> None:
    for n, word in enumerate(("påmind mig", "påmindelser", "påmindelse …", "stop påmindelser"), start=36):
        reply = teams.say(example(word))
        assert reply.text.strip()
        assert_no_placeholder(reply.text)
        teams.shot(f"{n}-{word.rstrip(' …')}")


# ------------------------------------------------------------------- minutes and Microsoft 365


@covers("Send referatet som fil", "godkend referat …")
def test_minutes_as_files(teams: TeamsPage) -> None:
    # The playground cannot send a file to the bot: its "+" offers cards and message extensions,
    # not attachments, and its connector hosts no download URL. Sending minutes is tested against
    # a Teams stand-in in tests/e2e/test_upload_minutes.py; here only the text command is tried.
    reply = teams.say(example("godkend referat …"))
    teams.shot("40-godkend-referat")
    assert reply.text.strip()


@covers("referatmappe <link>", "kalendergruppe <gruppe-id>", "fjern referatmappe", "synkronisering")
def test_microsoft_365_sync_without_graph(teams: TeamsPage) -> None:
    # The bot runs without Microsoft Graph credentials (local mode), so these say so.
    for n, word in enumerate(
        ("referatmappe <link>", "kalendergruppe <gruppe-id>", "fjern referatmappe", "synkronisering"), start=41
    ):
        reply = teams.say(example(word))
        assert reply.text.strip()
        assert_no_placeholder(reply.text)
        teams.shot(f"{n}-{word.split()[0]}")


# ----------------------------------------------------------------- group chat and channel


def test_group_chat_question_with_mention(teams: TeamsPage) -> None:
    teams.open(GROUP)
    reply = teams.say("Hvorfor blev forslaget om en fælles telefonlinje afvist?", mention=True)
    assert "Forslaget blev afvist" in reply
    teams.shot("45-gruppechat-spoergsmaal")


@covers("fjern tilknytning")
def test_channel_link_question_and_unlink(teams: TeamsPage) -> None:
    teams.open(CHANNEL)
    reply = teams.say(f"tilknyt udvalg {COMMITTEE}", mention=True)
    assert COMMITTEE in reply
    teams.shot("46-kanal-tilknyt")
    # (the "the pool for trial actions" is still not found in English: see the report)
    reply = teams.say("What was decided about the pool for trials?", mention=True)
    teams.shot("47-kanal-spoergsmaal-engelsk")
    assert "Source" in reply
    reply = teams.say("fjern tilknytning", mention=True)
    teams.shot("48-kanal-fjern-tilknytning")
    assert reply.text.strip()
    teams.open(PERSONAL)


# ------------------------------------------------------------------- personal data (last: it deletes)


@covers("persondata eksport …", "persondata slet …")
def test_personal_data_export_and_delete(teams: TeamsPage) -> None:
    teams.open(PERSONAL)
    reply = teams.say("persondata eksport Alex Wilber")
    teams.shot("50-persondata-eksport")
    assert "What I have stored about Alex Wilber" in reply
    reply = teams.say("persondata slet Alex Wilber")
    teams.shot("51-persondata-slet")
    assert "Deleting Alex Wilber would do this" in reply and "confirm" in reply.text
    reply = teams.say("persondata slet Alex Wilber bekræft")
    teams.shot("52-persondata-slet-bekraeft")
    assert "Deleted:" in reply and "slettet-" in reply.text
