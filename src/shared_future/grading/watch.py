"""Loaded into the pytest that runs a graded copy (`-p shared_future.grading.watch`, before nbval): three
guards nbval lacks, and a faster start and end.

- Each answer is handed in when its cell ends (`hand_in`): the moment the cell that saves `qN`
  finishes, its file is read and written down a pipe to the grader (`sandbox.HAND_IN_FD`). The
  pipe is this process's alone: its descriptor is not inherited by the kernel, and this process
  is made non-dumpable, so that the kernel, which runs as the same user, cannot open it through
  `/proc/<pid>/fd`. So nothing a later cell does (rewriting `answers/q1.json`, say) changes an
  answer already handed in; the grader ignores the files in the folder.

- A kernel that dies (`os._exit`, a segfault, the memory cap) is noticed within a fraction of a
  second: nbval would wait for the whole cell time limit, then report a time-out. The cell fails
  with `KernelDied`, which the grader reports as "the kernel died in Q2's answer cell" before
  grading the remaining questions in a fresh kernel.
- Each cell's output is capped (`SHARED_FUTURE_OUTPUT_MB`, default 2 MB): beyond it, output
  messages are emptied before nbval keeps them, so a print loop cannot fill memory.
- The optional format checkers of `jsonschema` are kept out of this process
  (`skip_format_checkers`): 1.7 s per submission on an idle machine.
- The kernel is `shared_future.grading.kernel` (ipykernel without its debugger), and it is
  killed at the end rather than asked to stop: its outputs are in, and jupyter_client's polite
  shutdown (interrupt, kill, then polls every 0.1 s) kept every submission waiting.
"""
from __future__ import annotations

import ctypes
import os
import signal
import stat
import sys
import time
from queue import Empty

import pytest

from . import skip_format_checkers  # noqa: F401  (before nbval imports nbformat)

import ipykernel.kernelspec  # noqa: E402
from nbval.kernel import RunningKernel  # noqa: E402

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


def _private_pipe() -> int | None:
    """The hand-in pipe's descriptor, kept from the kernel; None when the grader gave none."""
    fd = os.environ.pop("SHARED_FUTURE_HAND_IN_FD", None)
    if fd is None:
        return None
    os.set_inheritable(int(fd), False)
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 0: no /proc/<pid>/fd, no ptrace for same-user processes
    return int(fd)


HAND_IN = _private_pipe()
ANSWERS = os.environ.get("SHARED_FUTURE_ANSWERS", "")
MAX_ANSWER = 20_001_000  # `answers.MAX_BYTES` and the wrapping; a larger file is handed in as too large


def _answer_file(qid: str) -> bytes:
    """The saved answer to `qid` as its cell left it: a regular file only (not a FIFO that blocks, not a link), size capped."""
    try:
        fd = os.open(os.path.join(ANSWERS, f"{qid}.json"), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return b""
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return b""
        body = file.read(MAX_ANSWER + 1)
    if len(body) > MAX_ANSWER:
        body = ('{"question": "%s", "answer": {"$": "unreadable", "reason": "the answer is larger than 20 MB"}}' % qid).encode()
    return body


def hand_in(item: pytest.Item) -> None:
    """After a cell that saves an answer: send that answer's file down the pipe, framed `qid size\n` + bytes."""
    tag = getattr(item, "cell", {}).get("metadata", {}).get("shared_future", {})
    if HAND_IN is None or tag.get("role") != "check" or not str(tag.get("question", "")).isidentifier():
        return
    body = _answer_file(tag["question"])
    if body:
        frame = memoryview(f"{tag['question']} {len(body)}\n".encode() + body)
        while frame:
            frame = frame[os.write(HAND_IN, frame):]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    try:
        return (yield)
    finally:
        hand_in(item)


RunningKernel.await_reply = await_reply
RunningKernel.get_message = get_message


_kernel_dict = ipykernel.kernelspec.get_kernel_dict


def get_kernel_dict(*args, **kwargs) -> dict:
    """ipykernel's spec for a kernel in this environment (which nbval's `--nbval-current-env` asks for), started
    through `shared_future.grading.kernel`."""
    spec = _kernel_dict(*args, **kwargs)
    spec["argv"] = [arg if arg != "ipykernel_launcher" else "shared_future.grading.kernel" for arg in spec["argv"]]
    return spec


def stop(self: RunningKernel) -> None:
    """nbval's `stop`, at once: the kernel's whole process group is killed and reaped, with no polite shutdown."""
    self.kc.stop_channels()
    process = getattr(self.km.provisioner, "process", None)
    if process is None:  # not a local process: jupyter_client's own way
        self.km.shutdown_kernel(now=True)
    else:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # jupyter_client starts each kernel in a session of its own
        except ProcessLookupError:
            pass
        process.wait()
        self.km.cleanup_resources()
    del self.km


ipykernel.kernelspec.get_kernel_dict = get_kernel_dict
RunningKernel.stop = stop
