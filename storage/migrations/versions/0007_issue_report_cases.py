"""Issue reports as cases: a status (open | replied | closed), staff's reply and the outcome they closed it with

Reports filed before this revision start open, with no reply.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 05:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("issue_reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=16), server_default="open", nullable=False))
        batch_op.add_column(sa.Column("reply", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("outcome", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("handled_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_issue_reports_status"), ["status"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_issue_reports_handled_by_users"),
            "users",
            ["handled_by"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("issue_reports", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_issue_reports_handled_by_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_issue_reports_status"))
        batch_op.drop_column("handled_at")
        batch_op.drop_column("handled_by")
        batch_op.drop_column("outcome")
        batch_op.drop_column("reply")
        batch_op.drop_column("status")
