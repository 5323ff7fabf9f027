"""Drop ``ix_outbox_messages_channel_status``: since 0013 a claim finds the unsettled messages through the
partial index, and no query reads the outbox by status any more; yet every claim and every settle changed
the status, so the index cost each of them an entry removed and one added. Follows 0014.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 13:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_outbox_messages_channel_status", table_name="outbox_messages")


def downgrade() -> None:
    op.create_index(
        "ix_outbox_messages_channel_status", "outbox_messages", ["channel", "status", "id"], unique=False
    )
