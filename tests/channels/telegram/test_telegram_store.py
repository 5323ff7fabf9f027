"""What the Telegram channel keeps in the database, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.channels.telegram.store import DatabaseTelegramStore
from storage import Database

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BOT = 123456789


def store_on(database: Database) -> DatabaseTelegramStore:
    return DatabaseTelegramStore(database.unit_of_work)


def test_a_button_token_fits_telegrams_callback_data_and_stands_for_its_payload(database: Database) -> None:
    store = store_on(database)
    payload = "/年度目标 编辑 " + "很长的按钮内容" * 20

    token = store.issue_tokens([payload], NOW)[payload]

    assert len(token.encode()) <= 64
    assert store.payload_for(token) == payload


def test_the_same_payload_gets_the_same_token_every_time(database: Database) -> None:
    store = store_on(database)

    first = store.issue_tokens(["/确认"], NOW)
    again = store.issue_tokens(["/确认"], NOW + timedelta(minutes=5))

    assert first == again


def test_an_unknown_token_stands_for_nothing(database: Database) -> None:
    assert store_on(database).payload_for("not-a-token") is None


def test_an_update_marked_handled_is_known_as_handled_by_every_store(database: Database) -> None:
    store_on(database).mark_update_handled(BOT, 500_000_001, NOW)
    store_on(database).mark_update_handled(BOT, 500_000_001, NOW)

    assert store_on(database).is_update_handled(BOT, 500_000_001)
    assert not store_on(database).is_update_handled(BOT, 500_000_002)
    assert not store_on(database).is_update_handled(BOT + 1, 500_000_001)


def test_handled_updates_are_forgotten_after_a_day(database: Database) -> None:
    store = store_on(database)
    store.mark_update_handled(BOT, 1, NOW - timedelta(hours=25))
    store.mark_update_handled(BOT, 2, NOW - timedelta(hours=23))

    store.forget_expired(NOW)

    assert not store.is_update_handled(BOT, 1)
    assert store.is_update_handled(BOT, 2)


def test_a_delivery_part_can_be_claimed_only_once(database: Database) -> None:
    store = store_on(database)

    assert store.begin_part(41, 0, 1001, NOW)
    assert not store.begin_part(41, 0, 1001, NOW)
    assert store.delivered_parts(41) == {0: "sending"}


def test_an_abandoned_part_can_be_claimed_again(database: Database) -> None:
    store = store_on(database)
    store.begin_part(41, 0, 1001, NOW)

    store.abandon_part(41, 0)

    assert store.begin_part(41, 0, 1001, NOW)


def test_a_sent_part_keeps_its_telegram_message_id_and_cannot_be_abandoned(database: Database) -> None:
    store = store_on(database)
    store.begin_part(41, 0, 1001, NOW)
    store.finish_part(41, 0, "sent", NOW, message_id=77)

    store.abandon_part(41, 0)

    assert store.delivered_parts(41) == {0: "sent"}
    assert store.sent_message_ids(41) == [77]
