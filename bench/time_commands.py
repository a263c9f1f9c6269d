"""Time the README's commands, one after the other, and record the wall times in bench/timings.json.

    python bench/time_commands.py run_all run_all_seeds tests train    # time these, in this order
    python bench/time_commands.py --beside-another-job run_claims      # say that the machine was not idle

Run it in a fresh clone (`git clone`, then `pip install -r requirements.txt` there) on an otherwise idle
machine: the README's times are these. Each entry keeps its command, seconds, exit status, date, commit,
cores and torch version; the file is merged, so timing one command leaves the others' entries. A command
that fails is recorded with its status and the script exits 1.
"""
import datetime
import os
import platform
import subprocess
import sys
import time

import torch

from cli import ArgumentParser, UsageError, check_output, run_main
from common.files import git_commit, load_json, save_json

COMMANDS = {
    "run_all": "bash run_all.sh",
    "run_all_seeds": "bash run_all.sh --seeds",
    "run_claims": "bash run_claims.sh",
    "run_sampler": "bash run_sampler.sh",
    "run_losses": "bash run_losses.sh",
    "run_jepa": "JOBS=1 bash run_jepa.sh",   # one training at a time, as on a machine with one free core
    "tests": "python -m pytest -q",
    # the tests with one default training running beside them the whole time (stopped when they end)
    "tests_beside_a_training": "python part1_pixel/train.py --quiet --steps 1000000 --out runs/timing/busy.pt & "
                               "busy=$!; python -m pytest -q; status=$?; kill $busy; exit $status",
    "train": "python part1_pixel/train.py --quiet --out runs/timing/pixel.pt",
    "train_sampler": "python part1_pixel/train_sampler.py --quiet --out runs/timing/sampler.pt",
    "train_token_sampler": "python part1_pixel/train_token_sampler.py --quiet --out runs/timing/token_sampler.pt",
    "bench": "python bench/speed_to_floor.py",
}
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "timings.json")


def time_command(name, alone):
    print(f"== {name}: {COMMANDS[name]}", flush=True)
    start = time.perf_counter()
    status = subprocess.run(COMMANDS[name], shell=True, cwd=ROOT, check=False).returncode
    seconds = time.perf_counter() - start
    print(f"== {name}: {seconds:.0f} s, exit status {status}", flush=True)
    return {"command": COMMANDS[name], "seconds": round(seconds, 1), "status": status, "alone": alone,
            "date": datetime.date.today().isoformat(), "commit": git_commit(ROOT), "cores": os.cpu_count(),
            "machine": platform.machine(), "torch": torch.__version__}


def main(argv=None):
    p = ArgumentParser(prog="time_commands.py", description=__doc__.split("\n")[0])
    p.add_argument("names", nargs="+", metavar="NAME", help=f"commands to time: {', '.join(COMMANDS)}")
    p.add_argument("--out", default=OUT, help="the JSON to merge into (default bench/timings.json; another file keeps "
                                            "the checkout's own pages and JSON in agreement while the tests are timed)")
    p.add_argument("--beside-another-job", action="store_true",
                   help="record that another job shared the machine (the times are then not of an idle machine)")
    args = p.parse_args(argv)
    unknown = [n for n in args.names if n not in COMMANDS]
    if unknown:
        raise UsageError(f"unknown command {unknown[0]!r}; choose from {', '.join(COMMANDS)}")
    check_output(args.out, ".json")
    timings = load_json(args.out, "python bench/time_commands.py") if os.path.exists(args.out) else {"commands": {}}
    failed = False
    for name in args.names:
        timings["commands"][name] = time_command(name, alone=not args.beside_another_job)
        failed |= timings["commands"][name]["status"] != 0
        save_json(timings, args.out)   # after each command, so an interrupted run keeps what it measured
    print(f"wrote {args.out}")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    run_main(main)
