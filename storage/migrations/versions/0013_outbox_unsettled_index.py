"""A partial index over the outbox messages not yet settled (pending or claimed), by recipient: a claim
finds each recipient's first unsettled message through it instead of walking the whole history of sent
messages of the channel, which grows without end. Follows 0012.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 10:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As storage/tables/conversations.py writes it (UNSETTLED_SQL), copied so that this revision stays as it is
# when the table module changes.
_UNSETTLED = "status IN ('pending', 'claimed')"


def upgrade() -> None:
    op.create_index(
        "ix_outbox_messages_unsettled",
        "outbox_messages",
        ["channel", "external_user_id", "id"],
        unique=False,
        sqlite_where=sa.text(_UNSETTLED),
        postgresql_where=sa.text(_UNSETTLED),
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_messages_unsettled", table_name="outbox_messages")
