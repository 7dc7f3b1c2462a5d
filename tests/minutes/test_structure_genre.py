"""The parser on other layouts of Danish minutes than the two seeds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.minutes.errors import UnreadableDocument
from bot.minutes.model import DateKind, Minutes, Outcome, SectionKind
from bot.minutes.read import read_minutes, read_text
from bot.minutes.structure import parse_minutes

BESLUTNING = """\
Beslutningsprotokol fra mødet i Sundhedsudvalget den 12. marts 2024

Dato: Tirsdag den 12. marts 2024 kl. 15.00-17.30
Sted: Mødelokale 2, Rådhuset, Vejle
Formand: Anne Holm
Referent: Bo Jensen
Til stede: Anne Holm, Bo Jensen, Carl Dahl og Dorte Lund
Afbud: Erik Friis

Punkt 1: Godkendelse af dagsorden
Beslutning:
Godkendt.

Punkt 2: Budgetopfølgning 2024
Sagsfremstilling:
Forvaltningen har udarbejdet budgetopfølgning pr. 1. marts 2024. Der forventes et
mindreforbrug på 2,1 mio. kr.
1. Ældreområdet
2. Sundhedsplejen
Indstilling:
Forvaltningen indstiller, at udvalget godkender budgetopfølgningen.
Beslutning:
Udvalget besluttede at sende budgetopfølgningen videre til Økonomiudvalget.

Punkt 3: Ansøgning om tilskud til foreningen Motion for alle
Beslutning: Ansøgningen blev afvist.

Punkt 4: Mødeplan 2025
Torsdag den 16. januar 2025 kl. 15.00
Torsdag den 13. marts 2025 kl. 15.00

Punkt 5: Eventuelt
Beslutning:
Intet.
"""


def test_beslutning_committee_with_punkt_headings() -> None:
    minutes = parse_minutes(BESLUTNING, "sundhedsudvalget.txt")
    assert [(i.number, i.title) for i in minutes.items] == [
        ("1", "Godkendelse af dagsorden"),
        ("2", "Budgetopfølgning 2024"),
        ("3", "Ansøgning om tilskud til foreningen Motion for alle"),
        ("4", "Mødeplan 2025"),
        ("5", "Eventuelt"),
    ]
    meeting = minutes.meeting
    assert meeting.committee == "Sundhedsudvalget"
    assert meeting.date == dt.date(2024, 3, 12)
    assert (meeting.start_time, meeting.end_time) == (dt.time(15, 0), dt.time(17, 30))
    assert meeting.place == "Mødelokale 2, Rådhuset, Vejle"
    assert meeting.chair == "Anne Holm"
    assert meeting.minute_taker == "Bo Jensen"
    assert meeting.attendees == ["Anne Holm", "Bo Jensen", "Carl Dahl", "Dorte Lund"]
    assert meeting.absentees == ["Erik Friis"]

    outcomes = {i.number: i.outcome for i in minutes.items}
    assert outcomes == {
        "1": Outcome.APPROVED,
        "2": Outcome.DECIDED,
        "3": Outcome.REJECTED,
        "4": Outcome.UNKNOWN,
        "5": Outcome.UNKNOWN,
    }
    second = minutes.item("2")
    assert second is not None
    referat = second.section(SectionKind.REFERAT)
    assert referat is not None and referat.heading == "Beslutning"
    sags = second.section(SectionKind.SAGSFREMSTILLING)
    assert sags is not None and "1. Ældreområdet" in sags.text  # a list, not item 1
    third = minutes.item("3")
    assert third is not None
    assert third.section(SectionKind.REFERAT).text == "Ansøgningen blev afvist."  # type: ignore[union-attr]  # None would fail the test just as well
    calendar = [d for d in minutes.dates if d.item_number == "4"]
    assert [d.on for d in calendar] == [dt.date(2025, 1, 16), dt.date(2025, 3, 13)]
    assert all(d.kind == DateKind.CALENDAR_MEETING for d in calendar)


def test_pkt_and_ad_headings() -> None:
    text = (
        "Referat af møde i Styregruppen for Sundhedshuset\n"
        "Mødedato: 3. oktober 2023\n"
        "Deltagere: Ib Holm, Lis Berg\n\n"
        "Ad 1. Velkomst\nReferat: Lis bød velkommen.\n\n"
        "Ad 2. Status på byggeriet\nReferat: Byggeriet er forsinket. Det blev besluttet at "
        "holde et ekstra møde.\n\n"
        "Ad 3. Eventuelt\nReferat: Intet.\n"
    )
    minutes = parse_minutes(text, "styregruppe.txt")
    assert [(i.number, i.title) for i in minutes.items] == [
        ("1", "Velkomst"),
        ("2", "Status på byggeriet"),
        ("3", "Eventuelt"),
    ]
    assert minutes.meeting.date == dt.date(2023, 10, 3)
    assert minutes.meeting.committee == "Styregruppen for Sundhedshuset"
    assert minutes.item("2").outcome == Outcome.DECIDED  # type: ignore[union-attr]  # None would fail the test just as well


def test_sub_items_and_presenter_after_v() -> None:
    text = (
        "Mødetid: Mandag den 6. maj 2024 kl. 13-15\n"
        "Referent: Kim Lund\n\n"
        "Pkt. 1 Godkendelse af dagsorden (5 min)\nReferat: Godkendt.\n\n"
        "Pkt. 2 Temaer (kl. 13.05-13.50) v. Maja Kragh\n\n"
        "2.1 Mental sundhed\nReferat: Drøftet. Gruppen drøftede tiltag.\n\n"
        "2.2 Rygestop\nIndstilling: At gruppen godkender planen.\nReferat: Godkendt.\n\n"
        "Pkt. 3 Eventuelt\n"
    )
    minutes = parse_minutes(text, "x.txt")
    assert [i.number for i in minutes.items] == ["1", "2", "2.1", "2.2", "3"]
    first, second = minutes.item("1"), minutes.item("2")
    assert first is not None and second is not None
    assert (first.time_slot, first.duration_minutes) == ("5 min", 5)
    assert (second.title, second.presenter, second.time_slot, second.duration_minutes) == (
        "Temaer",
        "Maja Kragh",
        "kl. 13.05-13.50",
        45,
    )
    assert minutes.item("2.1").outcome == Outcome.DISCUSSED  # type: ignore[union-attr]  # None would fail the test just as well
    assert minutes.item("2.2").outcome == Outcome.APPROVED  # type: ignore[union-attr]  # None would fail the test just as well


HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Referat</title>
<style>p { margin: 0 }</style><script>var x = "1. Ikke et punkt";</script></head>
<body>
<h1>Referat – Ældrerådet</h1>
<table>
<tr><td>Mødedato</td><td>Onsdag den 10. maj 2023 kl. 10.00-12.00</td></tr>
<tr><td>Mødested</td><td>Borgerhuset, lokale 3</td></tr>
<tr><td>Deltagere</td><td>Grethe Bak, Ole Vinther, Inge Moos</td></tr>
</table>
<h2>1. Godkendelse af dagsorden</h2>
<h3>Beslutning</h3><p>Godkendt.</p>
<h2>2. Orientering om tandpleje for ældre</h2>
<h3>Sagsfremstilling</h3>
<p>Kommunen har indgået aftale med en ny leverandør.</p>
<ul><li>Aftalen gælder fra 1. juni 2023</li><li>Evaluering i 4. kvartal 2023</li></ul>
<h3>Beslutning</h3><p>Orienteringen blev taget til efterretning.</p>
<h2>3. Næste møde</h2>
<p>Næste møde afholdes den 14. juni 2023.</p>
</body></html>
"""


def test_html_export(tmp_path: Path) -> None:
    path = tmp_path / "aeldreraadet.html"
    path.write_text(HTML, encoding="utf-8")
    minutes = read_minutes(path)
    assert [(i.number, i.title) for i in minutes.items] == [
        ("1", "Godkendelse af dagsorden"),
        ("2", "Orientering om tandpleje for ældre"),
        ("3", "Næste møde"),
    ]
    assert minutes.meeting.committee == "Ældrerådet"
    assert minutes.meeting.date == dt.date(2023, 5, 10)
    assert minutes.meeting.place == "Borgerhuset, lokale 3"
    assert minutes.meeting.attendees == ["Grethe Bak", "Ole Vinther", "Inge Moos"]
    second = minutes.item("2")
    assert second is not None and second.outcome == Outcome.NOTED
    sags = second.section(SectionKind.SAGSFREMSTILLING)
    assert sags is not None and "- Aftalen gælder fra 1. juni 2023" in sags.text
    third = minutes.item("3")
    assert third is not None
    assert [(d.on, d.kind) for d in third.dates] == [(dt.date(2023, 6, 14), DateKind.NEXT_MEETING)]


def test_docx_with_headings_and_table(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Referat – Følgegruppen for forebyggelse", level=1)
    table = document.add_table(rows=3, cols=2)
    for row, (label, value) in zip(
        table.rows,
        [
            ("Mødetid", "Torsdag d. 4. marts 2021 kl. 9.00-11.00"),
            ("Mødeleder", "Stine Bjerregaard"),
            ("Referent", "Iben Lykke Eggertsen"),
        ],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = label, value
    document.add_heading("1. Velkomst / Stine Bjerregaard (5 min)", level=2)
    document.add_paragraph("Referat:")
    document.add_paragraph("Godkendt.")
    document.add_heading("2. Forløbsprogram for depression / Iben Lykke Eggertsen (30 min)", level=2)
    document.add_paragraph("Indstilling:")
    document.add_paragraph("Det indstilles, at følgegruppen drøfter implementeringen.")
    document.add_paragraph("Referat:")
    document.add_paragraph("Følgegruppen drøftede implementeringen. Kick-off afholdes i maj 2021.")
    path = tmp_path / "forebyggelse.docx"
    document.save(str(path))

    minutes = read_minutes(path)
    assert [(i.number, i.title, i.presenter, i.duration_minutes) for i in minutes.items] == [
        ("1", "Velkomst", "Stine Bjerregaard", 5),
        ("2", "Forløbsprogram for depression", "Iben Lykke Eggertsen", 30),
    ]
    meeting = minutes.meeting
    assert meeting.committee == "Følgegruppen for forebyggelse"
    assert (meeting.date, meeting.start_time, meeting.date_confidence) == (dt.date(2021, 3, 4), dt.time(9, 0), 1.0)
    assert (meeting.chair, meeting.minute_taker) == ("Stine Bjerregaard", "Iben Lykke Eggertsen")
    assert [i.outcome for i in minutes.items] == [Outcome.APPROVED, Outcome.DISCUSSED]


def test_numbered_prose_is_not_minutes() -> None:
    text = "Indkøbsliste\n\n1. mælk\n2. æg\n3. brød\n"
    with pytest.raises(UnreadableDocument) as info:
        parse_minutes(text, "indkøb.txt")
    assert "indkøb.txt" in str(info.value)


def test_no_date_is_chosen_between_before_and_after_evidence() -> None:
    text = (
        "1. Status (10 min)\n"
        "Arbejdsgruppen holdt møde den 3. marts 2022.\n"
        "Referat:\nTaget til efterretning.\n"
        "Notat efter mødet: Materialet blev sendt ud d. 21. marts 2022.\n\n"
        "2. Eventuelt\nReferat: Intet.\n"
    )
    minutes = parse_minutes(text, "status.txt")
    meeting = minutes.meeting
    assert meeting.date is None  # the minutes state none; the window is evidence, not a date
    assert "3. marts 2022" in meeting.date_evidence and "21. marts 2022" in meeting.date_evidence
    note = minutes.item("1").section(SectionKind.NOTE_AFTER)  # type: ignore[union-attr]  # None would fail the test just as well
    assert note is not None and "sendt ud" in note.text


def test_no_date_at_all_warns() -> None:
    minutes = parse_minutes("1. Velkomst\nReferat: Godkendt.\n2. Eventuelt\nReferat: Intet.\n", "u.txt")
    assert minutes.meeting.date is None
    assert minutes.meeting.date_confidence == 0.0
    assert minutes.warnings


def test_reference_wrapped_inside_parentheses_is_not_an_item() -> None:
    text = (
        "1. Velkomst (5 min)\nReferat: Godkendt.\n\n"
        "2. Samarbejde med FGU (Indsats\n1.1) / Yelva Bjørnholdt Jensen (20 min)\n"
        "Referat: Drøftet. Følgegruppen drøftede samarbejdet.\n\n"
        "3. Eventuelt\nReferat: Intet.\n"
    )
    minutes = parse_minutes(text, "x.txt")
    assert [i.number for i in minutes.items] == ["1", "2", "3"]
    second = minutes.item("2")
    assert second is not None
    assert (second.title, second.presenter, second.duration_minutes) == (
        "Samarbejde med FGU (Indsats 1.1)",
        "Yelva Bjørnholdt Jensen",
        20,
    )


# --- exports of committee systems -------------------------------------------------------
# Synthetic minutes in the layouts of FirstAgenda-like municipal exports and of a regional
# council, first as extracted text, then as the HTML the systems publish.

FIRSTAGENDA = """\
Udvalget for sundhed og omsorg - Referat - 14. marts 2023
Mødedato
14-03-2023 kl. 15:00 - 17:30
Mødested
Mødelokale 4, Rådhuset
Deltagere
 • Lene Holt, A
 • Jonas Krag, V
 • Afbud
 • Sofie Brink-Madsen, F
  1. Godkendelse af dagsorden
  2. Status på genoptræning efter hospitalsophold
  3. Høringssvar om akutplan 2024
  4. Orientering om ventelister
  Sagsnr. 23/1021
  1. Godkendelse af dagsorden
  Beslutning
  Godkendt.
  Sagsnr. 23/1022
  2. Status på genoptræning efter hospitalsophold
  Resume
  Forvaltningen giver den årlige status på genoptræning efter udskrivning.
  Sagsfremstilling
  I 2022 blev 1.240 borgere genoptrænet efter et hospitalsophold. Ventetiden til første
  træning faldt fra 14 til 9 dage.
  Indstilling
  Administrationen indstiller, at udvalget tager orienteringen til efterretning.
  Beslutning
  Udvalget drøftede ventetiderne. Orienteringen blev taget til efterretning.
  Sagsnr. 23/1023
  3. Høringssvar om akutplan 2024
  Resume
  Regionen har sendt udkast til akutplan i høring med frist den 3. april 2023.
  Indstilling
  Administrationen indstiller, at udvalget godkender udkastet til høringssvar.
  Beslutning
  Udsat til næste møde, da regionen har varslet et revideret udkast.
  Sagsnr. 23/1024
  4. Orientering om ventelister
  Indstilling
  Administrationen indstiller, at udvalget tager orienteringen til efterretning.
  Beslutning
  Formanden redegjorde for ventelisterne på plejecentrene.
"""

FIRSTAGENDA_HTML = """<!DOCTYPE html>
<html lang="da"><head><meta charset="utf-8"><title>Referat</title></head>
<body>
<h1>Udvalget for sundhed og omsorg - Referat - 14. marts 2023</h1>
<dl>
  <dt>Mødedato</dt><dd>14-03-2023 kl. 15:00 - 17:30</dd>
  <dt>Mødested</dt><dd>Mødelokale 4, Rådhuset</dd>
  <dt>Deltagere</dt>
  <dd><ul><li>Lene Holt, A</li><li>Jonas Krag, V</li><li>Afbud</li><li>Sofie Brink-Madsen, F</li></ul></dd>
</dl>
<ol class="toc">
  <li><a href="#p1">Godkendelse af dagsorden</a></li>
  <li><a href="#p2">Status på genoptræning efter hospitalsophold</a></li>
  <li><a href="#p3">Høringssvar om akutplan 2024</a></li>
  <li><a href="#p4">Orientering om ventelister</a></li>
</ol>
<div class="item" id="p1"><p>Sagsnr. 23/1021</p><h2>1. Godkendelse af dagsorden</h2>
  <h3>Beslutning</h3><p>Godkendt.</p></div>
<div class="item" id="p2"><p>Sagsnr. 23/1022</p><h2>2. Status på genoptræning efter hospitalsophold</h2>
  <h3>Resume</h3><p>Forvaltningen giver den årlige status på genoptræning efter udskrivning.</p>
  <h3>Sagsfremstilling</h3><p>I 2022 blev 1.240 borgere genoptrænet efter et hospitalsophold.
  Ventetiden til første træning faldt fra 14 til 9 dage.</p>
  <h3>Indstilling</h3><p>Administrationen indstiller, at udvalget tager orienteringen til efterretning.</p>
  <h3>Beslutning</h3><p>Udvalget drøftede ventetiderne. Orienteringen blev taget til efterretning.</p></div>
<div class="item" id="p3"><p>Sagsnr. 23/1023</p><h2>3. Høringssvar om akutplan 2024</h2>
  <h3>Resume</h3><p>Regionen har sendt udkast til akutplan i høring med frist den 3. april 2023.</p>
  <h3>Indstilling</h3><p>Administrationen indstiller, at udvalget godkender udkastet til høringssvar.</p>
  <h3>Beslutning</h3><p>Udsat til næste møde, da regionen har varslet et revideret udkast.</p></div>
<div class="item" id="p4"><p>Sagsnr. 23/1024</p><h2>4. Orientering om ventelister</h2>
  <h3>Indstilling</h3><p>Administrationen indstiller, at udvalget tager orienteringen til efterretning.</p>
  <h3>Beslutning</h3><p>Formanden redegjorde for ventelisterne på plejecentrene.</p></div>
</body></html>
"""


def _check_firstagenda(minutes: Minutes) -> None:
    meeting = minutes.meeting
    assert meeting.committee == "Udvalget for sundhed og omsorg"
    assert (meeting.date, meeting.start_time, meeting.end_time) == (
        dt.date(2023, 3, 14),
        dt.time(15, 0),
        dt.time(17, 30),
    )
    assert meeting.date_confidence == 1.0
    assert meeting.place == "Mødelokale 4, Rådhuset"
    assert meeting.attendees == ["Lene Holt, A", "Jonas Krag, V"]  # "Name, party" is one entry
    assert meeting.absentees == ["Sofie Brink-Madsen, F"]  # listed after the "Afbud" entry
    assert [(i.number, i.title) for i in minutes.items] == [
        ("1", "Godkendelse af dagsorden"),
        ("2", "Status på genoptræning efter hospitalsophold"),
        ("3", "Høringssvar om akutplan 2024"),
        ("4", "Orientering om ventelister"),
    ]  # the table of contents at the top adds no items
    second = minutes.item("2")
    assert second is not None
    assert [(s.kind, s.heading) for s in second.sections] == [
        (SectionKind.DESCRIPTION, "Resume"),
        (SectionKind.SAGSFREMSTILLING, "Sagsfremstilling"),
        (SectionKind.INDSTILLING, "Indstilling"),
        (SectionKind.REFERAT, "Beslutning"),
    ]
    assert "1.240 borgere" in second.section(SectionKind.SAGSFREMSTILLING).text  # type: ignore[union-attr]  # None would fail the test just as well
    every_text = "\n".join(s.text for i in minutes.items for s in i.sections)
    assert "Sagsnr." not in every_text
    readings = {i.number: (i.outcome, i.outcome_source) for i in minutes.items}
    assert readings == {
        "1": (Outcome.APPROVED, SectionKind.REFERAT),
        "2": (Outcome.NOTED, SectionKind.REFERAT),  # the decisive sentence, not "drøftede"
        "3": (Outcome.POSTPONED, SectionKind.REFERAT),
        "4": (Outcome.NOTED, SectionKind.INDSTILLING),  # a Beslutning without a decision word
    }
    fourth = minutes.item("4")
    assert fourth is not None
    assert fourth.outcome_sentence == "Formanden redegjorde for ventelisterne på plejecentrene."
    assert [(d.on, d.kind) for d in minutes.dates if d.item_number == "3"] == [(dt.date(2023, 4, 3), DateKind.DEADLINE)]


def test_firstagenda_text_export() -> None:
    _check_firstagenda(parse_minutes(FIRSTAGENDA, "udvalget-for-sundhed-og-omsorg.pdf"))


def test_firstagenda_html_export(tmp_path: Path) -> None:
    path = tmp_path / "referat.html"
    path.write_text(FIRSTAGENDA_HTML, encoding="utf-8")
    text = read_text(path)
    assert "1. Godkendelse af dagsorden" in text  # the <ol> contents keep their numbers
    _check_firstagenda(read_minutes(path))


REGION = """\
REFERAT
Udvalg for sundhedssamarbejde

Dato: 10-02-2022
Tid: 15:00 - 17:00
Sted: Regionsgården, mødesal B, Hillerød

Medlemmer:
• Anne Lind: Deltog
• Bo Storm: Afbud
• Carla Dyrby: Deltog

INDHOLDSLISTE
1. Beslutningssag: Valg af formand og næstformand
2. Orienteringssag: Status på sundhedshusene
3. Beslutningssag: Pulje til forebyggelse i nærmiljøet

1. Beslutningssag: Valg af formand og næstformand

INDSTILLING
Administrationen indstiller til udvalget at vælge en formand og en næstformand.

POLITISK BEHANDLING
Anne Lind blev valgt som formand og Carla Dyrby som næstformand.

BAGGRUND
Udvalget konstituerer sig på sit første møde i valgperioden.

2. Orienteringssag: Status på sundhedshusene

INDSTILLING
Administrationen indstiller, at udvalget tager orienteringen til efterretning.

POLITISK BEHANDLING
Udvalget tog orienteringen til efterretning.

BAGGRUND
Der er åbnet tre sundhedshuse siden 2020.

KONSEKVENSER
Orienteringen har ingen økonomiske konsekvenser.

3. Beslutningssag: Pulje til forebyggelse i nærmiljøet

INDSTILLING
Administrationen indstiller, at udvalget godkender kriterierne for puljen.

POLITISK BEHANDLING
Udvalget drøftede kriterierne. Kriterierne blev godkendt, idet ansøgningsfristen flyttes
til den 1. maj 2022.

BAGGRUND
Puljen er på 4 mio. kr. og kan søges af kommuner og foreninger.
"""


def _region_html() -> str:
    """The same minutes as a regional council's HTML page: labels in <strong>, headings in <h2>/<h3>."""
    head, _, body = REGION.partition("INDHOLDSLISTE")
    out = ["<html><body>", "<h1>REFERAT</h1>", "<p>Udvalg for sundhedssamarbejde</p>"]
    for line in ("Dato: 10-02-2022", "Tid: 15:00 - 17:00", "Sted: Regionsgården, mødesal B, Hillerød"):
        label, value = line.split(": ", 1)
        out.append(f"<p><strong>{label}:</strong> {value}</p>")
    out.append("<p>Medlemmer:</p><ul>")
    out += [f"<li>{m}</li>" for m in ("Anne Lind: Deltog", "Bo Storm: Afbud", "Carla Dyrby: Deltog")]
    out.append("</ul><h2>INDHOLDSLISTE</h2>")
    for block in body.strip().split("\n\n"):
        lines = block.split("\n")
        if lines[0][:1].isdigit() and len(lines) > 1:  # the table of contents
            out += [f"<p>{line}</p>" for line in lines]
        elif lines[0][:1].isdigit():
            out.append(f"<h2>{lines[0]}</h2>")
        else:
            out.append(f"<h3>{lines[0]}</h3><p>{' '.join(lines[1:])}</p>")
    out.append("</body></html>")
    assert "Dato:" in head
    return "\n".join(out)


def _check_region(minutes: Minutes) -> None:
    meeting = minutes.meeting
    assert meeting.committee == "Udvalg for sundhedssamarbejde"
    # "Dato" beside "Tid" and "Sted" is the meeting's date, not the document's.
    assert (meeting.date, meeting.date_confidence) == (dt.date(2022, 2, 10), 1.0)
    assert (meeting.start_time, meeting.end_time) == (dt.time(15, 0), dt.time(17, 0))
    assert meeting.place == "Regionsgården, mødesal B, Hillerød"
    assert meeting.attendees == ["Anne Lind", "Carla Dyrby"]
    assert meeting.absentees == ["Bo Storm"]
    assert [i.number for i in minutes.items] == ["1", "2", "3"]
    assert minutes.item("2").title == "Orienteringssag: Status på sundhedshusene"  # type: ignore[union-attr]  # None would fail the test just as well
    second = minutes.item("2")
    assert second is not None
    assert [(s.kind, s.heading) for s in second.sections] == [
        (SectionKind.INDSTILLING, "INDSTILLING"),
        (SectionKind.REFERAT, "POLITISK BEHANDLING"),
        (SectionKind.SAGSFREMSTILLING, "BAGGRUND"),
        (SectionKind.SAGSFREMSTILLING, "KONSEKVENSER"),
    ]
    assert {i.number: i.outcome for i in minutes.items} == {
        "1": Outcome.DECIDED,  # "… blev valgt som formand"
        "2": Outcome.NOTED,
        "3": Outcome.APPROVED,  # "godkendt, idet ansøgningsfristen flyttes": not postponed
    }
    assert all(i.outcome_source == SectionKind.REFERAT for i in minutes.items)
    third = minutes.item("3")
    assert third is not None and third.outcome_sentence is not None
    assert third.outcome_sentence.startswith("Kriterierne blev godkendt")


def test_regional_council_text_export() -> None:
    _check_region(parse_minutes(REGION, "udvalg.pdf"))


def test_regional_council_html_export(tmp_path: Path) -> None:
    path = tmp_path / "udvalg.html"
    path.write_text(_region_html(), encoding="utf-8")
    _check_region(read_minutes(path))


def test_labels_on_their_own_line_and_decision_heading_with_forum() -> None:
    text = (
        "Ældre- og sundhedsudvalget - Beslutningsprotokol\n\n"
        "Mødedato\n\n4. juni 2020 kl. 9.00-11.00\n\nMødested\n\nKanalstræde 2, lokale 0.21\n\n"
        "Fraværende\n\nIb Holm\n\n"
        "49. Godkendelse af dagsorden\n\nIndstilling\n\nAdministrationen indstiller, at dagsordenen godkendes.\n\n"
        "Beslutning i Ældre- og sundhedsudvalget den 04-06-2020\n\nGodkendt\n\n"
        "50. Orientering om udgifter\n\nBeskrivelse af sagen\n\nUdgifterne følger budgettet.\n\n"
        "Økonomi\n\nIngen bemærkninger.\n\n"
        "Beslutning i Ældre- og sundhedsudvalget den 04-06-2020\n\nTaget til efterretning.\n\n"
        "Økonomi\n\nUdvalget bad om en ny opgørelse.\n"
    )
    minutes = parse_minutes(text, "x.txt")
    meeting = minutes.meeting
    assert meeting.committee == "Ældre- og sundhedsudvalget"
    assert (meeting.date, meeting.start_time, meeting.place) == (
        dt.date(2020, 6, 4),
        dt.time(9, 0),
        "Kanalstræde 2, lokale 0.21",
    )
    assert meeting.absentees == ["Ib Holm"]
    assert [(i.number, i.outcome) for i in minutes.items] == [("49", Outcome.APPROVED), ("50", Outcome.NOTED)]
    second = minutes.item("50")
    assert second is not None
    assert [s.kind for s in second.sections] == [
        SectionKind.SAGSFREMSTILLING,
        SectionKind.SAGSFREMSTILLING,
        SectionKind.REFERAT,
    ]
    # After the decision, a mixed-case "Økonomi" is a line of the referat, not a new section.
    assert "ny opgørelse" in second.section(SectionKind.REFERAT).text  # type: ignore[union-attr]  # None would fail the test just as well


def test_opening_date_before_a_deadline_in_the_same_sentence_is_not_a_deadline() -> None:
    text = (
        "Mødetid: Tirsdag d. 19. januar 2027 kl. 9.00-12.00\n\n"
        "1. Temadag\nReferat:\nProgrammet blev godkendt. Tilmelding åbner den 1. februar, og der er frist "
        "for tilmelding\n\nfredag den 19. februar 2027.\n\n2. Eventuelt\nReferat: Intet.\n"
    )
    minutes = parse_minutes(text, "x.txt")
    kinds = {d.on: d.kind for d in minutes.dates if d.item_number == "1"}
    assert kinds == {dt.date(2027, 2, 1): DateKind.EVENT, dt.date(2027, 2, 19): DateKind.DEADLINE}


def test_one_name_per_line_with_blank_lines_between() -> None:
    text = (
        "Referat\n\nMødetid: 3. maj 2024 kl. 10.00-12.00\n\nDeltagere:\n\nAnne Holm\n\nBo Jensen (formand)\n\n"
        "Carl Dahl\n\nAfbud: Dorte Lund\n\n1. Velkomst\nReferat: Godkendt.\n\n2. Eventuelt\nReferat: Intet.\n"
    )
    meeting = parse_minutes(text, "x.txt").meeting
    assert meeting.attendees == ["Anne Holm", "Bo Jensen (formand)", "Carl Dahl"]
    assert meeting.absentees == ["Dorte Lund"]
