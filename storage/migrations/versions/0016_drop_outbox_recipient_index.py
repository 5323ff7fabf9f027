"""Drop ``ix_outbox_messages_recipient`` (channel, recipient, id over every message): since 0013 the claim
asks "is an earlier message to this recipient unsettled?" through the partial index on the same columns
over the unsettled messages only, and no other query reads it; every message queued still paid for an
entry in it. Follows 0015.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 13:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_outbox_messages_recipient", table_name="outbox_messages")


def downgrade() -> None:
    op.create_index(
        "ix_outbox_messages_recipient",
        "outbox_messages",
        ["channel", "external_user_id", "id"],
        unique=False,
    )
