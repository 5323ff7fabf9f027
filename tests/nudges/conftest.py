"""Nudge tests run against the real database (SQLite and PostgreSQL) with the office of world.py."""

from __future__ import annotations

import pytest

from storage import Database
from tests.nudges.world import Office, set_up_office


@pytest.fixture
def office(database: Database) -> Office:
    return set_up_office(database)
