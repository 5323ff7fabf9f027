"""Opening the configured database: the one place the application turns settings into a ``Database``.

Meant for the composition root; commands use it too.
"""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.exc import ArgumentError, OperationalError

from bot.config import ConfigError, Settings
from storage import Database

log = logging.getLogger("fmbot.database")


def open_database(settings: Settings) -> Database:
    """Connect to ``settings.database_url`` and migrate it to head (a no-op when it already is).

    A database that cannot be reached or opened is a configuration problem: ConfigError names
    FM_DATABASE_URL (without its password). Call ``dispose()`` on the result when done.
    """
    try:
        database = Database(settings.database_url)
    except (ArgumentError, ValueError, OSError) as error:
        raise ConfigError(f"FM_DATABASE_URL 无法使用：{error}") from None
    where = database.url.render_as_string(hide_password=True)
    try:
        with database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as error:
        database.dispose()
        log.error("cannot connect to %s: %s", where, error.orig)
        raise ConfigError(f"FM_DATABASE_URL 指向的数据库无法连接（{where}）：{error.orig}") from None
    try:
        database.upgrade()
    except BaseException:
        database.dispose()
        raise
    log.info("database %s at migration %s", where, database.revision())
    return database
