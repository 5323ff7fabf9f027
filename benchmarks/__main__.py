"""``python -m benchmarks`` (``make bench``): duty-matching quality and speed on the development set.

Prints, beside two baselines computed in the same run: top-1 duty accuracy on in_scope items, verdict
accuracy over all items, precision / recall / F1 of out_of_scope — in-sample with the shipped thresholds and
leave-one-plan-out with everything tuned re-tuned per fold — then the index build time and the speed of
``check`` against jieba's own segmentation of the same text.
"""

from __future__ import annotations

import sys
import time

from benchmarks.devset import devset_path
from benchmarks.report import run

if __name__ == "__main__":
    started = time.perf_counter()
    sys.exit(run(devset_path(), started))
