"""Telegram channel: button tokens, handled update_ids, delivery parts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 20:42:40.255082
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "telegram_callback_tokens",
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_telegram_callback_tokens")),
    )
    with op.batch_alter_table("telegram_callback_tokens", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_telegram_callback_tokens_issued_at"), ["issued_at"], unique=False
        )

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
        "telegram_handled_updates",
        sa.Column("bot_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("bot_id", "update_id", name=op.f("pk_telegram_handled_updates")),
    )
    with op.batch_alter_table("telegram_handled_updates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_telegram_handled_updates_handled_at"), ["handled_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("telegram_handled_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_telegram_handled_updates_handled_at"))
    op.drop_table("telegram_handled_updates")
    with op.batch_alter_table("telegram_deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_telegram_deliveries_updated_at"))
    op.drop_table("telegram_deliveries")
    with op.batch_alter_table("telegram_callback_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_telegram_callback_tokens_issued_at"))
    op.drop_table("telegram_callback_tokens")
