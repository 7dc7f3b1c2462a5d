"""Export and deletion of a person's data, on SQLite and PostgreSQL, with the real services."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.conversations import ConversationUser, conversation_key
from bot.people.model import AmbiguousPerson, UnknownPerson
from bot.people.service import DELETED, EXPORTED, REFUSED, NotAllowed
from bot.settings import ConfigurationError, Settings
from dialogs.turn import Services
from storage.models import Base
from storage.people_repository import TABLES
from tests.people.data import (
    ADMIN,
    CHANNEL,
    FOCUS_SECRETARY,
    FOLLOW_GROUP,
    MEMBER,
    OTHER,
    SECRETARY,
    build,
    person,
)

MEMBER_TRACES = (MEMBER.user_id, MEMBER.aad_object_id or "", MEMBER.name or "", "a:1member-mette-chat")


@pytest.fixture
async def world(database_url: str) -> AsyncIterator[tuple[Services, AsyncEngine]]:
    services, engine = await build(database_url)
    try:
        yield services, engine
    finally:
        await engine.dispose()


async def every_stored_value(engine: AsyncEngine) -> list[tuple[str, str]]:
    """(table, value as text) of every column of every row in the database."""
    values: list[tuple[str, str]] = []
    async with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for row in await connection.execute(select(table)):
                values.extend((table.name, str(v)) for v in row)
    return values


async def test_the_export_holds_every_row_about_the_person(world: tuple[Services, AsyncEngine]) -> None:
    services, _ = world
    people = services.people
    with pytest.raises(NotAllowed):  # the member's own refused attempt is an audit row about them
        await people.export(OTHER.name or "", by=person(MEMBER))

    export = await people.export("  mette   HANSEN ", by=person(ADMIN))

    assert export["person"]["user_ids"] == [MEMBER.user_id]
    assert export["person"]["aad_object_ids"] == [MEMBER.aad_object_id]
    tables = export["tables"]
    assert sorted(p["title"] for p in tables["proposals"]) == ["Mettes eget forslag", "Status på PTSD-arbejdet"]
    assert [e["action"] for e in tables["proposal_events"]] == ["submitted", "submitted"]
    assert [(s["committee"], s["subscribed"]) for s in tables["reminder_subscriptions"]] == [(FOLLOW_GROUP, True)]
    assert sorted(c["conversation_type"] for c in tables["conversations"]) == ["channel", "personal"]
    assert len(tables["conversation_users"]) == 2
    [linked] = [c for c in tables["conversations"] if c["linked_by_user_id"] == MEMBER.user_id]
    assert linked["conversation_id"] == CHANNEL.conversation_id
    [refused] = tables["audit_events"]
    assert refused["action"] == REFUSED
    assert "Bo" not in str(refused["details"])  # whom the refused request was about is a pseudonym
    # Nobody else's rows: Bo's proposal is not in Mette's export.
    assert "Bos forslag" not in str(export)


async def test_the_same_person_is_found_by_object_id_and_by_teams_user_id(
    world: tuple[Services, AsyncEngine],
) -> None:
    people = world[0].people
    by_oid = await people.identify((MEMBER.aad_object_id or "").upper())
    assert by_oid == await people.identify(MEMBER.user_id) == await people.identify("Mette Hansen")


async def test_delete_removes_or_pseudonymises_everything_and_is_audited_without_the_name(
    world: tuple[Services, AsyncEngine],
) -> None:
    services, engine = world
    people = services.people
    preview = await people.preview("Mette Hansen", by=person(SECRETARY))

    done = await people.delete("Mette Hansen", by=person(SECRETARY))

    assert done == preview  # the preview told exactly what would happen
    assert done.pseudonym.startswith("slettet-") and len(done.pseudonym) == len("slettet-") + 8
    assert done.counts == {
        "proposals": {"deleted": 1, "pseudonymised": 1},  # pending: gone; accepted: the committee's record
        "proposal_events": {"deleted": 1, "pseudonymised": 1},
        "reminder_subscriptions": {"deleted": 1, "pseudonymised": 0},
        "conversation_users": {"deleted": 2, "pseudonymised": 0},
        "conversations": {"deleted": 1, "pseudonymised": 1},  # the personal chat; the channel's link
    }
    stored = await every_stored_value(engine)
    assert [(table, value) for table, value in stored if any(trace in value for trace in MEMBER_TRACES)] == []
    # What stays: the accepted proposal (by a pseudonym), Bo's proposal, the channel and its link.
    kept = {p.title: p for p in await services.proposals.pending(FOLLOW_GROUP)}
    assert list(kept) == ["Bos forslag"]
    accepted = (await services.proposals.draft_agenda(FOLLOW_GROUP)).to_markdown()
    assert "Status på PTSD-arbejdet" in accepted
    assert (
        await services.conversations.committee_for(conversation_key(CHANNEL.channel_id, CHANNEL.conversation_id))
        == FOLLOW_GROUP
    )
    with pytest.raises(UnknownPerson):
        await people.export("Mette Hansen", by=person(ADMIN))
    with pytest.raises(UnknownPerson):
        await people.export(MEMBER.aad_object_id or "", by=person(ADMIN))

    deletion = [e for e in await people.audit_log() if e["action"] == DELETED]
    assert [(e["actor_user_id"], e["details"]["subject"]) for e in deletion] == [(SECRETARY.user_id, done.pseudonym)]
    assert deletion[0]["details"]["counts"] == done.counts


async def test_a_person_gets_the_same_pseudonym_every_time(world: tuple[Services, AsyncEngine]) -> None:
    people = world[0].people
    first = await people.delete(OTHER.user_id, by=person(ADMIN))
    await world[0].conversations.remember(CHANNEL, OTHER)  # Bo writes again, and is deleted again
    second = await people.delete(OTHER.user_id, by=person(ADMIN))
    assert first.pseudonym == second.pseudonym
    assert first.pseudonym != (await people.preview("Sanne Secretary", by=person(ADMIN))).pseudonym


async def test_an_unknown_person_is_a_clear_error(world: tuple[Services, AsyncEngine]) -> None:
    with pytest.raises(UnknownPerson) as raised:
        await world[0].people.export("Ingen Sådan Person", by=person(ADMIN))
    assert "Jeg har intet gemt om »Ingen Sådan Person«" in raised.value.da
    assert "Ingen Sådan Person" in raised.value.en


async def test_a_shared_name_asks_for_an_id(world: tuple[Services, AsyncEngine]) -> None:
    services = world[0]
    namesake = ConversationUser("29:1other-bo-2", "11111111-2222-3333-4444-777777777777", "Bo  Andersen")
    await services.conversations.remember(CHANNEL, namesake)
    with pytest.raises(AmbiguousPerson) as raised:
        await services.people.export("bo andersen", by=person(ADMIN))
    assert raised.value.candidates == sorted([OTHER.aad_object_id, namesake.aad_object_id])
    assert namesake.aad_object_id in raised.value.da


async def test_only_secretaries_of_the_persons_committees_and_admins_may(world: tuple[Services, AsyncEngine]) -> None:
    people = world[0].people
    with pytest.raises(NotAllowed) as member:
        await people.delete("Bo Andersen", by=person(MEMBER))
    assert "sekretærer og administratorer" in member.value.da
    with pytest.raises(NotAllowed):  # a secretary, but of a committee Mette is not known in
        await people.export("Mette Hansen", by=person(FOCUS_SECRETARY))
    assert (await people.export("Mette Hansen", by=person(SECRETARY)))["tables"]["proposals"]

    log = await people.audit_log()
    assert [(e["action"], e["actor_user_id"], e["details"].get("operation")) for e in log] == [
        (REFUSED, MEMBER.user_id, "delete"),
        (REFUSED, FOCUS_SECRETARY.user_id, "export"),
        (EXPORTED, SECRETARY.user_id, None),
    ]
    details = str([e["details"] for e in log])  # the actors are named; whom they asked about is not
    assert "Mette" not in details and "Bo" not in details and MEMBER.user_id not in details


async def test_the_export_says_where_the_minutes_name_the_person_and_deletion_leaves_the_minutes(
    world: tuple[Services, AsyncEngine],
) -> None:
    services = world[0]
    rikke = ConversationUser("29:1rikke", "11111111-2222-3333-4444-888888888888", "Rikke Bagge Skou")
    await services.conversations.remember(CHANNEL, rikke)

    export = await services.people.export("Rikke Bagge Skou", by=person(ADMIN))

    items = {m["item_number"] for m in export["minutes_mentions"] if "item" in m["in"]}
    assert "4.1" in items  # "afbud til dagens møde fra Rikke Bagge Skou"
    await services.people.delete("Rikke Bagge Skou", by=person(ADMIN))
    answer = await services.knowledge.ask("Hvorfor blev prøvehandlingerne udskudt?")
    assert "Rikke Bagge Skou" in answer.answer  # the committee's minutes are its record


# Columns that name things, not people: committees, files, the bot, replicas.
NOT_PEOPLE = {
    "committees.name",
    "minutes_documents.name",
    "graph_folder_offers.name",
    "graph_folder_links.folder_name",
    "conversations.bot_name",
    "reminder_deliveries.claimed_by",
    "reminder_tenant_leases.claimed_by",
}


def test_every_table_with_a_column_about_a_person_is_exported_and_erased() -> None:
    about_people = {
        table.name
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if re.search(r"(^|_)(user_id|aad_object_id|name|by)$", column.name)
        and f"{table.name}.{column.name}" not in NOT_PEOPLE
    }
    assert about_people == set(TABLES) - {"reminder_deliveries"}  # deliveries go with the personal chat they were for


async def test_the_export_lists_every_table_in_order(world: tuple[Services, AsyncEngine]) -> None:
    export = await world[0].people.export(MEMBER.user_id, by=person(ADMIN))
    assert tuple(export["tables"]) == TABLES


def test_admins_come_from_the_environment_as_entra_object_ids() -> None:
    oid = "ADADADAD-0000-4000-8000-000000000001"
    settings = Settings.from_env({"ADMINS": f" {oid} , 11111111-2222-3333-4444-555555555555"}, database_url="x.db")
    assert settings.admins == {oid.lower(), "11111111-2222-3333-4444-555555555555"}
    with pytest.raises(ConfigurationError, match="ADMINS: ada er ikke"):
        Settings.from_env({"ADMINS": "ada"}, database_url="x.db")
