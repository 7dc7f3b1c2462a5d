"""Alembic environment for the service's database.

Two ways in: ``storage.database.upgrade()`` hands over an open connection (in
``config.attributes["connection"]``) inside its own transaction and lock; the Alembic CLI
(``alembic -c storage/alembic.ini ...``) connects itself to ``DATABASE_URL`` or the default.
"""

from __future__ import annotations

import asyncio
import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection

from storage.database import DEFAULT_DATABASE_URL, create_engine, normalise_url
from storage.models import Base

config = context.config
target_metadata = Base.metadata


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    return normalise_url(
        config.get_main_option("sqlalchemy.url") or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    )


async def _run_online_cli() -> None:
    engine = create_engine(_url())
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_configure_and_run)
            await connection.commit()
    finally:
        await engine.dispose()


def _run_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    _run_offline()
elif (given := config.attributes.get("connection")) is not None:
    _configure_and_run(given)
else:
    if config.config_file_name is not None:
        fileConfig(config.config_file_name)
    asyncio.run(_run_online_cli())
