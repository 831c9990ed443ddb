"""Whose variant: the identity that picks each student's own draw of the understanding questions.

Why: a key passed around, or read off a neighbour's screen, should not fit. So each understanding
question shows a student a few items drawn from a larger pool, in an order of its own, seeded by
who the student is (as PrairieLearn seeds its question variants).

Who the student is, in this order:

- in the learner's kernel: the name typed once in the notebook's first cell (`STUDENT = "..."`),
  else the hub login (`JUPYTERHUB_USER`) where the notebook runs on the course hub;
- in the grader: the name recorded in the submission's first cell (read as text, never run), else
  the name grading gives the submission (its file name, which on the hub is the login).

Both sides normalise the name the same way (`seed_name`), so "Ada  Lovelace" and "ada lovelace"
draw the same items. The grader seeds each check through `seeded`, which holds only for the
check it wraps (a context variable), so submissions graded side by side never share a seed.
"""
from __future__ import annotations

import ast
import contextlib
import contextvars
import os
import random
import sys
from collections.abc import Iterator

NAME_VARIABLE = "STUDENT"
MAX_NAME = 100  # longer "names" are cut: a name only has to tell students apart
_graded: contextvars.ContextVar[str] = contextvars.ContextVar("graded_identity", default="")


def seed_name(name: str) -> str:
    """A name as it seeds a draw: spaces collapsed, case folded, cut to `MAX_NAME` characters."""
    return " ".join(str(name).split()).casefold()[:MAX_NAME]


def typed() -> str:
    """The name the learner's first cell assigned to `STUDENT`, read from the notebook's namespace ("" if none).

    In a kernel, the notebook's variables live in the module `__main__`; outside one there is none.
    """
    name = getattr(sys.modules.get("__main__"), NAME_VARIABLE, "")
    return name if isinstance(name, str) else ""


def current() -> str:
    """The identity that seeds the draws now: the grader's, else the typed name, else the hub login ("" if none)."""
    return _graded.get() or seed_name(typed()) or seed_name(os.environ.get("JUPYTERHUB_USER", ""))


@contextlib.contextmanager
def seeded(identity: str) -> Iterator[None]:
    """Within this block, draws are seeded by `identity` (the grader's regrade of one submission)."""
    token = _graded.set(seed_name(identity))
    try:
        yield
    finally:
        _graded.reset(token)


def draw_random(pool_id: str, identity: str) -> random.Random:
    """The random generator of one student's draw of one pool; the same for the same pool and name."""
    return random.Random(f"{pool_id}/{seed_name(identity)}")


def recorded(submission) -> str:
    """The name a submission's first cells assign to `STUDENT` as a plain string; "" if none.

    Read from the source as a literal (`ast`), never run: the submission is untrusted.
    """
    for cell in submission.get("cells", [])[:5]:
        if cell.get("cell_type") != "code" or not isinstance(cell.get("source"), str):
            continue
        try:
            tree = ast.parse(cell["source"])
        except SyntaxError:
            continue
        for node in tree.body:
            if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                    and node.targets[0].id == NAME_VARIABLE and isinstance(node.value, ast.Constant)
                    and isinstance(node.value.value, str)):
                return seed_name(node.value.value)
    return ""


def of_submission(submission, fallback: str) -> str:
    """The identity the grader regrades a submission with: the name it records, else `fallback` (its file name)."""
    return recorded(submission) or seed_name(fallback)
