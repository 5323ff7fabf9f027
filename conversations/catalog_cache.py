"""The catalog of the current turn, loaded from storage only when it changed.

Loading the catalog takes several queries and builds every department's duties; asking whether it changed
takes one small one (``CatalogPort.stamp``). So each turn asks, and the catalog loaded last is reused while
the stamp is the same. Because the stamp is read from the database every time, an import made by another
process (``fmbot catalog import``) is seen on the next turn.

One cache belongs to one database: the engine holds it (stamps of two databases may well be equal).
"""

from __future__ import annotations

import threading
from collections.abc import Hashable

from conversations.ports import CatalogPort
from fm_domain.models import Catalog


class CatalogCache:
    """The last catalog loaded, and the stamp it was loaded under. Shared by the engine's worker threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp: Hashable = None
        self._catalog: Catalog | None = None

    def current(self, catalogs: CatalogPort) -> Catalog:
        """The current catalog as ``catalogs`` (a unit of work's) sees it: the cached one while the stamp
        has not moved, else freshly loaded.

        The stamp is read before the catalog is loaded, so what is stored under a stamp is never older than
        the stamp (at worst newer, and then the next turn's stamp differs and loads again). Loading under
        the lock makes concurrent turns load a changed catalog once; it only reads, so it waits for no
        other transaction.
        """
        stamp = catalogs.stamp()
        with self._lock:
            if self._catalog is None or stamp != self._stamp:
                self._catalog = catalogs.current()
                self._stamp = stamp
            return self._catalog
