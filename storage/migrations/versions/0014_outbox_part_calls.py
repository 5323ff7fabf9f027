"""Which platform call carried each part (``outbox_parts.call_id``): a part left in doubt by a process
killed mid-call can then be sent again as the very same request, which WeCom's duplicate check drops if
the first one had arrived. Follows 0013.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 12:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_parts") as table:
        table.add_column(sa.Column("call_id", sa.BigInteger(), nullable=True))
        table.create_index("ix_outbox_parts_call_id", ["call_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox_parts") as table:
        table.drop_index("ix_outbox_parts_call_id")
        table.drop_column("call_id")
