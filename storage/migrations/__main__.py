"""Write a new migration: ``python -m storage.migrations revision -m "add outbox"``.

Autogenerates against a scratch SQLite database brought to head, so no server or alembic.ini is needed;
revision ids are sequential (0001, 0002, …). Read the generated file before keeping it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory

from storage.database import Database
from storage.migrations import alembic_config


def _next_revision_id() -> str:
    script = ScriptDirectory.from_config(alembic_config())
    numbers = [int(rev.revision) for rev in script.walk_revisions() if rev.revision.isdigit()]
    return f"{max(numbers, default=0) + 1:04d}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m storage.migrations")
    sub = parser.add_subparsers(dest="action", required=True)
    revision = sub.add_parser("revision", help="autogenerate a migration from storage.tables")
    revision.add_argument("-m", "--message", required=True)
    revision.add_argument("--empty", action="store_true", help="write an empty migration to fill by hand")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as scratch:
        database = Database(f"sqlite:///{Path(scratch) / 'scratch.sqlite3'}")
        try:
            database.upgrade()
            with database.engine.begin() as connection:
                command.revision(
                    alembic_config(connection),
                    message=args.message,
                    autogenerate=not args.empty,
                    rev_id=_next_revision_id(),
                )
        finally:
            database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
