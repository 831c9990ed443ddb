"""Idle servers are stopped and students get back in: the deploy configuration with a 20-second idle
limit (`COURSE_IDLE_SECONDS`) stops a student's idle server, keeps the files they saved, and the
student's next visit (a bookmark, or the class link) starts their server again from the hub's page.

Runs the hub of benchmarks/hub_load.py (the deploy configuration with tests/test_hub.py's swaps).
"""
from __future__ import annotations

import asyncio
import time
from pathlib import Path

import hub_load_module

IDLE_S = 20


hub_load = hub_load_module.load()


def test_an_idle_server_is_stopped_its_files_kept_and_the_next_visit_starts_it(tmp_path):
    hub = hub_load.Hub(tmp_path, env={"COURSE_IDLE_SECONDS": str(IDLE_S)})

    async def scenario():
        await hub.ready()
        await hub_load.Student(hub, "ada", Path("/nonexistent")).start_server()
        await hub.api("PUT", "/user/ada/api/contents/notes.ipynb",
                      {"type": "notebook", "format": "json",
                       "content": {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}})
        saved = time.monotonic()
        while (await hub.api("GET", "/hub/api/users/ada"))["servers"]:
            assert time.monotonic() - saved < IDLE_S + 120, "the idle server was not stopped"
            await asyncio.sleep(1)
        culled_after = time.monotonic() - saved
        page = await hub.api("GET", "/hub/user/ada/lab", raw=True, ok=(424, 503))
        assert "/hub/spawn/ada" in page.body.decode(), "the not-running page offers to start the server"
        started = time.monotonic()
        await hub_load.Student(hub, "ada", Path("/nonexistent")).start_server()  # what the page's button asks
        print(f"\nback in: server ready {time.monotonic() - started:.0f} s after the click")
        back = await hub.api("GET", "/user/ada/api/contents/notes.ipynb?content=0")
        return culled_after, back

    try:
        culled_after, back = asyncio.run(scenario())
    finally:
        hub.stop()
    assert (tmp_path / "homes" / "ada" / "notes.ipynb").exists(), "the student's file stays after the cull"
    assert back["name"] == "notes.ipynb", "and the restarted server serves it"
    print(f"\nidle limit {IDLE_S} s: server stopped {culled_after:.0f} s after the student's last save")
