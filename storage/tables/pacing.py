"""Send pacing shared by every fmbot process: a platform's rate limit is a schedule in the database.

``send_pace`` holds, for each key (a platform's overall budget such as ``telegram``, or one chat such as
``telegram:12345``), the earliest moment the next send under that key may go, in seconds since the epoch.
A sender takes a slot with one conditional UPDATE (``storage.repositories.pacing``), so processes sharing a
database share the limit; a slot taken by a process that then dies is merely left unused.
"""

import sqlalchemy as sa
from sqlmodel import Field

from storage.tables.base import Table


class SendPaceRow(Table, table=True):
    __tablename__ = "send_pace"

    key: str = Field(primary_key=True, sa_type=sa.String(160))
    # Seconds since the epoch as a double: portable arithmetic in one UPDATE on SQLite and PostgreSQL alike.
    next_at: float = Field(default=0.0, sa_type=sa.Double)
