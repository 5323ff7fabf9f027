"""``python -m benchmarks`` (``make bench``): duty-matching quality and speed on the development sets.

For each set (the dev set, and benchmarks/devset2 when it exists) prints, beside three baselines computed
in the same run (character overlap, TF-IDF and BM25 over jieba words): top-1 duty accuracy on in_scope
items, verdict accuracy, precision / recall / F1 of out_of_scope, and the precision and coverage of the
verdicts given with high confidence — in-sample, leave-one-department-out (and for the dev set
leave-one-plan-out) with everything tuned re-tuned per fold, per field — then the learning curve of the
office's judgements. Before that: index build times up to a city-size catalog, and the speed of ``check``
against jieba's own segmentation. Last, the targets of issue 11 beside the figures. First of all (it needs
no development set): the whole year's 绩效考评 scores for 40 departments (benchmarks/performance.py).
Then the web console's overview for 40 departments × 12 months beside issue 16's 300 ms
(benchmarks/web_console.py; alone: ``python -m benchmarks console``). Figures only: nothing here is
asserted by the tests.
"""

from __future__ import annotations

import sys
import time

from benchmarks import acknowledgements, performance, simulated_year
from benchmarks.report import run
from benchmarks.web_console import report_web_console

if __name__ == "__main__":
    started = time.perf_counter()
    if sys.argv[1:] == ["console"]:
        report_web_console()
        sys.exit(0)
    performance.main()  # issue 15: needs no development set
    print()
    code = run(started)
    print()
    simulated_year.main()  # issue 14's simulated year: needs no development set
    if code == 0:  # without the development set it only says what it needs
        report_web_console()
        print()
        acknowledgements.main()  # WeCom acknowledgements under a burst (issue 13)
    sys.exit(code)
