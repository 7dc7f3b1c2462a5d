"""General answering rules over small hand-built minutes: compound coverage, tables, ranges,
agendas, and the kind of answer a question asks for."""

import datetime as dt

from bot.answering import Answerer
from bot.minutes.model import DateKind, DateMention, DocumentKind, Meeting, Minutes, Precision, SectionKind
from tests.answering.handmade import item

TODAY = dt.date(2024, 3, 1)
TECH = "Klima-, Teknik- og Miljøudvalget"
COUNCIL = "Byråd 2022-2025"
AARHUS = "Aarhus Byråd"


def range_mention(start: dt.date, end: dt.date, text: str) -> DateMention:
    return DateMention(start, start, end, Precision.DAY, DateKind.EVENT, text, text, None, None, None)


def minutes(committee: str, day: dt.date, items, *, kind=DocumentKind.MINUTES) -> Minutes:
    meeting = Meeting(committee, day, 1.0, "x", absentees=["Ole Hansen"])
    return Minutes(f"{committee[:5]}-{day}.json", f"sha-{committee}-{day}", meeting, items, [], kind=kind)


def corpus() -> list[Minutes]:
    return [
        minutes(
            TECH,
            dt.date(2023, 9, 19),
            [
                item(
                    "7",
                    "Tiltag på energi",
                    referat="Udvalget godkendte tiltagene.",
                    sagsfremstilling="Temperaturen i varmvandsbassinet i svømmehallen sænkes, og det koster 2 mio. kr. "
                    "I Tyskland er der fastsat regler om temperaturen. Der er vand i kælderen. Landet sparer.",
                ),
                item(
                    "9",
                    "Beskyttelse af havmiljøet",
                    referat="Udvalget sender høringssvaret.",
                    dates=[range_mention(dt.date(2023, 7, 20), dt.date(2023, 8, 9), "fra den 20. juli til 9. august")],
                    sagsfremstilling="Høringsperioden fra den 20. juli til 9. august var for kort til en politisk behandling.",
                ),
                item(
                    "3",
                    "Status specialpædagogisk analyse",
                    referat="Udvalget besluttede at iværksætte følgende anbefalinger i 2025; Tidlig opsporing. "
                    "Praksisnært PPR.",
                ),
                item("8", "Energisparetiltag i svømmehallen", referat="Energisparetiltagene fortsætter i 2024."),
            ],
        ),
        minutes(
            "Plan- og Tryghedsudvalget",
            dt.date(2024, 6, 10),
            [
                item(
                    "9",
                    "Bystrategisk Råd, nyt medlem",
                    referat="Udvalget udpeger Annie Ejstrup fra grundejerforeningen.",
                    sagsfremstilling="Den 15. november 2022 udpegede udvalget seks medlemmer til Bystrategisk Råd.",
                ),
                item(
                    "10",
                    "Ny rundkørsel ved Støjvolden",
                    referat="Godkendt med krav om abonnement.",
                    sagsfremstilling="Rundkørslen anlægges i 2025.",
                ),
            ],
        ),
        minutes(
            COUNCIL,
            dt.date(2023, 4, 17),
            [
                item(
                    "29",
                    "Samarbejde om lejrskole",
                    referat="Godkendt.",
                    sagsfremstilling="Kommunens tidligere lejrskole kan bruges af flere kommuner.",
                ),
            ],
        ),
        minutes(
            "Skole-, Børne- og Ungeudvalget",
            dt.date(2025, 6, 3),
            [
                item(
                    "12",
                    "Ny daginstitution ved Borgerhuset - navngivning",
                    outcome_sentence=("Udvalget besluttede, at den nye institution får navnet Børnehuset Rådhushaven."),
                    referat="Udvalget takker borgerne for de mange forslag til et navn. "
                    "Udvalget besluttede, at den nye institution får navnet Børnehuset Rådhushaven.",
                ),
            ],
        ),
        minutes(
            "Social- og Handicapudvalget",
            dt.date(2022, 10, 10),
            [
                item(
                    "3",
                    "Hjemløsetælling 2022",
                    sagsfremstilling="Tællingen viser, at 62 procent af de hjemløse "
                    "har en psykisk sygdom. Heraf er 30 af de hjemløse borgere fra kommunen.",
                ),
            ],
        ),
        minutes(
            "Social- og Handicapudvalget",
            dt.date(2024, 11, 18),
            [
                item(
                    "8",
                    "Hjemløsetælling 2024",
                    sagsfremstilling="Tællingen udkom den 5. september 2024. I uge 6 "
                    "er der registreret 5.989 hjemløse på landsplan. Heraf er 49 af de hjemløse borgere fra kommunen.",
                ),
            ],
        ),
        minutes(
            "Plan- og Tryghedsudvalget",
            dt.date(2022, 5, 31),
            [
                item(
                    "4",
                    "Lokalplan for Tværhøjgård etape 3",
                    referat="Udvalget fastholder grunde på 700 kvm for parcelhuse og 400 kvm for rækkehuse.",
                ),
            ],
        ),
        minutes(
            "Social- og Handicapudvalget",
            dt.date(2024, 11, 18),
            [
                item(
                    "9",
                    "Botilbud i Grønlykkeparken 39",
                    sagsfremstilling="Botilbuddet får 12 pladser i Grønlykkeparken "
                    "39. Huslejen er 5.622 kr. om måneden plus forbrug.",
                ),
            ],
        ),
        minutes(
            TECH,
            dt.date(2022, 6, 2),
            [
                item(
                    "28",
                    "Dispensation til tilbygning, Byvejen 27",
                    outcome_source=SectionKind.REFERAT,
                    outcome_sentence="Indstillingen blev godkendt.",
                    referat="Hans-Jørgen Kirstein (D) spurgte, om han var inhabil, da han kender ansøgeren.\n"
                    "Udvalget erklærede Hans-Jørgen Kirstein (D) for ikke inhabil i punktets behandling.\n"
                    "Indstillingen blev godkendt.",
                ),
            ],
        ),
        minutes(
            "Kultur- og Fritidsudvalget",
            dt.date(2022, 11, 16),
            [
                item(
                    "3",
                    "Villa Sitka, det videre arbejde",
                    referat="Anbefales, med bemærkning om, at der holdes et temamøde om Villa Sitka.",
                    description="Administrationen anbefaler, at der ikke arbejdes videre med foreningernes projekter for "
                    "Villa Sitka, da det vil være økonomisk og resursemæssigt krævende.",
                ),
            ],
        ),
        minutes(
            "Kultur- og Fritidsudvalget",
            dt.date(2022, 6, 15),
            [
                item("1", "Godkendelse af dagsorden", referat="Godkendt."),
            ],
        ),
        minutes(
            "Kultur- og Fritidsudvalget",
            dt.date(2022, 8, 17),
            [
                item("1", "Godkendelse af dagsorden", referat="Godkendt."),
            ],
        ),
        minutes(
            "Økonomiudvalget",
            dt.date(2023, 5, 8),
            [
                item(
                    "13",
                    "Opfølgning på initiativretssag om beskæftigelse af handicappede",
                    referat="Økonomiudvalget beslutter, at der ikke indføres en klausul om beskæftigelse af "
                    "handicappede og personer i fleksjob.",
                ),
            ],
        ),
        minutes(
            COUNCIL,
            dt.date(2022, 10, 3),
            [
                item(
                    "9",
                    "Budget 2023-26 - 2. behandling",
                    referat="Godkendt. Imod stemte: A og F, da de ønsker budgettet med lavere takster i budgettet.",
                ),
            ],
        ),
        minutes(
            COUNCIL,
            dt.date(2025, 10, 1),
            [
                item(
                    "9",
                    "Budget 2026-29 - 2. behandling",
                    referat="Godkendt. Imod stemte: Ø, da Ø har eget budget. "
                    "A stemte imod, med bemærkning om at A ønsker at hæve skatten.",
                ),
            ],
        ),
        minutes(
            COUNCIL,
            dt.date(2024, 10, 2),
            [
                item(
                    "14",
                    "Bibliotek, åbningstid og adgangskontrol",
                    referat="Godkendt. Imod stemte: Ø, med bemærkning om, at det rammer unge under 18 år.",
                ),
            ],
        ),
        minutes(
            AARHUS,
            dt.date(2025, 10, 8),
            [
                item(
                    "21",
                    "Lokalplan 1246 Idrætscenter – Endelig",
                    dates=[range_mention(dt.date(2025, 5, 21), dt.date(2025, 6, 26), "fra 21. maj til 26. juni 2025")],
                    description="Endelig vedtagelse af forslag til Lokalplan 1246 Idrætscenter. Planforslaget har været "
                    "offentligt fremlagt, og der er modtaget 221 høringssvar om idrætscentret. Forslaget var i høring "
                    "fra 21. maj til 26. juni 2025. Tilladelsen blev påklaget til Planklagenævnet, som gav klagerne "
                    "medhold. Derfor er der udarbejdet en lokalplan for det opførte idrætscenter.",
                ),
                item(
                    "12",
                    "Svar på forslag fra Børne- og ungebyrådet om flere lejrskoler",
                    indstilling="At Byrådet tager besvarelsen af forslaget om flere lejrskoler til efterretning.",
                ),
                item(
                    "2",
                    "Forslag til budget 2026-2029",
                    indstilling="At Byrådet drøfter og godkender ændringer til budgetforslaget 2026.",
                ),
                item(
                    "20",
                    "Justering af cykelmidler",
                    indstilling="At der godkendes syv anlægsbevillinger til cykelsti i byen med i alt 64,1 mio. kr.",
                ),
                item(
                    "27",
                    "Forslag om tilskud til hjemmepasning",
                    description="Vi foreslår tilskud til hjemmepasning. Beslutningspunkt: Det indstilles, at rådmanden "
                    "undersøger en model for tilskud til hjemmepasning uden merudgifter.",
                ),
            ],
            kind=DocumentKind.AGENDA,
        ),
    ]


ANSWERER = Answerer(corpus())


def test_a_compound_is_covered_by_its_parts_only_together() -> None:
    # "vand" and "land" stand in different sentences of item 7: no passage is about a "vandland".
    result = ANSWERER.answer("Hvad kommer vandlandet i svømmehallen til at koste?", today=TODAY)
    assert not result.answered
    # "sparetiltagene" stands inside "Energisparetiltagene".
    kept = ANSWERER.answer("Fortsætter sparetiltagene i svømmehallen?", today=TODAY)
    assert kept.answered and kept.sources[0].item_number == "8"


def test_a_compound_with_another_body_names_no_committee() -> None:
    # "Børne- og ungebyrådets" is a youth council, not Byråd 2022-2025 (whose name has only the head).
    result = ANSWERER.answer("Hvad indstilles der om Børne- og ungebyrådets forslag om flere lejrskoler?", today=TODAY)
    assert result.answered and result.sources[0].committee == AARHUS


def test_an_agenda_item_answers_with_its_recommendation_not_an_outcome() -> None:
    result = ANSWERER.answer("Hvad skal byrådet i Aarhus tage stilling til om flere lejrskoler?", today=TODAY)
    assert result.answered and "endnu ikke besluttet" in result.answer and "til efterretning" in result.answer


def test_a_recommendation_written_in_the_case_text() -> None:
    result = ANSWERER.answer("Hvad skal Aarhus Byråd tage stilling til om tilskud til hjemmepasning?", today=TODAY)
    assert result.answered and "endnu ikke besluttet" in result.answer
    assert "uden merudgifter" in result.sources[0].quote


def test_an_english_question_naming_a_danish_body_is_english() -> None:
    from bot.answering.query import detect_language

    assert (
        detect_language("By what date did applications for a seat on the noise council (Støjrådet) have to be in?")
        == "en"
    )
    assert detect_language("Hvad blev besluttet om Støjrådet?") == "da"


def test_english_everyday_words_are_translated_or_soft() -> None:
    # "roundabout" is in the vocabulary; "ask" and "exactly" frame the question.
    result = ANSWERER.answer("What requirement did the committee add for the new roundabout?", today=TODAY)
    assert result.answered and "abonnement" in result.answer


def test_the_decision_speaks_of_the_items_subject() -> None:
    result = ANSWERER.answer("Hvem udpegede Plan- og Tryghedsudvalget til Bystrategisk Råd i juni 2024?", today=TODAY)
    assert result.answered and "Annie Ejstrup" in result.answer


def test_a_past_tense_verb_matches_the_decisions_present_tense() -> None:
    from bot.answering.query import present_forms

    assert "udpeger" in present_forms("udpegede") and "melder" in present_forms("meldte")


def test_how_many_quotes_the_number_of_the_thing_counted_not_a_plan_number() -> None:
    result = ANSWERER.answer("Hvor mange høringssvar kom der til lokalplanen for idrætscentret?", today=TODAY)
    assert result.answered and "221 høringssvar" in result.sources[0].quote


def test_the_decision_sentence_outranks_a_remark_beside_it() -> None:
    result = ANSWERER.answer(
        "What name did the school committee choose for the new daycare at Borgerhuset?", today=TODAY
    )
    assert result.answered and "Rådhushaven" in result.sources[0].quote


def test_when_did_a_period_end_gives_its_last_day() -> None:
    result = ANSWERER.answer("Hvornår sluttede høringsperioden om havmiljøet?", today=TODAY)
    assert result.answered and result.dates[0].date == dt.date(2023, 8, 9)
    assert result.answer.startswith("Perioden sluttede 9. august 2023.")


def test_when_quotes_the_items_dated_sentence_when_its_best_has_no_date() -> None:
    result = ANSWERER.answer("Hvornår begyndte høringen af lokalplanforslaget for idrætscentret?", today=TODAY)
    assert result.answered and result.sources[0].item_number == "21"
    assert result.dates[0].date == dt.date(2025, 5, 21)


def test_a_sentence_announcing_a_list_is_quoted_with_it() -> None:
    result = ANSWERER.answer("Hvilke anbefalinger fra den specialpædagogiske analyse besluttede udvalget?", today=TODAY)
    assert result.answered and "Tidlig opsporing" in result.sources[0].quote


def test_a_party_is_found_by_its_letter() -> None:
    result = ANSWERER.answer("Hvorfor stemte Enhedslisten imod adgangskontrol på biblioteket?", today=TODAY)
    assert result.answered and "under 18 år" in result.sources[0].quote


def test_a_danish_question_with_words_english_shares_is_danish() -> None:
    from bot.answering.query import detect_language

    assert (
        detect_language("Hvorfor anbefalede administrationen at droppe de to foreningers projekter for Villa Sitka?")
        == "da"
    )


def test_a_consequence_is_quoted_with_its_reason_before_it() -> None:
    result = ANSWERER.answer("Hvorfor er der udarbejdet en lokalplan for det opførte idrætscenter?", today=TODAY)
    assert result.answered and "Planklagenævnet" in result.sources[0].quote


def test_a_passive_verb_ranks_but_names_must_be_covered() -> None:
    from bot.answering.query import classify

    query = classify("Hvordan skal lejen for Materielgården reguleres ifølge Venstres forslag?", today=TODAY)
    required = {w.token: w.required for w in query.words}
    assert required["reguleres"] is False and required["materielgården"] is True
    # "Venstres" is a name (written with a capital), and its genitive also reads "venstre".
    venstres = next(w for w in query.words if w.token == "venstres")
    assert "venstre" in venstres.alternatives


def test_who_was_away_when_an_item_was_treated_cites_that_item() -> None:
    result = ANSWERER.answer(
        "Hvem var ikke til stede, da Klima-, Teknik- og Miljøudvalget behandlede energisparetiltag i september 2023?",
        today=TODAY,
    )
    assert result.answered and "Ole Hansen" in result.answer
    assert result.sources[0].item_number == "8"


def test_how_many_skips_shares_dates_and_other_years_and_keeps_the_breakdown() -> None:
    result = ANSWERER.answer("How many homeless people were counted in the 2024 homelessness count?", today=TODAY)
    assert result.answered and result.sources[0].item_number == "8"
    assert "49" in result.sources[0].quote


def test_a_season_is_a_period_and_which_day_asks_a_date() -> None:
    from bot.answering import intents as it
    from bot.answering.query import classify

    query = classify("Hvilken dag lå mødet, som flere formænd ønskede flyttet i efteråret 2023?", today=TODAY)
    assert query.period is not None and (query.period.start, query.period.end) == (
        dt.date(2023, 9, 1),
        dt.date(2023, 11, 30),
    )
    assert query.intent == it.FREE and query.asks_when
    # The day a meeting was moved to is another question.
    assert not it.asks_which_day("til hvilken dato blev mødet flyttet")


def test_a_period_no_meeting_was_held_in_names_the_subjects_years() -> None:
    result = ANSWERER.answer("Hvorfor stemte Socialdemokratiet imod budgettet for 2026-29?", today=TODAY)
    assert result.answered and result.sources[0].meeting_date == dt.date(2025, 10, 1)


def test_why_a_party_voted_quotes_that_partys_line() -> None:
    result = ANSWERER.answer("Hvorfor stemte Socialdemokratiet imod budgettet for 2026-29?", today=TODAY)
    assert result.answered and "hæve skatten" in result.sources[0].quote


def test_another_form_of_the_verb_covers_it() -> None:
    from bot.answering.retrieval import verb_root

    assert verb_root("indført") == "indfør" and verb_root("beskæftige") == "beskæftig" and verb_root("hal") is None
    result = ANSWERER.answer(
        "Blev der indført en klausul om at beskæftige handicappede og folk i fleksjob i Økonomiudvalget?", today=TODAY
    )
    assert result.answered and "ikke indføres" in result.answer


def test_when_an_agenda_item_is_treated_is_its_meeting_day() -> None:
    result = ANSWERER.answer("Hvornår skal Aarhus Byråd behandle budgetforslaget for 2026-2029?", today=TODAY)
    assert result.answered and result.dates[0].date == dt.date(2025, 10, 8)
    assert "endnu ikke besluttet" in result.answer and result.sources[0].item_number == "2"


def test_a_figure_from_an_agenda_says_it_is_not_decided() -> None:
    result = ANSWERER.answer("How much will the seven cycle path construction grants cost in total?", today=TODAY)
    assert result.answered and "64,1" in result.answer
    assert result.answer.startswith("From the agenda for the meeting on 8 October 2025 (not yet decided)")


def test_the_first_meeting_after_the_summer_holidays() -> None:
    result = ANSWERER.answer(
        "Hvornår har Kultur- og Fritidsudvalget sit første møde efter sommerferien?", today=dt.date(2022, 6, 1)
    )
    assert result.answered and result.dates[0].date == dt.date(2022, 8, 17)


def test_a_size_is_a_number_with_its_unit() -> None:
    result = ANSWERER.answer("Hvor store skal grundene til parcelhuse i Tværhøjgård etape 3 mindst være?", today=TODAY)
    assert result.answered and "700 kvm" in result.sources[0].quote


def test_what_is_the_rent_quotes_the_amount_of_the_rent_not_the_address() -> None:
    result = ANSWERER.answer("Hvad er huslejen om måneden i botilbuddet i Grønlykkeparken 39?", today=TODAY)
    assert result.answered and "5.622 kr." in result.sources[0].quote


def test_a_past_tense_in_the_minutes_matches_the_questions_participle() -> None:
    doc = next(d for d in range(ANSWERER.index.doc_count) if ANSWERER.index.item(d)[1].title.startswith("Dispensation"))
    stems = [stems for _, sentence, stems in ANSWERER.item_sentences(doc) if "erklærede" in sentence][0]
    assert "erklær" in stems  # "erklærede" reads as "erklære", as the question's "erklæret" does


def test_why_someone_in_the_case_did_something_is_answered_from_the_case() -> None:
    result = ANSWERER.answer(
        "Hvorfor anbefalede administrationen at droppe foreningernes projekter for Villa Sitka?", today=TODAY
    )
    assert result.answered and "resursemæssigt krævende" in result.sources[0].quote


def test_aller_is_an_intensifier_and_holdt_frames() -> None:
    from bot.answering.query import classify

    query = classify("Hvornår holdt udvalget sit allerførste møde?", today=TODAY)
    words = {w.token: w for w in query.words}
    assert "første" in words["allerførste"].alternatives and not words["holdt"].required


def test_another_council_is_not_the_city_council() -> None:
    from bot.answering.query import classify

    noise = classify("Who sits on the noise council?", today=TODAY)
    assert "byråd" not in noise.search_text and "støj råd" in noise.search_text
    assert "byråd" in classify("What did the city council decide?", today=TODAY).search_text
