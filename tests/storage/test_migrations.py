"""Migrations: from an empty database to head, idempotent, and in step with the table definitions."""

from __future__ import annotations

import threading
from datetime import datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from fm_domain.models import Department
from fm_domain.records import FindingKind
from storage import Database
from storage.migrations import alembic_config, head_revision, upgrade
from storage.tables import metadata


def test_upgrade_on_an_empty_database_creates_every_table_and_reaches_head(empty_database: Database) -> None:
    assert empty_database.revision() is None

    empty_database.upgrade()

    assert empty_database.revision() == head_revision()
    tables = set(inspect(empty_database.engine).get_table_names())
    assert set(metadata.tables) <= tables


def test_upgrading_twice_changes_nothing_the_second_time(database: Database) -> None:
    before = set(inspect(database.engine).get_table_names())

    database.upgrade()

    assert database.revision() == head_revision()
    assert set(inspect(database.engine).get_table_names()) == before


def test_migrations_match_the_table_definitions(database: Database) -> None:
    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == [], (
        "a table changed without a migration: python -m storage.migrations revision -m ..."
    )


def test_processes_starting_together_both_upgrade_without_error(empty_database_url: str) -> None:
    databases = [Database(empty_database_url), Database(empty_database_url)]
    errors: list[BaseException] = []
    start = threading.Barrier(len(databases))

    def upgrade(database: Database) -> None:
        start.wait()
        try:
            database.upgrade()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=upgrade, args=(database,)) for database in databases]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert databases[0].revision() == head_revision()
    finally:
        for database in databases:
            database.dispose()


def test_the_judgements_migration_keeps_the_catalog_and_findings_and_can_be_undone(
    empty_database: Database, department: Department, now: datetime
) -> None:
    upgrade(empty_database.engine, "0005")
    with empty_database.unit_of_work() as uow:
        uow.catalog.save_revision(department, "before 0006", imported_at=now)
        uow.commit()
    # In SQL: the finding as the 0005 schema holds it (the table has grown columns since).
    with empty_database.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO findings (department, item, verdict, detail, status, reason, created_at) "
                "VALUES ('minzheng', '开展养老机构消防安全检查', :kind, '', 'open', '', :now)"
            ),
            {
                "kind": FindingKind.OUT_OF_SCOPE.value,
                "now": now.replace(tzinfo=None) if empty_database.is_sqlite else now,
            },
        )
        finding = connection.execute(text("SELECT max(id) FROM findings")).scalar_one()

    empty_database.upgrade()  # 0006: judgements

    with empty_database.unit_of_work() as uow:
        revision = uow.catalog.revision_id("minzheng")
        assert revision is not None and uow.findings.get(finding) is not None
        uow.judgements.add(
            department="minzheng",
            item="开展养老机构消防安全检查",
            verdict="in_scope",
            duty="minzheng.2",
            internal=False,
            revision_id=revision,
            finding_id=finding,
            judged_by=None,
            judged_at=now,
        )
        uow.commit()
    with empty_database.unit_of_work() as uow:
        assert [j.finding_id for j in uow.judgements.current()] == [finding]

    with empty_database.engine.connect() as connection, connection.begin():
        command.downgrade(alembic_config(connection), "0005")
    assert "judgements" not in inspect(empty_database.engine).get_table_names()
    assert empty_database.revision() == "0005"


def test_the_part_ledger_migration_merges_both_channels_ledgers_and_can_be_undone(
    empty_database: Database, now: datetime
) -> None:
    upgrade(empty_database.engine, "0011")
    stamp = now.replace(tzinfo=None) if empty_database.is_sqlite else now
    with empty_database.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO wecom_deliveries (outbox_id, part, state, msgid, updated_at) "
                "VALUES (1, 0, 'sent', 'msg-1', :now), (1, 1, 'uncertain', '', :now)"
            ),
            {"now": stamp},
        )
        connection.execute(
            text(
                "INSERT INTO telegram_deliveries "
                "(outbox_id, part, state, chat_id, telegram_message_id, updated_at) "
                "VALUES (2, 0, 'sent', 5000000001, 77, :now), (2, 1, 'sending', 5000000001, NULL, :now)"
            ),
            {"now": stamp},
        )

    empty_database.upgrade()  # 0012: outbox_parts

    tables = set(inspect(empty_database.engine).get_table_names())
    assert "outbox_parts" in tables and not {"wecom_deliveries", "telegram_deliveries"} & tables
    with empty_database.unit_of_work() as uow:
        assert uow.outbox_parts.states(1) == {0: ("sent", "msg-1"), 1: ("uncertain", "")}
        assert uow.outbox_parts.states(2) == {0: ("sent", "77"), 1: ("sending", "")}
        assert uow.outbox_parts.sent_message_ids(2) == ["77"]
        assert not uow.outbox_parts.begin(2, 1, now, chat="5000000001")

    with empty_database.engine.connect() as connection, connection.begin():
        command.downgrade(alembic_config(connection), "0011")
    assert "outbox_parts" not in inspect(empty_database.engine).get_table_names()
    with empty_database.engine.connect() as connection:
        wecom = connection.execute(
            text("SELECT outbox_id, part, state, msgid FROM wecom_deliveries ORDER BY part")
        ).all()
        telegram = connection.execute(
            text(
                "SELECT outbox_id, part, state, chat_id, telegram_message_id "
                "FROM telegram_deliveries ORDER BY part"
            )
        ).all()
    assert [tuple(row) for row in wecom] == [(1, 0, "sent", "msg-1"), (1, 1, "uncertain", "")]
    assert [tuple(row) for row in telegram] == [
        (2, 0, "sent", 5000000001, 77),
        (2, 1, "sending", 5000000001, None),
    ]
