"""The engine's catalog cache: the stamp is read every time, the catalog loaded only when the stamp moved,
once however many turns ask at the same moment."""

from __future__ import annotations

import threading
import time
from collections.abc import Hashable

from conversations.catalog_cache import CatalogCache
from fm_domain.models import Catalog, Department


class FakeCatalogs:
    """A CatalogPort whose stamp the test sets; counts stamps read and catalogs loaded."""

    def __init__(self) -> None:
        self.stamp_value: Hashable = (1, 1)
        self.stamps = 0
        self.loads = 0
        self.load_pause_s = 0.0

    def stamp(self) -> Hashable:
        self.stamps += 1
        return self.stamp_value

    def current(self) -> Catalog:
        self.loads += 1
        time.sleep(self.load_pause_s)  # a slow load widens the window for concurrent turns
        code = f"d{self.stamp_value}"
        return Catalog((Department(code=code, name=code, short=code),))

    def revision_id(self, code: str) -> int | None:
        return None


def test_the_same_stamp_gives_the_catalog_loaded_before() -> None:
    cache, catalogs = CatalogCache(), FakeCatalogs()
    first = cache.current(catalogs)
    assert cache.current(catalogs) is first
    assert (catalogs.stamps, catalogs.loads) == (2, 1)


def test_a_new_stamp_loads_the_catalog_again() -> None:
    cache, catalogs = CatalogCache(), FakeCatalogs()
    first = cache.current(catalogs)
    catalogs.stamp_value = (2, 2)
    second = cache.current(catalogs)
    assert second is not first and catalogs.loads == 2
    assert cache.current(catalogs) is second


def test_concurrent_turns_load_a_changed_catalog_once() -> None:
    cache, catalogs = CatalogCache(), FakeCatalogs()
    catalogs.load_pause_s = 0.05
    start = threading.Barrier(8)
    seen: list[Catalog] = []

    def turn() -> None:
        start.wait()
        seen.append(cache.current(catalogs))

    threads = [threading.Thread(target=turn) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert catalogs.loads == 1
    assert len(seen) == 8 and all(catalog is seen[0] for catalog in seen)
