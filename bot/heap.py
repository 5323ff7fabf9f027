"""The long-running process's heap after start-up, frozen out of the garbage collector's full passes.

fmbot starts by loading what lives as long as the process: jieba's dictionary and the thesaurus, the
catalog, SQLAlchemy's compiled statements, aiogram, wechatpy. A full collection walks every one of those
objects again; in such a process one pass takes about a quarter of a second on the 2-core machine of
issue 13, and it lands wherever allocation happens to cross the collector's threshold: a fan-out's claim
of ten thousand members is such a place, and the calls wait for it. ``gc.freeze()`` moves what exists
after start-up to a permanent generation that collections skip (Python's documented remedy); what is
allocated afterwards is collected as before.
"""

from __future__ import annotations

import gc


def freeze_start_up_heap() -> None:
    """Collect once, then keep what is left out of every later collection."""
    gc.collect()
    gc.freeze()
