"""Broadcasts: one outbox row for an identical message to many members (``outbox_broadcasts``), its member
rows naming it (``outbox_messages.broadcast_id``, with a partial index over the members their broadcast
still holds), and one ledger row per call of it (``outbox_calls``); the unsettled index gets the status as
a column, so that a claim reads it alone. Follows 0016.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 14:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BROADCAST_MEMBER_SQL = "broadcast_id IS NOT NULL"
UNSETTLED_SQL = "status IN ('pending', 'claimed')"


def upgrade() -> None:
    op.create_table(
        "outbox_broadcasts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("claimed_by", sa.String(128), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_broadcasts")),
    )
    op.create_index("ix_outbox_broadcasts_channel_status", "outbox_broadcasts", ["channel", "status"])
    op.create_table(
        "outbox_calls",
        sa.Column("call_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("broadcast_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("began_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("call_id", name=op.f("pk_outbox_calls")),
    )
    op.create_index("ix_outbox_calls_broadcast_id", "outbox_calls", ["broadcast_id"])
    with op.batch_alter_table("outbox_messages") as table:
        table.add_column(sa.Column("broadcast_id", sa.Integer(), nullable=True))
    op.create_index(
        "ix_outbox_messages_broadcast",
        "outbox_messages",
        ["broadcast_id", "id", "external_user_id"],
        sqlite_where=sa.text(BROADCAST_MEMBER_SQL),
        postgresql_where=sa.text(BROADCAST_MEMBER_SQL),
    )
    # The unsettled index with the status as a column: a claim that states its condition reads the index
    # alone, where it read each row for its status (a broadcast asks it for each of its members).
    _unsettled_index(["channel", "external_user_id", "id", "status"])


def _unsettled_index(columns: list[str]) -> None:
    op.drop_index("ix_outbox_messages_unsettled", table_name="outbox_messages")
    op.create_index(
        "ix_outbox_messages_unsettled",
        "outbox_messages",
        columns,
        sqlite_where=sa.text(UNSETTLED_SQL),
        postgresql_where=sa.text(UNSETTLED_SQL),
    )


def downgrade() -> None:
    # A broadcast's members not yet sent go the regular way, one message each.
    _unsettled_index(["channel", "external_user_id", "id"])
    op.execute("UPDATE outbox_messages SET broadcast_id = NULL WHERE broadcast_id IS NOT NULL")
    op.drop_index("ix_outbox_messages_broadcast", table_name="outbox_messages")
    with op.batch_alter_table("outbox_messages") as table:
        table.drop_column("broadcast_id")
    op.drop_index("ix_outbox_calls_broadcast_id", table_name="outbox_calls")
    op.drop_table("outbox_calls")
    op.drop_index("ix_outbox_broadcasts_channel_status", table_name="outbox_broadcasts")
    op.drop_table("outbox_broadcasts")
