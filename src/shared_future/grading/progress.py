"""Progress while a class is graded: a bar on a terminal, a plain line per student elsewhere.

Grading 300 submissions takes minutes; silence makes an instructor wonder whether it hangs.
On a terminal, tqdm draws done/total, elapsed time, an estimate of the time left and the last
student finished; in a log or CI, where a redrawn bar is noise, each student gets one line with
the same numbers.
"""
from __future__ import annotations

import sys
import time
from typing import TextIO

from tqdm import tqdm


class Progress:
    """Call it with each `Graded` as it is stored; `close` at the end."""

    def __init__(self, total: int, stream: TextIO | None = None):
        stream = stream or sys.stderr
        self.total, self.stream, self.done, self.started = total, stream, 0, time.monotonic()
        self.bar = (tqdm(total=total, file=stream, unit="submission", dynamic_ncols=True,
                         bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed} elapsed, {remaining} left{postfix}]")
                    if stream.isatty() else None)

    def __call__(self, graded) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.set_postfix_str(f"last: {graded.student}", refresh=False)
            self.bar.update(1)
            return
        elapsed = time.monotonic() - self.started
        left = elapsed / self.done * (self.total - self.done)
        outcome = f"broke: {graded.error}" if graded.error else "graded"
        print(f"[{self.done}/{self.total}] {graded.student}: {outcome} ({elapsed:.0f} s elapsed, about {left:.0f} s left)",
              file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
