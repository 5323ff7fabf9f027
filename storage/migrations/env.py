"""Alembic environment: always online, on the connection storage.migrations hands over."""

from typing import Any

from alembic import context
from alembic.autogenerate.api import AutogenContext

from storage.tables import metadata
from storage.types import Json, UtcDateTime


def _render_item(type_: str, item: Any, autogen_context: AutogenContext) -> str | bool:
    # Migrations spell out plain SQLAlchemy types, so they never depend on how storage.types evolves.
    if type_ == "type" and isinstance(item, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(item, Json):
        autogen_context.imports.add("from sqlalchemy.dialects import postgresql")
        return 'sa.JSON().with_variant(postgresql.JSONB(), "postgresql")'
    return False


connection = context.config.attributes.get("connection")
if context.is_offline_mode() or connection is None:
    raise RuntimeError(
        "fmbot migrations run through storage.Database.upgrade() or python -m storage.migrations"
    )

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    compare_type=True,
    render_item=_render_item,
)
with context.begin_transaction():
    context.run_migrations()
