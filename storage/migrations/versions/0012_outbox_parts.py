"""One part ledger for every channel: ``outbox_parts`` replaces ``wecom_deliveries`` and
``telegram_deliveries``

The rows of both are copied over (outbox ids are unique across channels, so they cannot collide): a WeCom
part keeps its msgid and has no chat; a Telegram part keeps its chat id and message id, as text. The
downgrade recreates both tables and copies each row back by whether it has a chat. Follows 0011.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 08:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox_parts",
        sa.Column("outbox_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("part", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("platform_message_id", sa.String(length=128), nullable=False),
        sa.Column("chat", sa.String(length=128), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("outbox_id", "part", name=op.f("pk_outbox_parts")),
    )
    with op.batch_alter_table("outbox_parts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_parts_updated_at"), ["updated_at"], unique=False)

    op.execute(
        "INSERT INTO outbox_parts (outbox_id, part, state, platform_message_id, chat, updated_at) "
        "SELECT outbox_id, part, state, msgid, NULL, updated_at FROM wecom_deliveries"
    )
    op.execute(
        "INSERT INTO outbox_parts (outbox_id, part, state, platform_message_id, chat, updated_at) "
        "SELECT t.outbox_id, t.part, t.state, COALESCE(CAST(t.telegram_message_id AS VARCHAR(128)), ''), "
        "CAST(t.chat_id AS VARCHAR(128)), t.updated_at FROM telegram_deliveries t "
        "WHERE NOT EXISTS (SELECT 1 FROM outbox_parts o WHERE o.outbox_id = t.outbox_id AND o.part = t.part)"
    )

    with op.batch_alter_table("wecom_deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wecom_deliveries_updated_at"))
    op.drop_table("wecom_deliveries")
    with op.batch_alter_table("telegram_deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_telegram_deliveries_updated_at"))
    op.drop_table("telegram_deliveries")


def downgrade() -> None:
    op.create_table(
        "telegram_deliveries",
        sa.Column("outbox_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("part", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("telegram_message_id", sa.BigInteger(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("outbox_id", "part", name=op.f("pk_telegram_deliveries")),
    )
    with op.batch_alter_table("telegram_deliveries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_telegram_deliveries_updated_at"), ["updated_at"], unique=False)
    op.create_table(
        "wecom_deliveries",
        sa.Column("outbox_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("part", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("msgid", sa.String(length=128), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("outbox_id", "part", name=op.f("pk_wecom_deliveries")),
    )
    with op.batch_alter_table("wecom_deliveries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wecom_deliveries_updated_at"), ["updated_at"], unique=False)

    op.execute(
        "INSERT INTO wecom_deliveries (outbox_id, part, state, msgid, updated_at) "
        "SELECT outbox_id, part, state, platform_message_id, updated_at FROM outbox_parts WHERE chat IS NULL"
    )
    op.execute(
        "INSERT INTO telegram_deliveries (outbox_id, part, state, chat_id, telegram_message_id, updated_at) "
        "SELECT outbox_id, part, state, CAST(chat AS BIGINT), "
        "CASE WHEN platform_message_id = '' THEN NULL ELSE CAST(platform_message_id AS BIGINT) END, "
        "updated_at FROM outbox_parts WHERE chat IS NOT NULL"
    )

    with op.batch_alter_table("outbox_parts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_parts_updated_at"))
    op.drop_table("outbox_parts")
