"""fmbot storage: SQLModel tables, repositories, the unit of work and Alembic migrations.

    database = Database("sqlite:///var/fmbot.sqlite3")   # or postgresql+psycopg://...
    database.upgrade()
    with database.unit_of_work() as uow:
        catalog = uow.catalog.current()

Importing this package opens nothing: the engine is created with the ``Database``.
"""

from storage.database import Database
from storage.repositories.base import Repository
from storage.repositories.catalog import RevisionInfo
from storage.sqlite_writers import writes_first
from storage.unit_of_work import UnitOfWork

__all__ = ["Database", "Repository", "RevisionInfo", "UnitOfWork", "writes_first"]
