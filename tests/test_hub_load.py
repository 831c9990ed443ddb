"""The load test's smoke run: three students arrive within five seconds, each gets a server, pulls the
course, runs notebook 02 through the kernel's websocket and changes the concept explorer ten times,
with every figure of the report filled in. The load test itself (N = 10, 30, 60) is run by hand:
`python benchmarks/hub_load.py`; its timings are never asserted here."""
from __future__ import annotations

import json

import hub_load_module


def test_three_students_run_notebook_02_on_the_hub(tmp_path):
    hub_load = hub_load_module.load()
    out = tmp_path / "load.json"
    code = hub_load.main(["--students", "3", "--arrival", "5", "--budget", "600", "--memory-cap-gb", "0",
                          "--out", str(out)])
    (result,) = json.loads(out.read_text())
    assert code == 0 and result["ok"] == 3, result["failures"]
    assert result["notebook_done_s"]["worst"] >= result["server_ready_s"]["worst"] > 0
    assert result["widget_round_trip_ms"]["median"] > 0, "ten widget changes came back"
    assert {"hub", "proxy", "server", "kernel"} <= set(result["peak_mb_per_process"])
    assert result["per_student_mb_after_notebook"]["median"] > result["peak_mb_per_process"]["kernel"] / 2
