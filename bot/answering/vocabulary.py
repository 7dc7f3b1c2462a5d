"""English words of municipal questions in the Danish the minutes use.

English questions are asked about Danish minutes: each English word maps to the Danish
word (or "a|b" alternatives) that retrieval searches for. Committee-structure words live in
``intents.GLOSSARY_EN_DA``; this table adds the everyday vocabulary of municipal cases.
"""

from __future__ import annotations

MUNICIPAL_EN_DA = {
    # Decisions and procedure
    "approve": "godkende|godkendt", "approval": "godkendelse|godkendt", "approves": "godkender",
    "recommend": "indstiller|anbefaler", "recommends": "indstiller|anbefaler", "recommended": "indstillet|anbefalet",
    "recommendation": "indstilling|anbefaling", "recommendations": "indstilling|anbefaling",
    "reject": "afvise|afvist", "rejects": "afviser", "declined": "afvist", "dismiss": "afvise",
    "postpone": "udskyde|udsætte", "delay": "udskyde|forsinke|forsinkelse", "delayed": "udskudt|forsinket",
    "returned": "tilbage|sendes", "referred": "oversendt|oversendes|henvist", "forwarded": "oversendt|oversendes",
    "vote": "stemte|afstemning", "votes": "stemte|afstemning", "voted": "stemte", "against": "imod",
    "abstained": "undlod", "objection": "indsigelse|bemærkning", "objections": "indsigelse|bemærkning",
    "hearing": "høring", "consultation": "høring", "statement": "udtalelse|høringssvar", "case": "sag",
    "cases": "sag", "matter": "sag", "administration": "administrationen|forvaltningen",
    "mayor": "borgmester|borgmesteren", "deputy": "næstformand|viceborgmester", "vice": "næstformand",
    "elected": "valgt", "election": "valg|konstituering", "appointed": "udpeget|valgt", "appoint": "udpege",
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
    "class": "klasse", "daycare": "dagtilbud|daginstitution", "kindergarten": "børnehave", "nursery": "vuggestue",
    "library": "bibliotek", "museum": "museum", "hall": "hal", "sports": "idræt|sport", "sport": "idræt",
    "swimming": "svømning|svøm", "pool": "svømmehal|pulje", "stadium": "stadion", "club": "klub|forening",
    "clubs": "klubber|foreninger", "association": "forening", "associations": "foreninger", "volunteers": "frivillige",
    "harbour": "havn", "harbor": "havn", "port": "havn", "beach": "strand", "beaches": "strand", "coast": "kyst",
    "road": "vej", "roads": "veje", "street": "gade|vej", "lane": "spor|vognbane", "lanes": "spor", "traffic": "trafik",
    "cycle": "cykel", "bicycle": "cykel", "path": "sti", "paths": "stier", "parking": "parkering", "bus": "bus",
    "metro": "metro", "light rail": "letbane", "railway": "jernbane", "station": "station", "bridge": "bro",
    "roundabout": "rundkørsel", "square": "torv|plads", "park": "park", "forest": "skov", "nature": "natur",
    "housing": "boliger|bolig", "homes": "boliger", "houses": "huse|boliger", "house": "hus", "apartments": "lejligheder",
    "building": "bygning|byggeri", "buildings": "bygninger", "property": "ejendom", "properties": "ejendomme",
    "nursing": "pleje|plejecenter", "care": "pleje|omsorg", "elderly": "ældre", "seniors": "seniorer|ældre",
    "disabled": "handicap", "disability": "handicap", "citizens": "borgere", "residents": "borgere|beboere",
    "neighbours": "naboer", "neighbors": "naboer", "local": "lokal", "plan": "plan", "zoning": "lokalplan",
    "permit": "tilladelse", "permits": "tilladelser", "permission": "tilladelse", "exemption": "dispensation",
    "dispensation": "dispensation", "application": "ansøgning", "applications": "ansøgninger",
    # Environment and services
    "waste": "affald", "garbage": "affald|dagrenovation", "collection": "indsamling|opsamling|afhentning",
    "recycling": "genanvendelse", "cleaning": "rensning|rengøring", "cleanup": "oprydning|rensning", "seaweed": "tang",
    "water": "vand", "wastewater": "spildevand", "flooding": "oversvømmelse", "climate": "klima", "energy": "energi",
    "heating": "varme|fjernvarme", "district": "fjernvarme|distrikt", "solar": "sol|solceller", "wind": "vind",
    "turbines": "vindmøller", "turbine": "vindmølle", "electric": "el", "charging": "ladestandere|opladning",
    "trees": "træer", "noise": "støj", "pollution": "forurening", "safety": "tryghed|sikkerhed", "security": "tryghed",
    "police": "politi", "guards": "vagter", "wardens": "vagter", "crime": "kriminalitet", "health": "sundhed",
    "healthcare": "sundhed", "council": "byråd|råd", "employees": "medarbejdere", "staff": "personale|medarbejdere",
    "jobs": "job|beskæftigelse", "unemployed": "ledige", "integration": "integration", "culture": "kultur",
    "camp": "lejr|lejrskole", "camps": "lejrskoler", "festival": "festival", "event": "arrangement",
    "points": "pladser|punkter", "sites": "pladser|steder", "site": "plads|sted", "access": "adgang|adgangsvej",
    "new": "ny|nye", "final": "endelig", "report": "rapport|afrapportering", "closure": "lukning", "closing": "lukning",
    "closed": "lukket|lukning", "extension": "forlængelse|udvidelse", "extended": "forlænget", "renovation": "renovering",
    "repair": "udbedring|reparation", "damage": "skade", "survey": "måling|undersøgelse|spørgeskema",
    "one": "et|en|ét", "each": "hver", "direction": "retning", "both": "begge", "every": "hver|alle",
    "results": "resultater", "number": "antal", "children": "børn", "families": "familier", "youth": "unge",
}  # fmt: skip
