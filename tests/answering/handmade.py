"""Small Minutes objects built by hand (abridged from the seed minutes) for answering tests."""

from __future__ import annotations

import datetime as dt

from bot.minutes.model import (
    AgendaItem,
    DateKind,
    DateMention,
    Meeting,
    Minutes,
    Outcome,
    Precision,
    Section,
    SectionKind,
)

FOKUS = "Fokusgruppen Sundhed & Beskæftigelse"
UDD = "Følgegruppen for uddannelse og arbejde"


def mention(
    on: dt.date,
    kind: DateKind,
    text: str,
    sentence: str,
    item_number: str | None,
    start_time: dt.time | None = None,
) -> DateMention:
    return DateMention(on, on, on, Precision.DAY, kind, text, sentence, start_time, None, item_number)


def item(
    number: str,
    title: str,
    presenter: str | None = None,
    outcome: Outcome = Outcome.UNKNOWN,
    outcome_sentence: str | None = None,
    dates: list[DateMention] | None = None,
    outcome_source: SectionKind | None = None,
    **sections: str,
) -> AgendaItem:
    kinds = {
        "description": SectionKind.DESCRIPTION,
        "indstilling": SectionKind.INDSTILLING,
        "sagsfremstilling": SectionKind.SAGSFREMSTILLING,
        "referat": SectionKind.REFERAT,
        "note_after": SectionKind.NOTE_AFTER,
    }
    return AgendaItem(
        number=number,
        title=title,
        presenter=presenter,
        sections=[Section(kinds[k], k.capitalize(), v) for k, v in sections.items()],
        outcome=outcome,
        outcome_sentence=outcome_sentence,
        outcome_source=outcome_source,
        dates=dates or [],
    )


def fokus_minutes() -> Minutes:
    """Fokusgruppen, 2 September 2020 (abridged seed 002)."""
    kosu = mention(
        dt.date(2020, 8, 14),
        DateKind.DEADLINE,
        "14. august",
        "Pernille Kloster, Lemvig, indstillet som fælles repræsentant –deadline til KOSU er 14. august",
        "8",
    )
    seminar = mention(
        dt.date(2021, 4, 19),
        DateKind.EVENT,
        "19. april 2021",
        "Seminaret er 19. april 2021, kalenderinvitation kommer sammen med næste års møderække.",
        "7",
    )
    calendar = [
        mention(
            dt.date(2021, 2, 11),
            DateKind.CALENDAR_MEETING,
            "Torsdag d 11. februar 2021",
            "Torsdag d 11. februar 2021 kl 8.30-12.00 (HEV)",
            "10",
            dt.time(8, 30),
        ),
        mention(
            dt.date(2021, 5, 27),
            DateKind.CALENDAR_MEETING,
            "Torsdag d 27. maj 2021",
            "Torsdag d 27. maj 2021 kl 12.30-16.00 (Lemvig)",
            "10",
            dt.time(12, 30),
        ),
    ]
    items = [
        item(
            "1",
            "Velkomst og godkendelse af dagsorden",
            outcome=Outcome.APPROVED,
            outcome_sentence="Godkendt.",
            outcome_source=SectionKind.REFERAT,
            description="Velkommen til Ulla Wernberg Møller.",
            referat="Godkendt.\nPunkt 4 udgår pga sygdom",
        ),
        item(
            "3",
            "Aktuel status på dagpengeområdet",
            outcome=Outcome.DISCUSSED,
            sagsfremstilling="Som følge af COVID-19 opleves der i kommunerne et stigende antal borgere, der modtager sygedagpenge.",
            referat="Fald i antal henvisninger til arbejdsmedicinsk afdeling.\n\n"
            "Punktet tages op på det kommende møde med relevante data fra det kommunale ydelsessystem-",
        ),
        item(
            "4",
            "Principper i arbejdsrettet rehabilitering og vurdering af funktionsevne/ arbejdsevne",
            presenter="Dorthe Rubak",
            outcome=Outcome.POSTPONED,
            outcome_source=SectionKind.REFERAT,
            outcome_sentence="Punktet flyttes til et kommende møde, grundet sygdom d.d.",
            indstilling="At gruppen drøfter fremadrettede initiativer for særlige målgrupper.",
            referat="Punktet flyttes til et kommende møde, grundet sygdom d.d.",
        ),
        item(
            "6",
            "IPS – Individuel Planlagt job og uddannelse med Støtte",
            presenter="Kim U Christensen",
            outcome=Outcome.DISCUSSED,
            referat="Ringkøbing-Skjern: 1. marts 2020 startede det op. Der skal optages op til 60 borgere i "
            "projektet, er nu oppe på 30, alle i forløb på en virksomhed.",
        ),
        item(
            "7",
            "Tema for et forårsseminar",
            dates=[seminar],
            referat="Seminaret er 19. april 2021, kalenderinvitation kommer sammen med næste års møderække.",
        ),
        item(
            "8",
            "Status på kommunernes deltagelse i projekt vedr. følger efter hjernerystelser – skriftlig orientering",
            outcome=Outcome.NOTED,
            outcome_sentence="3 Sundhedschefer indgår i følgegruppen;",
            outcome_source=SectionKind.INDSTILLING,
            dates=[kosu],
            indstilling="At gruppen tager orienteringen til efterretning",
            sagsfremstilling="KOSU har efterspurgt to sundhedschefsrepræsentanter. Pernille Kloster, Lemvig, "
            "indstillet som fælles repræsentant –deadline til KOSU er 14. august",
            referat="3 Sundhedschefer indgår i følgegruppen;\nChristina Breddam, Randers Kommune\n"
            "Pernille Kloster Aalund, repræsenterer Struer, Holstebro og Lemvig Kommuner\n\n"
            "Der ansøges om midler til projektet. Vi afventer.",
        ),
        item(
            "10",
            "Mødetider i 2021",
            dates=calendar,
            description="Torsdag d 11. februar 2021 kl 8.30-12.00 (HEV)\nTorsdag d 27. maj 2021 kl 12.30-16.00 (Lemvig)",
        ),
    ]
    meeting = Meeting(
        committee=FOKUS,
        date=dt.date(2020, 9, 2),
        date_confidence=1.0,
        date_evidence="Mødetid: Onsdag d 2. september kl. 09.00 -12.00",
        place="Byrådssalen, Rådhusgade 2, Lemvig",
        chair="Ole Carstensen",
        minute_taker="Pernille Kloster Aalund",
        attendees=["Hanne Sloth", "Helle Vadt", "Ole Carstensen"],
        absentees=["Frank Rud Jensen", "Carsten Lagoni"],
    )
    all_dates = [d for i in items for d in i.dates]
    return Minutes("fokus.txt", "sha-fokus", meeting, items, all_dates)


def udd_minutes() -> Minutes:
    """Følgegruppen for uddannelse og arbejde, February 2021 (abridged seed 000)."""
    spoergeskema = mention(
        dt.date(2021, 2, 22),
        DateKind.DEADLINE,
        "den 22. februar",
        "Der er deadline for besvarelse af spørgeskemaerne den 22. februar.",
        "6.2",
    )
    next_meeting = mention(
        dt.date(2021, 4, 13),
        DateKind.NEXT_MEETING,
        "d. 13. april",
        "På grund af en akut hasteopgave med vaccinering mod COVID-19 var der afbud til dagens møde fra Rikke "
        "Bagge Skou og det blev besluttet at udskyde punktet til næste følgegruppemøde (d. 13. april).",
        "4.1",
    )
    items = [
        item(
            "3.1",
            "Samarbejde mellem psykiatrien, uddannelsesområdet og almen praksis – forberedende grunduddannelse (FGU)",
            presenter="Yelva Bjørnholdt Jensen",
            outcome=Outcome.DECIDED,
            outcome_source=SectionKind.REFERAT,
            outcome_sentence="Kommissorium tilrettes med følgende ændringer:",
            description="Der er nu udarbejdet kommissorium for arbejdsgruppen, der er vedlagt i bilag.",
            referat="Kommissorium tilrettes med følgende ændringer:\n\uf0b7 Fastholde at der blive tale om en miniarbejdsgruppe.",
        ),
        item(
            "4.1",
            "Prøvehandlinger for 3 somatiske patientgrupper med potentiale for indsatser på tværs af sundhed, uddannelse og arbejde",
            presenter="Rikke Bagge Skou",
            outcome=Outcome.POSTPONED,
            outcome_source=SectionKind.REFERAT,
            outcome_sentence=next_meeting.sentence,
            dates=[next_meeting],
            description="Under dette punkt uddyber Rikke Bagge Skou indsatserne.",
            referat=next_meeting.sentence,
        ),
        item(
            "6.2",
            "Samarbejdsaftale om traumatiserede flygtninge og krigsveteraner med PTSD",
            outcome=Outcome.APPROVED,
            outcome_sentence="Den reviderede tids- og procesplan blev godkendt.",
            outcome_source=SectionKind.REFERAT,
            dates=[spoergeskema],
            description="Der er udarbejdet et webbaseret spørgeskema om indsatser. Der er deadline for besvarelse af spørgeskemaerne den 22. februar.",
            referat="Den reviderede tids- og procesplan blev godkendt.",
        ),
        item(
            "8",
            "Punkter til næste møde i følgegruppen den 13. april 2021",
            referat="\uf0b7 Dagens udskudte punkt 4 - Prøvehandlinger for 3 somatiske patientgrupper\n\uf0b7 Borgere med PTSD",
        ),
    ]
    meeting = Meeting(committee=UDD, date=dt.date(2021, 2, 9), date_confidence=0.5, date_evidence="inferred")
    all_dates = [d for i in items for d in i.dates]
    return Minutes("udd.txt", "sha-udd", meeting, items, all_dates)
