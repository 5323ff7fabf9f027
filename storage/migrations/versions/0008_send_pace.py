"""Send pace: platform rate limits (Telegram's 30 a second and one a second per chat, WeCom's calls a
minute) as a schedule in the database, shared by every sending process

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 06:30:39.729471
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "send_pace",
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("next_at", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_send_pace")),
    )


def downgrade() -> None:
    op.drop_table("send_pace")
