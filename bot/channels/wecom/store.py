"""wechatpy's session storage in the database, shared by every fmbot process.

Besides wechatpy's ``get / set / delete`` it offers what the access_token needs across processes: the
expiry as stored (so a process that did not fetch the token still knows when it runs out), a refresh
lease that one process at a time can hold, and expiring a token only if it is still the one that failed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any, Protocol, Self

from wechatpy.session import SessionStorage

from bot.clock import utc_from_seconds
from storage.repositories.wecom import SessionValue, WecomRepository


class WecomUnitOfWork(Protocol):
    """The part of ``storage.UnitOfWork`` this channel uses."""

    wecom: WecomRepository

    def __enter__(self) -> Self: ...
    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...
    def commit(self) -> None: ...


UnitOfWorkFactory = Callable[[], WecomUnitOfWork]


class DatabaseSessionStorage(SessionStorage):  # type: ignore[misc]  # wechatpy is untyped
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Callable[[], float]) -> None:
        self._uow = uow_factory
        self._clock = clock
        # Values with an expiry this process has read or written: a fan-out's ten sending threads each ask
        # for the token, and on SQLite every read queues for the writer lock behind the group's writes.
        # A token refused by WeCom is expired through ``expire_if``, which forgets it here too.
        self._known: dict[str, tuple[str, datetime]] = {}

    def now(self) -> datetime:
        return utc_from_seconds(self._clock())

    # --- wechatpy's interface -------------------------------------------------------------------------

    def get(self, key: str, default: Any = None) -> Any:
        with self._uow() as uow:
            stored = uow.wecom.session_get(key, self.now())
        return default if stored is None else stored.value

    def set(self, key: str, value: Any, ttl: int | None = None) -> None:
        if value is None:
            return
        now = self.now()
        expires_at = now + timedelta(seconds=int(ttl)) if ttl else None
        with self._uow() as uow:
            uow.wecom.session_set(key, str(value), expires_at, now)
            uow.commit()
        self._remember(key, str(value), expires_at)

    def delete(self, key: str) -> None:
        self._known.pop(key, None)
        with self._uow() as uow:
            uow.wecom.session_delete(key)
            uow.commit()

    # --- what the access_token needs ------------------------------------------------------------------

    def known_fresh(self, key: str, margin_seconds: float) -> str | None:
        """The value this process last read or wrote, if it stays valid for ``margin_seconds`` more; None
        without asking the database."""
        known = self._known.get(key)
        if known is not None and known[1] - self.now() >= timedelta(seconds=margin_seconds):
            return known[0]
        return None

    def get_fresh(self, key: str, margin_seconds: float) -> str | None:
        """The value if it stays valid for at least ``margin_seconds`` more."""
        known = self.known_fresh(key, margin_seconds)
        if known is not None:
            return known
        now = self.now()
        with self._uow() as uow:
            return self._fresh(uow.wecom.session_get(key, now), key, now, margin_seconds)

    def fresh_or_lease(
        self, key: str, margin_seconds: float, lease_seconds: float
    ) -> tuple[str | None, bool]:
        """In one transaction: the value if it stays valid for ``margin_seconds`` more, else whether this
        caller took the refresh lease (then it fetches the value and ``set`` ends the lease). The stored
        value is read again after the lease is taken, by a statement of its own: a process that stored a
        value and ended its lease just before is seen, and its value returned with no lease kept."""
        known = self.known_fresh(key, margin_seconds)
        if known is not None:
            return known, False
        now = self.now()
        with self._uow() as uow:
            stored = self._fresh(uow.wecom.session_get(key, now), key, now, margin_seconds)
            if stored is not None:
                return stored, False
            if not uow.wecom.take_refresh_lease(key, now, now + timedelta(seconds=lease_seconds)):
                return None, False
            stored = self._fresh(uow.wecom.session_get(key, now), key, now, margin_seconds)
            if stored is not None:
                return stored, False  # not committed: the lease is not kept
            uow.commit()
        return None, True

    def _fresh(
        self, stored: SessionValue | None, key: str, now: datetime, margin_seconds: float
    ) -> str | None:
        if stored is None:
            return None
        self._remember(key, stored.value, stored.expires_at)
        if stored.expires_at is not None and stored.expires_at - now < timedelta(seconds=margin_seconds):
            return None
        return stored.value

    def remember(self, key: str, value: str, ttl: int) -> None:
        """Know ``value`` in this process for ``ttl`` seconds, before (or without) storing it."""
        self._remember(key, value, self.now() + timedelta(seconds=ttl))

    def take_refresh_lease(self, key: str, seconds: float) -> bool:
        now = self.now()
        with self._uow() as uow:
            taken = uow.wecom.take_refresh_lease(key, now, now + timedelta(seconds=seconds))
            uow.commit()
        return taken

    def release_refresh_lease(self, key: str) -> None:
        with self._uow() as uow:
            uow.wecom.release_refresh_lease(key)
            uow.commit()

    def expire_if(self, key: str, value: str) -> bool:
        if self._known.get(key, ("", None))[0] == value:
            self._known.pop(key, None)
        with self._uow() as uow:
            expired = uow.wecom.expire_if(key, value, self.now())
            uow.commit()
        return expired

    def _remember(self, key: str, value: str, expires_at: datetime | None) -> None:
        if expires_at is None:
            self._known.pop(key, None)
        else:
            self._known[key] = (value, expires_at)
