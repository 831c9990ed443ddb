"""Keep jsonschema's optional format checkers out of a pytest process: loaded first, with `-p`.

nbval reads notebooks with nbformat, nbformat imports jsonschema, and jsonschema imports every
format checker that is installed (jupyter-events asks for `jsonschema[format-nongpl]`), though a
notebook's schema uses no "format". `rfc3987_syntax` alone builds an Earley parser when imported:
1.7 s on an idle machine, the largest single cost of the learner's `pytest --nbval-lax
exercises/NN_*.ipynb` before this module, and the same again in the sandboxed pytest of every
submission (`watch` imports this module). jsonschema guards each of these imports, so a blocked one
only leaves its format unchecked; blocking them in pytest's process, rather than uninstalling them,
leaves kernels and the instructor's own Jupyter untouched (`rfc3987`, which would also make
jsonschema skip the parser, is GPL-3.0+).

The course's pytest settings (`pyproject.toml`, `addopts`) name it with `-p`, which pytest imports
before the plugins it finds through entry points, so before nbval imports nbformat.

The modules are blocked only while `jsonschema._format` is imported, which is when jsonschema
chooses its checkers once and for all; then they are importable again, so the same pytest process
can still run tests that need them (`requests` needs `idna`).
"""
from __future__ import annotations

import sys

UNUSED = ("rfc3987_syntax", "rfc3987", "rfc3986_validator", "rfc3339_validator", "fqdn", "idna", "webcolors",
          "jsonpointer", "uri_template", "isoduration")


def _import_jsonschema_without_format_checkers() -> None:
    blocked = [name for name in UNUSED if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # `import` of a None entry raises ImportError, which jsonschema expects
    try:
        import jsonschema._format  # noqa: F401  (its checkers are chosen here)
    finally:
        for name in blocked:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]


_import_jsonschema_without_format_checkers()
