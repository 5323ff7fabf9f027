"""``python -m benchmarks`` (``make bench``): every figure the issues ask for, each beside its floor,
baseline or target measured in the same run. Figures only: nothing here is asserted by the tests.

1. 绩效考评: the whole year's scores for 40 departments (benchmarks/performance.py), and a console turn
   beside one transaction on the same state (benchmarks/turn.py); neither needs a development set.
2. Duty matching on the development sets (benchmarks/report.py): top-1, verdicts, out-of-scope F1 and the
   high-confidence precision and coverage beside three baselines, in-sample and leave-one-department-out,
   per field; the learning curve; index build times and speed against jieba; issue 11's targets.
3. The simulated year of monitoring and recommendations (benchmarks/simulated_year.py; no development set
   needed).
4. When the development set is present (without it the run says what it needs and stops there): the web
   console's overview (benchmarks/web_console.py; alone: ``python -m benchmarks console``), WeCom
   acknowledgements under a burst (benchmarks/acknowledgements.py), fan-out at the platforms' limits
   (benchmarks/fanout.py; FM_BENCH_TELEGRAM sets the Telegram run's size) and recovery from a killed
   sender (benchmarks/recovery.py).
"""

from __future__ import annotations

import sys
import time

from benchmarks import acknowledgements, performance, simulated_year, turn
from benchmarks.fanout import report_fanout
from benchmarks.recovery import report_recovery
from benchmarks.report import run
from benchmarks.web_console import report_web_console

if __name__ == "__main__":
    started = time.perf_counter()
    if sys.argv[1:] == ["console"]:
        report_web_console()
        sys.exit(0)
    performance.main()  # issue 15: needs no development set
    turn.report()  # issue 13: a console turn beside one transaction
    print()
    code = run(started)
    print()
    simulated_year.main()  # issue 14's simulated year: needs no development set
    if code == 0:  # without the development set it only says what it needs
        report_web_console()
        print()
        acknowledgements.main()  # WeCom acknowledgements under a burst (issue 13)
        report_fanout()  # FM_BENCH_TELEGRAM sets the Telegram run's size (10,000: at least 333 s)
        report_recovery()
    sys.exit(code)
