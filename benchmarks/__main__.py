"""``python -m benchmarks`` (``make bench``): duty-matching quality and speed on the development sets.

For each set (the dev set, and benchmarks/devset2 when it exists) prints, beside three baselines computed
in the same run (character overlap, TF-IDF and BM25 over jieba words): top-1 duty accuracy on in_scope
items, verdict accuracy, precision / recall / F1 of out_of_scope, and the precision and coverage of the
verdicts given with high confidence — in-sample, leave-one-department-out (and for the dev set
leave-one-plan-out) with everything tuned re-tuned per fold, per field — then the learning curve of the
office's judgements. Before that: index build times up to a city-size catalog, and the speed of ``check``
against jieba's own segmentation. Then the targets of issue 11 beside the figures. Last, delivery: fan-out
at the platforms' limits (``benchmarks/fanout.py``) and recovery from a killed sender
(``benchmarks/recovery.py``). Figures only: nothing here is asserted by the tests.
"""

from __future__ import annotations

import sys
import time

from benchmarks.fanout import report_fanout
from benchmarks.recovery import report_recovery
from benchmarks.report import run

if __name__ == "__main__":
    started = time.perf_counter()
    status = run(started)
    if status == 0:  # without the development set, the run stops at once, saying what it needs
        report_fanout()  # FM_BENCH_TELEGRAM sets the Telegram run's size (10,000: at least 333 s)
        report_recovery()
    sys.exit(status)
