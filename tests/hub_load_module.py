"""`benchmarks/hub_load.py` as a module: the hub tests reuse its `Hub`, `Student` and `KernelSocket`
(the deploy configuration on 127.0.0.1 with the test swaps), and `benchmarks/` is not a package."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load():
    """The benchmark's module, imported once under the name `hub_load`."""
    if "hub_load" not in sys.modules:
        spec = importlib.util.spec_from_file_location("hub_load", ROOT / "benchmarks" / "hub_load.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return sys.modules["hub_load"]
