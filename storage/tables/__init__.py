"""Every fmbot table. Alembic compares ``metadata`` with the migrations, so a new table module must be
imported here (one line) to be seen by `python -m storage.migrations revision` and by the drift test.
"""

from storage.tables import (
    catalog,
    conversations,
    monitoring,
    outbox_broadcasts,
    outbox_parts,
    pacing,
    performance,
    reporting,
    reports,
    telegram,
    users,
    web,
    wecom,
)
from storage.tables.base import Table, metadata

__all__ = [
    "Table",
    "catalog",
    "conversations",
    "metadata",
    "monitoring",
    "outbox_broadcasts",
    "outbox_parts",
    "pacing",
    "performance",
    "reporting",
    "reports",
    "telegram",
    "users",
    "web",
    "wecom",
]
