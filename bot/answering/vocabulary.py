"""The answerer's words: month names, language markers, the English-Danish glossary ("a|b" alternatives)
and the Danish words that frame a question rather than name its subject."""

from __future__ import annotations

import re

MUNICIPAL_EN_DA = {
    # Decisions and procedure
    "approve": "godkende|godkendt", "approval": "godkendelse|godkendt", "approves": "godkender",
    "recommend": "indstiller|anbefaler", "recommends": "indstiller|anbefaler", "recommended": "indstillet|anbefalet",
    "recommendation": "indstilling|anbefaling", "recommendations": "indstilling|anbefaling",
    "reject": "afvise|afvist", "rejects": "afviser", "declined": "afvist", "dismiss": "afvise",
    "postpone": "udskyde|udsætte", "delay": "udskyde|forsinke|forsinkelse", "delayed": "udskudt|forsinket",
    "returned": "tilbage|sendes", "referred": "oversendt|oversendes|henvist", "forwarded": "oversendt|oversendes",
    "vote": "stemte|afstemning", "votes": "stemte|afstemning", "voted": "stemte", "against": "imod",
    "abstained": "undlod", "objection": "indsigelse|bemærkning", "hearing": "høring", "consultation": "høring", "statement": "udtalelse|høringssvar", "case": "sag",
    "cases": "sag", "matter": "sag", "administration": "administrationen|forvaltningen",
    "mayor": "borgmester|borgmesteren", "deputy": "næstformand|viceborgmester", "vice": "næstformand",
    "elected": "valgt", "election": "valg|konstituering", "appoint": "udpege",
    "member": "medlem", "members": "medlem", "substitute": "stedfortræder", "party": "parti", "parties": "parti",
    "conservatives": "konservative", "conservative": "konservative", "liberals": "venstre", "social democrats": "socialdemokratiet",
    "initiative": "initiativ|forslag", "motion": "forslag|initiativretsforslag", "proposed": "foreslået|forslag",
    "policy": "politik", "strategy": "strategi", "guidelines": "retningslinjer", "rules": "regler|retningslinjer",
    "regulations": "regulativ|regler", "bylaws": "vedtægt|styrelsesvedtægt", "statutes": "vedtægt|styrelsesvedtægt",
    "charter": "styrelsesvedtægt", "analysis": "analyse", "catalogue": "katalog", "catalog": "katalog",
    "review": "gennemgang|evaluering", "assessment": "vurdering", "follow": "opfølgning", "followup": "opfølgning",
    "visit": "besøg", "visited": "besøg", "tour": "besigtigelse|besøg", "workshop": "workshop|temamøde",
    "theme": "tema", "orientation": "orientering", "informed": "orienteret|orientering", "information": "orientering",
    # Money
    "money": "midler|kr", "spent": "brugt|anvendt|udgift", "spend": "bruge|anvende", "spending": "forbrug|udgift",
    "expenditure": "udgift|forbrug", "grant": "tilskud|bevilling", "grants": "tilskud|bevilling",
    "appropriation": "bevilling|anlægsbevilling", "subsidy": "tilskud", "subsidies": "tilskud", "support": "støtte|tilskud",
    "allocated": "afsat|bevilget", "allocation": "bevilling|fordeling", "funded": "finansieret", "financing": "finansiering",
    "savings": "besparelse|sparetiltag", "saving": "besparelse", "cuts": "besparelse|reduktion", "deficit": "underskud",
    "surplus": "overskud", "revenue": "indtægt", "income": "indtægt", "tax": "skat", "fee": "takst|gebyr",
    "fees": "takster|gebyr", "rates": "takster", "price": "pris", "prices": "priser", "million": "mio", "millions": "mio",
    "billion": "mia", "kroner": "kr", "dkk": "kr", "investment": "anlæg|investering", "construction": "anlæg|byggeri|opførelse",
    "accounts": "regnskab", "annual": "årlig", "tender": "udbud", "tendering": "udbud", "contract": "kontrakt|aftale",
    "contracts": "kontrakt", "contractor": "entreprenør", "supplier": "leverandør",
    # Places and buildings
    "school": "skole", "schools": "skole|skoler", "pupils": "elever", "students": "elever", "teachers": "lærere",
    "class": "klasse", "kindergarten": "børnehave", "nursery": "vuggestue",
    "museum": "museum", "hall": "hal", "sports": "idræt|sport", "sport": "idræt",
    "swimming": "svømning|svøm", "pool": "svømmehal|pulje", "stadium": "stadion", "club": "klub|forening",
    "clubs": "klubber|foreninger", "association": "forening", "associations": "foreninger", "volunteers": "frivillige",
    "harbour": "havn", "harbor": "havn", "port": "havn", "beach": "strand", "beaches": "strand", "coast": "kyst",
    "road": "vej", "roads": "veje", "street": "gade|vej", "lane": "spor|vognbane", "lanes": "spor", "traffic": "trafik",
    "cycle": "cykel", "bicycle": "cykel", "path": "sti", "paths": "stier", "parking": "parkering", "bus": "bus",
    "metro": "metro|letbane", "light rail": "letbane", "railway": "jernbane", "station": "station", "bridge": "bro",
    "roundabout": "rundkørsel", "square": "torv|plads", "park": "park", "forest": "skov", "nature": "natur",
    "housing": "boliger|bolig", "homes": "boliger", "houses": "huse|boliger", "house": "hus", "apartments": "lejligheder",
    "buildings": "bygninger", "property": "ejendom", "care": "pleje|omsorg", "elderly": "ældre", "seniors": "seniorer|ældre",
    "disabled": "handicap", "disability": "handicap", "citizens": "borgere", "residents": "beboere|borgere",
    "neighbours": "naboer", "neighbors": "naboer", "local": "lokal", "plan": "plan", "zoning": "lokalplan",
    "permit": "tilladelse", "permits": "tilladelser", "permission": "tilladelse", "exemption": "dispensation",
    "dispensation": "dispensation", "application": "ansøgning", "applications": "ansøgninger",
    # Environment and services
    "waste": "affald", "garbage": "affald|dagrenovation", "collection": "indsamling|afhentning|opsamling",
    "recycling": "genbrug|genanvendelse", "cleaning": "rensning|rengøring", "cleanup": "oprydning|rensning", "seaweed": "tang",
    "water": "vand", "wastewater": "spildevand", "flooding": "oversvømmelse", "climate": "klima", "energy": "energi",
    "heating": "varme|fjernvarme", "district": "fjernvarme|distrikt", "solar": "sol|solceller", "wind": "vind",
    "turbines": "vindmøller", "turbine": "vindmølle", "electric": "el", "trees": "træer", "pollution": "forurening", "security": "tryghed",
    "police": "politi", "guards": "vagter", "crime": "kriminalitet", "health": "sundhed",
    "healthcare": "sundhed", "council": "byråd|råd", "employees": "medarbejdere", "staff": "personale|medarbejdere",
    "jobs": "job|beskæftigelse", "unemployed": "ledige", "integration": "integration", "culture": "kultur",
    "camp": "lejr|lejrskole", "camps": "lejre|lejrskoler", "festival": "festival", "event": "arrangement",
    "points": "pladser|punkter", "sites": "pladser|steder", "site": "plads|sted", "new": "ny|nye", "final": "endelig", "report": "rapport|afrapportering", "closure": "lukning", "closing": "lukning",
    "closed": "lukket|lukning", "renovation": "renovering",
    "repair": "udbedring|reparation", "damage": "skade", "survey": "måling|undersøgelse|spørgeskema",
    "one": "et|en|ét", "each": "hver", "direction": "retning", "both": "begge", "every": "hver|alle",
    # More of the everyday vocabulary of municipal cases
    "homeless": "hjemløse", "homelessness": "hjemløshed|hjemløse", "counted": "optalt|opgjort|tælling",
    "count": "tælling|optælling", "national": "national|landsdækkende", "waterworks": "vandværk",
    "lighting": "belysning|vejbelysning", "streetlights": "vejbelysning", "lights": "lys|belysning",
    "switch": "slukke|slukning", "off": "slukke|slukning", "library": "bibliotek", "libraries": "biblioteker",
    "parish": "menighedsråd|sogn", "church": "kirke", "disqualified": "inhabil", "conflict": "inhabil|interessekonflikt",
    "terraced": "rækkehuse", "townhouses": "rækkehuse", "noise": "støj", "deposit": "pant", "return": "retur",
    "charging": "lade|ladestandere|ladeinfrastruktur", "chargers": "ladestandere", "stations": "stationer|standere",
    "requirement": "krav", "requirements": "krav", "added": "tilføjet|tilføje", "nursing home": "plejecenter",
    "nursing": "pleje|plejecenter", "home": "hjem|bolig", "extended": "forlænget|udsat", "seat": "plads|medlem",
    "applicants": "ansøgere", "appointed": "udpeget|udpegede", "award": "pris", "prize": "pris", "name": "navn|navngivning",
    "named": "navngivet|navn|navngivning", "choose": "valgte|vælge", "chose": "valgte", "chosen": "valgt", "daycare": "daginstitution|dagtilbud",
    "institution": "institution|daginstitution", "access": "adgang|adgangskontrol", "control": "kontrol|styring",
    "building": "byggeri|bygning", "ban": "forbud", "bans": "forbud", "properties": "ejendomme",
    "agenda": "dagsorden", "rent": "husleje|leje", "monthly": "måned|månedlig", "month": "måned", "lease": "leje|lejeaftale",
    "sale": "salg", "sell": "sælge|salg", "sold": "solgt|salg", "buy": "købe|køb", "purchase": "køb|købe",
    "demolish": "nedrive|nedrivning", "demolition": "nedrivning", "preserve": "bevare|bevaring", "listed": "bevaringsværdig",
    "fence": "hegn", "hedge": "hæk", "garage": "garage", "extension": "tilbygning|udvidelse", "annex": "tilbygning",
    "local plan": "lokalplan", "plans": "planer", "objections": "indsigelser|høringssvar", "responses": "høringssvar",
    "consultation responses": "høringssvar", "proposal's": "forslag", "volunteer": "frivillig", "centre": "center",
    "center": "center", "garden": "have", "sensory": "sanse", "foundation": "fond|fundering", "fund": "fond|pulje",
    "football": "fodbold", "pitch": "bane", "pitches": "baner", "artificial": "kunstgræs", "turf": "kunstgræs",
    "granulate": "granulat", "rubber": "gummi", "crossing": "overgang|kryds|fodgængerfelt", "speed": "hastighed", "limit": "grænse",
    "bump": "bump", "safety": "sikkerhed|tryghed", "wardens": "tryghedsvagter|vagter", "cameras": "kameraer|kamera",
    "camera": "kamera", "meal": "måltid|mad", "meals": "måltider|mad", "food": "mad", "kitchen": "køkken",
    "teacher": "lærer", "pupil": "elev", "grade": "klasse", "tenth": "10.", "special": "special", "needs": "behov",
    "refugee": "flygtning", "ukrainian": "ukrainske", "ukraine": "ukraine", "asylum": "asyl",
    "results": "resultater", "number": "antal",
    # Everyday subjects of municipal cases
    "cycling": "cykel", "bike": "cykel",
    "roundabouts": "rundkørsler|rundkørsel",
    "junction": "kryds",
    "seats": "pladser|medlemmer",
    "charger": "ladestander",
    "ev": "elbil|ladestander",
    "dog": "hund", "dogs": "hunde", "naming": "navngivning",
    "plots": "grunde",
    "tram": "letbane", "buses": "busser",
    "playground": "legeplads", "parks": "parker",
    "guard": "vagt", "ranking": "placering|plads",
    "rank": "placering|plads", "business": "erhverv", "businesses": "virksomheder|erhverv",
    "friendliness": "venlighed", "measurement": "måling",
    "minors": "mindreårige|unge", "age": "alder",
    # Numbers written as words ("the seven grants" are "syv anlægsbevillinger")
    "two": "to", "three": "tre", "four": "fire", "five": "fem", "six": "seks", "seven": "syv", "eight": "otte",
    "nine": "ni", "ten": "ti", "eleven": "elleve", "twelve": "tolv", "children": "børn", "families": "familier", "youth": "unge",
}  # fmt: skip  # a table kept compact


MONTHS_DA = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip  # a table kept compact
MONTHS_EN = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip  # a table kept compact
ALL_MONTHS = MONTHS_DA | MONTHS_EN
MONTH_RE = "|".join(sorted(ALL_MONTHS, key=len, reverse=True))
ORDINAL_QUARTER = {
    "første": 1, "andet": 2, "anden": 2, "tredje": 3, "fjerde": 4,
    "first": 1, "second": 2, "third": 3, "fourth": 4,
}  # fmt: skip  # a table kept compact

ENGLISH_MARKERS = frozenset([
    "the", "what", "when", "who", "whom", "why", "which", "how", "is", "are", "was", "were", "did", "does", "do",
    "of", "about", "for", "there", "next", "meeting", "deadline", "deadlines", "decided", "postponed", "attended",
    "represents", "will", "would", "has", "with", "from", "a", "an", "in", "this", "that", "much", "many",
])  # fmt: skip  # a table kept compact
DANISH_MARKERS = frozenset([
    "hvad", "hvornår", "hvem", "hvorfor", "hvilke", "hvor", "blev", "er", "der", "om", "til", "på", "og", "det",
    "den", "af", "møde", "mødet", "næste", "frist", "fristen", "besluttet", "udskudt", "deltog", "skal", "vi",
])  # fmt: skip  # a table kept compact

# English words mapped to the Danish words the minutes use, so English questions can be
# matched against Danish text. Domain vocabulary only; everything else passes through.
# "a|b" gives alternatives: the minutes say "hospital" and "sygehus" alike, and a passage
# covers the word when it has either.
GLOSSARY_EN_DA = {
    "decided": "besluttet", "decide": "besluttet", "decision": "beslutning", "decisions": "beslutning",
    "postponed": "udskudt", "postpone": "udskudt",
    "deadline": "frist", "deadlines": "frister", "meeting": "møde", "meetings": "møder",
    "questionnaire": "spørgeskema", "questionnaires": "spørgeskemaer", "survey": "spørgeskema",
    "surveys": "spørgeskemaer", "seminar": "seminar", "seminars": "seminar",
    "citizens": "borgere", "citizen": "borger", "project": "projekt", "projects": "projekt",
    "concussion": "hjernerystelse", "concussions": "hjernerystelser",
    "represents": "repræsenterer", "represent": "repræsenterer", "representative": "repræsentant",
    "representatives": "repræsentant",
    "terms": "kommissorium", "reference": "kommissorium", "mandate": "kommissorium",
    "trials": "prøvehandlinger", "working": "arbejdsgruppe",
    "group": "gruppe", "groups": "gruppe", "depression": "depression",
    "municipality": "kommune", "municipalities": "kommuner", "municipal": "kommunal",
    "region": "region", "regional": "regional", "practice": "praksis",
    "hospital": "hospital|sygehus", "hospitals": "hospital|sygehus",
    "psychiatry": "psykiatri", "psychiatric": "psykiatri",
    "refugees": "flygtninge", "veterans": "krigsveteraner", "youth": "unge", "young": "unge",
    "rehabilitation": "rehabilitering", "sickness": "sygedagpenge", "benefits": "dagpenge",
    "status": "status", "evaluation": "evaluering", "held": "holdt", "where": "hvor",
    "admitted": "optages", "enrolled": "optages", "chair": "mødeleder|formand", "budget": "budget",
    "parking": "parkering", "town": "rådhus", "hall": "rådhus", "schedule": "tidsplan",
    "timetable": "tidsplan", "plan": "plan", "employment": "beskæftigelse", "health": "sundhed",
    "education": "uddannelse", "secretariat": "sekretariat", "funding": "midler", "funds": "midler",
    "agreement": "aftale", "agreements": "aftale", "minutes": "referat", "agenda": "dagsorden",
    "item": "punkt", "items": "punkt", "point": "punkt", "orientation": "orientering",
    "briefing": "orientering", "data": "data", "pain": "smerter",
    # Everyday words of committee questions ("the deadline for answering", "registration").
    "answer": "besvarelse|svar|besvare", "answers": "besvarelse|svar|besvare",
    "answering": "besvarelse|svar|besvare", "answered": "besvaret|besvarelse|svar",
    "submit": "indsende|sende|indmelding|aflevere", "submitting": "indsende|sende|indmelding|aflevere",
    "submitted": "indsendt|sendt|indmeldt|afleveret", "submission": "indsendelse|indmelding|aflevering",
    "submissions": "indsendelse|indmelding|aflevering", "send": "sende", "sending": "sende", "sent": "sendt",
    "registration": "tilmelding", "registrations": "tilmelding", "register": "tilmelde|tilmelding",
    "registering": "tilmelde|tilmelding", "enrol": "tilmelde|tilmelding", "enroll": "tilmelde|tilmelding",
    "apply": "ansøge|ansøgning", "applying": "ansøge|ansøgning", "application": "ansøgning",
    "applications": "ansøgning", "applicants": "ansøgere",
    "report": "rapport|afrapportering|melder", "reports": "rapport|afrapportering|melder",
    "reporting": "afrapportering|rapport|melder",
    "venue": "mødested|sted", "location": "mødested|sted", "place": "sted|mødested",
    "chairman": "formand|mødeleder", "chairwoman": "formand|mødeleder", "chairperson": "formand|mødeleder",
    "proposal": "forslag", "proposals": "forslag", "suggestion": "forslag", "suggestions": "forslag",
    "rejected": "afvist", "refused": "afvist", "pool": "pulje", "grant": "pulje|tilsagn", "grants": "pulje|tilsagn",
    "names": "navne", "name": "navn", "invitation": "invitation", "invitations": "invitation",
    "electronic": "elektronisk", "certificates": "attester", "certificate": "attest",
    "courses": "forløb", "course": "forløb", "programme": "program", "program": "program",
    "speaker": "oplægsholder", "speakers": "oplægsholdere", "presentation": "oplæg",
    "pilot": "pilot|prøvehandlinger", "joint": "fælles", "common": "fælles", "line": "linje",
    "full": "fuld", "back": "tilbage", "start": "starte|start", "starts": "starte|start",
    # Committee names ("the Social and Disability Committee" is Social- og Handicapudvalget).
    "committee": "udvalg", "committees": "udvalg", "council": "byråd", "councils": "byråd",
    "social": "social", "disability": "handicap", "disabilities": "handicap", "disabled": "handicap",
    "planning": "plan", "safety": "tryghed", "security": "tryghed", "school": "skole", "schools": "skole",
    "children": "børn", "child": "børn", "economic": "økonomi", "economy": "økonomi", "finance": "økonomi",
    "financial": "økonomi", "culture": "kultur", "cultural": "kultur", "leisure": "fritid", "recreation": "fritid",
    "climate": "klima", "technical": "teknik", "technology": "teknik", "environment": "miljø",
    "environmental": "miljø", "welfare": "velfærd", "elderly": "ældre", "labour": "beskæftigelse",
    "costs": "koste|udgift", "cost": "koste|udgift", "price": "pris", "expense": "udgift",
}  # fmt: skip  # a table kept compact
# The everyday municipal vocabulary, where the table above has no word of its own.
GLOSSARY_EN_DA = {**MUNICIPAL_EN_DA, **GLOSSARY_EN_DA}
# English verbs that say what is done with a subject ("answering the questionnaires",
# "submit names"): the minutes phrase them in many ways, so they help ranking but never
# block an answer.
SOFT_ENGLISH_WORDS = frozenset([
    "answer", "answers", "answering", "answered", "submit", "submitting", "submitted", "submission", "submissions",
    "send", "sending", "sent", "apply", "applying", "register", "registering", "enrol", "enroll", "report",
    "reports", "reporting", "people", "person", "persons", "belonging", "belong", "belongs", "total", "ask", "asks",
    "asked", "try", "tries", "tried", "attract", "attracting", "add", "added", "adding", "public", "seven", "eight",
    "nine", "ten", "eleven", "twelve", "one", "two", "three", "four", "five", "six", "date", "dates", "day",
    "choose", "chose", "chosen", "pick", "picked", "give", "given", "get", "got", "want", "wanted", "wants", "plan",
    "plans", "planned", "intend", "going", "part", "per", "exactly", "kind", "type", "sort", "several", "new",
    "old", "year", "years", "time", "times", "order",
])  # fmt: skip  # a table kept compact
# English phrases translated before single words, so that "focus group" names
# Fokusgruppen rather than searching for "focus" and "group" apart.
PHRASES_EN_DA = (
    (r"focus[ -]groups?", "fokusgruppe"),
    (r"follow[ -]?up[ -]groups?|monitoring groups?", "følgegruppe"),
    (r"steering[ -](?:groups?|committees?)", "styregruppe"),
    (r"working[ -](?:groups?|parties|party)|task[ -]?forces?", "arbejdsgruppe"),
    (r"implementation[ -]groups?", "implementeringsgruppe"),
    (r"general[ -]practi(?:ce|tioners?)|gps?\b", "almen praksis"),
    (r"terms of reference", "kommissorium"),
    (r"agenda[ -]items?", "punkt"),
    (r"next meeting", "næste møde"),
    (r"meeting[ -](?:place|venue|location|room)", "mødested"),
    (r"theme[ -]?days?|themed days?", "temadag"),
    (r"sign(?:ing)?[ -]?ups?", "tilmelding"),
    (r"registration deadlines?", "tilmelding frist"),
    (r"application deadlines?", "ansøgning frist"),
    (r"(?:tele)?phone[ -]lines?|hotlines?", "telefonlinje"),
    (r"status certificates?", "statusattester"),
    (r"contact[ -]persons?", "kontaktperson"),
    (r"job[ -]?cent(?:re|er)s?", "jobcentre"),
    (r"mental health", "mental sundhed"),
    (r"young people", "unge"),
    (r"care[ -]programmes?|care[ -]programs?|pathway programmes?", "forløbsprogram"),
    (r"sick[ -]leave", "sygemelding"),
    (r"town[ -]hall", "rådhus"),
    (r"vice[ -]?chair(?:man|woman|person)?|deputy chair(?:man|woman|person)?", "næstformand"),
    (r"city council|municipal council", "byråd"),
    # Any other council is a "-råd" of its own ("noise council" is Støjrådet, not the Byråd).
    (r"(?!city\b|municipal\b|town\b|the\b|a\b)(\w+)[ -]councils?", r"\1 råd"),
    (r"(?:cycle|bike|bicycle)[ -](?:paths?|lanes?|tracks?)", "cykelsti"),
    (r"construction grants?|capital grants?|construction appropriations?", "anlægsbevilling"),
    (r"nursing homes?|care homes?", "plejecenter"),
)
PHRASE_RES = tuple((re.compile(rf"\b(?:{pattern})\b"), danish) for pattern, danish in PHRASES_EN_DA)

# Words that frame a question rather than name its subject: they steer the intent and
# are neither searched for nor required to be covered by the answer.
FRAMING_WORDS = frozenset([
    "besluttet", "beslutning", "besluttede", "beslutte", "vedtaget", "vedtog", "godkendt", "godkendte",
    "konklusion", "ifølge", "stede", "tilstede", "dag", "dagen", "dato", "datoen", "aftalt", "udskudt", "udskudte",
    "udskydes", "udsat", "udsatte", "flyttet", "flyttes", "udgik", "udgår", "aflyst", "frist", "fristen", "frister",
    "deadline", "deadlinen", "deadlines", "senest", "næste", "kommende", "møde", "mødet", "møder", "drøfte",
    "drøftes", "drøftet", "dagsorden", "planlagt", "hvornår", "hvorfor", "hvem", "hvad", "hvilke", "grunden",
    "årsagen", "årsag", "grund", "punktet", "punkt", "sagen", "repræsenterer", "repræsenteret", "deltog",
    "deltagere", "deltager", "deltage", "deltagerne", "mødeleder", "referent", "afbud", "fraværende", "tilstede",
    "formand", "ledede", "skete", "sker", "går", "gik", "står", "stod", "indgår", "medlem", "medlemmer", "decided",
    "decision", "agreed", "approved", "postponed", "moved", "delayed", "deferred", "cancelled", "next", "upcoming",
    "when", "why", "who", "which", "what", "discuss", "discussed", "agenda", "planned", "reason", "item",
    "attended", "attendees", "absent", "apologies", "chaired", "said", "say", "says", "mentioned", "happening",
    "happened", "happen", "going", "role", "members", "member", "joins", "join", "joined", "takes", "part", "sits",
    "coming", "soon", "scheduled", "due", "punkter", "punkterne", "mødedato", "mødedatoer", "mødedatoerne",
    "mødetid", "mødetiden", "mødetider", "mødetiderne", "mødekalender", "mødekalenderen", "mødeplan", "mødeplanen",
    "møderække", "møderækken", "mødes", "meet", "meets", "dates", "schedule", "calendar",
])  # fmt: skip  # a table kept compact
# Generic committee words: searched with a low weight, never required.
SOFT_WORDS = frozenset([
    "gruppen", "gruppe", "følgegruppen", "følgegruppe", "fokusgruppen", "fokusgruppe", "udvalget", "udvalg",
    "referatet", "referat", "dagsordenen", "status", "orientering", "committee", "group", "minutes", "forslag",
    "forslaget", "forslagene", "sag", "sager",
])  # fmt: skip  # a table kept compact
# Verbs and adjectives that frame what a question asks rather than name its subject
# ("Hvem pegede udvalget på", "Hvor stor en bevilling", "tog på besøg"): searched with a
# lower weight, never required, since the minutes say the same thing in other words.
QUESTION_VERBS = frozenset([
    "slutter", "sluttede", "slutte", "sluttet", "udløber", "udløb", "udløbet", "begyndte", "begynder", "skrevet",
    "skrive", "skriver", "skrev", "sidder", "sidde", "sad", "siddet", "sende", "sendes", "sendte", "sendt",
    "allerede", "videre", "stadig", "fortsat", "egentlig", "faktisk", "mindst", "højst", "lå", "ligger", "ligge",
    "fulgte", "fulgt", "droppe", "dropper", "droppede", "droppet", "holdt", "holde", "holder", "tog", "tage",
    "tager", "stilling", "bad", "beder", "bede", "pegede", "peger", "pege", "meldte", "melder", "fik", "får", "få",
    "gav", "giver", "give", "ville", "vil", "kunne", "kan", "skulle", "skal", "have", "har", "havde", "gøre", "gør",
    "gjorde", "blive", "bliver", "blev", "kom", "komme", "kommer", "stor", "store", "større", "størst", "lille",
    "små", "ny", "nyt", "nye", "new", "ekstra", "stemte", "stemme", "stemmer", "stemt", "vote", "voted", "voting",
    "behandlet", "behandles", "behandle", "behandlede", "sket", "ske", "skete", "lavet", "lave", "laver", "sige",
    "siger", "sagde", "sat", "sætte", "sættes", "værste", "fald", "først", "tidligst", "koste", "koster", "kostede",
    "became", "become", "becomes", "get", "got", "gets", "make", "made", "take", "took", "give", "gave", "given",
])  # fmt: skip  # a table kept compact
# Danish words the minutes often put another way ("forsinket" is mostly "udskudt").
SYNONYMS_DA = {
    "forsinket": "udskudt|udsat|forsinkelse", "forsinkes": "udskydes|udsættes|forsinkelse",
    "forsinke": "udskyde|udsætte|forsinkelse", "opstarten": "igangsætningen|start", "opstart": "igangsætning|start",
    "starte": "igangsætte|opstart", "begynde": "igangsætte|starte", "gang": "igangsætning",
    "koste": "udgift|pris|beløb", "koster": "udgift|pris|beløb", "kostede": "udgift|pris|beløb",
    "livestreame": "transmission|livestreaming", "folk": "personer|borgere|mennesker",
    "penge": "midler|tilskud|beløb|støtte|kr", "søge": "ansøge|ansøgning|ansøgt", "søger": "ansøger|ansøgning",
    "søgte": "ansøgte|ansøgning",
}  # fmt: skip  # a table kept compact
# "gruppen" alone: the committee asked about, never another group.
GENERIC_GROUP_WORDS = frozenset(["gruppe", "gruppen", "gruppens", "grupper", "grupperne", "gruppernes"])
# Words that name a kind of committee but not which one ("følgegruppen").
GENERIC_COMMITTEE_WORDS = frozenset([
    "gruppen", "gruppe", "følgegruppen", "følgegruppe", "fokusgruppen", "fokusgruppe", "udvalget", "udvalg",
    "styregruppe", "styregruppen", "arbejdsgruppe", "arbejdsgruppen",
])  # fmt: skip  # a table kept compact


# Danish parties by the letter the minutes record votes and remarks with ("Imod stemte: Ø",
# "Mehmet Zeki Dogru (Ø)"). Liberal Alliance's "I" is left out: it is also the word "i".
PARTY_LETTERS = {
    "socialdemokratiet": "a", "socialdemokraterne": "a", "socialdemokrater": "a", "venstre": "v", "venstres": "v",
    "enhedslisten": "ø", "enhedslistens": "ø", "sf": "f", "sfs": "f", "konservative": "c", "konservatives": "c",
    "df": "o", "radikale": "b", "alternativet": "å", "moderaterne": "m", "danmarksdemokraterne": "æ",
}  # fmt: skip  # a table kept compact
