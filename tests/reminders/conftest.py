"""The storage suite's migrated ``engine``/``sessions`` fixtures, per backend (SQLite and PostgreSQL)."""

from tests.storage.conftest import engine, sessions  # noqa: F401
