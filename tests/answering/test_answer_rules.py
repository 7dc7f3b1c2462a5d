"""General answering rules over small hand-built minutes: compound coverage, tables, ranges,
agendas, and the kind of answer a question asks for."""

import datetime as dt

from bot.answering import Answerer
from bot.minutes.model import DocumentKind, Meeting, Minutes
from tests.answering.handmade import item

TODAY = dt.date(2024, 3, 1)
TECH = "Klima-, Teknik- og Miljøudvalget"
COUNCIL = "Byråd 2022-2025"


def minutes(committee: str, day: dt.date, items, *, kind=DocumentKind.MINUTES) -> Minutes:
    meeting = Meeting(committee, day, 1.0, "x", absentees=["Ole Hansen"])
    return Minutes(f"{committee[:5]}-{day}.json", f"sha-{committee}-{day}", meeting, items, [], kind=kind)


def corpus() -> list[Minutes]:
    return [
        minutes(TECH, dt.date(2023, 9, 19), [
            item("7", "Tiltag på energi", referat="Udvalget godkendte tiltagene.",
                 sagsfremstilling="Temperaturen i varmvandsbassinet i svømmehallen sænkes, og det koster 2 mio. kr. "
                 "I Tyskland er der fastsat regler om temperaturen. Der er vand i kælderen. Landet sparer."),
            item("8", "Energisparetiltag i svømmehallen", referat="Energisparetiltagene fortsætter i 2024."),
        ]),
    ]


ANSWERER = Answerer(corpus())


def test_a_compound_is_covered_by_its_parts_only_together() -> None:
    # "vand" and "land" stand in different sentences of item 7: no passage is about a "vandland".
    result = ANSWERER.answer("Hvad kommer vandlandet i svømmehallen til at koste?", today=TODAY)
    assert not result.answered
    # "sparetiltagene" stands inside "Energisparetiltagene".
    kept = ANSWERER.answer("Fortsætter sparetiltagene i svømmehallen?", today=TODAY)
    assert kept.answered and kept.sources[0].item_number == "8"
