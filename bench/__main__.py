"""``python -m bench NAME`` imports ``bench.bench_NAME`` and calls its ``main()``; no NAME runs all but the
load benchmark (``load``: a quarter of an hour against gunicorn, run on its own by ``make bench-load``)."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

ON_ITS_OWN = {"load"}


def _available() -> list[str]:
    here = Path(__file__).resolve().parent
    return sorted(
        m.name[len("bench_") :] for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_")
    )


def main(argv: list[str]) -> int:
    names = argv or [name for name in _available() if name not in ON_ITS_OWN]
    for name in names:
        if name not in _available():
            print(
                f"unknown benchmark {name!r}; available: {', '.join(_available()) or '(none)'}",
                file=sys.stderr,
            )
            return 2
    for name in names:
        importlib.import_module(f"bench.bench_{name}").main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
