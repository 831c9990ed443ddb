"""Loaded into the pytest that runs a graded copy (`-p shared_future.grading.watch`): two guards nbval lacks.

- A kernel that dies (`os._exit`, a segfault, the memory cap) is noticed within a fraction of a
  second: nbval would wait for the whole cell time limit, then report a time-out. The cell fails
  with `KernelDied`, which the grader reports as "the kernel died in Q2's answer cell" before
  grading the remaining questions in a fresh kernel.
- Each cell's output is capped (`SHARED_FUTURE_OUTPUT_MB`, default 2 MB): beyond it, output
  messages are emptied before nbval keeps them, so a print loop cannot fill memory.
"""
from __future__ import annotations

import os
import time
from queue import Empty

from nbval.kernel import RunningKernel

POLL = 0.2  # seconds between checks that the kernel still lives
CAP = int(float(os.environ.get("SHARED_FUTURE_OUTPUT_MB", "2")) * 2**20)
CUT = "\n[output cut: this cell printed more than the grader keeps]\n"


class KernelDied(RuntimeError):
    """The kernel process ended while a cell ran."""


def await_reply(self: RunningKernel, msg_id: str, timeout: float | None = None) -> None:
    """nbval's `await_reply`, waiting in short steps and failing at once when the kernel is gone."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        wait = POLL if deadline is None else min(POLL, deadline - time.monotonic())
        if wait <= 0:
            raise Empty
        try:
            msg = self.get_message(stream="shell", timeout=wait)
        except Empty:
            if not self.is_alive():
                raise KernelDied("KernelDied: the kernel died while the cell ran") from None
            continue
        if msg["parent_header"].get("msg_id") == msg_id:
            if msg["content"]["status"] == "aborted":
                raise RuntimeError("Kernel aborted execution request")
            return


_get_message = RunningKernel.get_message
_sizes: dict[str, int] = {}


def get_message(self: RunningKernel, stream: str, timeout: float | None = None) -> dict:
    """nbval's `get_message`, with each cell's stream and display output counted and cut at the cap."""
    msg = _get_message(self, stream, timeout=timeout)
    if stream != "iopub" or msg["msg_type"] not in ("stream", "display_data", "execute_result"):
        return msg
    parent = msg["parent_header"].get("msg_id", "")
    content = msg["content"]
    size = len(content.get("text", "")) + sum(len(str(v)) for v in content.get("data", {}).values())
    before = _sizes.get(parent, 0)
    _sizes[parent] = before + size
    if before + size > CAP:
        cut = CUT if before <= CAP else ""
        if msg["msg_type"] == "stream":
            content["text"] = cut
        else:
            content["data"] = {"text/plain": cut}
    return msg


RunningKernel.await_reply = await_reply
RunningKernel.get_message = get_message
