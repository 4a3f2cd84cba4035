"""``python -m tools.standins <name> --port N [--option key=value …]``: run one stand-in on loopback."""

from __future__ import annotations

import argparse
import importlib
import sys

from tools.standins.serve import serve


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.standins")
    parser.add_argument("name", help="dvcqg, paygate or oidc")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--option", action="append", default=[], metavar="KEY=VALUE")
    args = parser.parse_args(argv)
    module = importlib.import_module(f"tools.standins.{args.name}")
    options = dict(item.split("=", 1) for item in args.option)
    options.setdefault("base_url", f"http://{args.host}:{args.port}")
    serve(module.make_app(**options), args.host, args.port)


if __name__ == "__main__":
    sys.exit(main())
