#!/usr/bin/env python3
"""Rampart benchmark runner.

    python3 bench/run.py import --size S [--seed 1] [--rampart PATH] [--data DIR]
                                [--repeat N] [--peers igraph,networkx] [--timeout SEC]
    python3 bench/run.py list

Every workload prints human-readable detail lines and ends with exactly one line

    RESULT <workload> <size> key=value ...

See bench/README.md for what each workload measures.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
import workloads  # noqa: E402


def _common_options() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--size", default="S", help="S (1k assets), M (100k), L (1M) or a count")
    p.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    p.add_argument("--rampart", default=None,
                   help="path to the rampart binary (default: build/bin/rampart under the "
                        "repository root)")
    p.add_argument("--data", default=None,
                   help="use (or generate into) this data directory instead of the cache")
    p.add_argument("--repeat", type=int, default=1, help="runs per tool; the best is kept")
    p.add_argument("--peers", default=None,
                   help="comma-separated peers to run (default: all for the workload; "
                        "'none' for Rampart only)")
    p.add_argument("--timeout", type=float, default=None,
                   help="kill any single run after this many seconds")
    return p


def main(argv=None) -> int:
    parent = _common_options()
    ap = argparse.ArgumentParser(description="Rampart benchmark runner")
    sub = ap.add_subparsers(dest="workload", required=True)
    sub.add_parser("list", help="list workloads and their peers")
    modules = {}
    for name in workloads.WORKLOADS:
        mod = workloads.load(name)
        modules[name] = mod
        sp = sub.add_parser(name, parents=[parent], help=mod.DESCRIPTION)
        mod.add_arguments(sp)
    args = ap.parse_args(argv)

    if args.workload == "list":
        for name, mod in modules.items():
            print(f"{name:12s} {mod.DESCRIPTION} (peers: {', '.join(mod.PEERS)})")
        return 0

    mod = modules[args.workload]
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    if args.peers is None:
        args.peer_list = None
    elif args.peers.strip().lower() in ("", "none"):
        args.peer_list = []
    else:
        args.peer_list = [p.strip() for p in args.peers.split(",") if p.strip()]
        unknown = [p for p in args.peer_list if p not in mod.PEERS]
        if unknown:
            ap.error(f"unknown peer(s) for {args.workload}: {', '.join(unknown)} "
                     f"(known: {', '.join(mod.PEERS)})")
    try:
        common.size_label(args.size)
    except ValueError as e:
        ap.error(str(e))

    def log(msg: str) -> None:
        print(msg, flush=True)

    try:
        outcome = mod.run(args, log=log)
    except RuntimeError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(outcome.line, flush=True)
    return 1 if outcome.failed else 0


if __name__ == "__main__":
    sys.exit(main())
