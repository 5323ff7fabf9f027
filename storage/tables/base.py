"""The base every fmbot table derives from, with its own metadata (not SQLModel's global one)."""

from sqlalchemy import MetaData
from sqlalchemy.orm import registry
from sqlmodel import SQLModel

# Named constraints let later migrations drop or alter them by name, on SQLite (batch mode) as on PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Table(SQLModel, registry=registry(metadata=metadata)):
    """Base class of table models: ``class OutboxRow(Table, table=True): ...``.

    Row classes are storage's business only; repositories map them to fm_domain objects.
    """
