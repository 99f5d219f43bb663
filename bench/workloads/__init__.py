"""Benchmark workloads.

Each workload is a module exposing:

    NAME          command name used on the runner's command line
    DESCRIPTION   one line for --help
    PEERS         {peer name: script in bench/peers/}, in default running order
    add_arguments(parser)   optional extra options
    run(args, log) -> common.WorkloadResult
                            performs the measurements, logs human-readable detail via
                            `log`, and returns the single RESULT line plus a failure flag

Register new modules in WORKLOADS. Modules whose name starts with an underscore are
shared helpers, not workloads.
"""

import importlib

WORKLOADS = {
    "import": "workloads.import_",
    "cascade": "workloads.cascade",
    "criticality": "workloads.criticality",
    "montecarlo": "workloads.montecarlo",
    "iim": "workloads.iim",
    "risk": "workloads.risk",
}


def load(name: str):
    return importlib.import_module(WORKLOADS[name])
