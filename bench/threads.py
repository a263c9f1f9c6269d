"""Does the thread policy hold when another job runs? Default trainings alone and two side by side.

    python bench/threads.py               # 3 repeats of 1000-step trainings -> bench/threads.json
    python bench/threads.py --quick       # smoke run: 20 steps, 1 repeat, into runs/quick/

Each repeat times (train_time_s from each run's .timing.json) a training alone with two threads (torch's
own default on a 2-core machine), alone with one thread (the policy, common/device.py: set_threads), and
two one-thread trainings side by side, then two two-thread trainings side by side. Run it on an otherwise
idle machine. The ratios are what bench/README.md reports, with why the thread count is fixed rather than
chosen by the load: the same seed trained with one and with two threads gives different weights (the largest
difference is recorded), and a training run twice with one thread gives the same weights.
"""
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch

from cli import ArgumentParser, add_quick, at_least, check_output, output, quick_sizes, run_main
from common.files import beside, load_json, save_json

TRAIN = [sys.executable, "part1_pixel/train.py", "--quiet", "--device", "cpu"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def train_times(threads, side_by_side, steps, folder, quick=False):
    """Training seconds of `side_by_side` trainings started together, each with `threads` threads; their
    checkpoints are left in `folder` as {threads}-{side_by_side}-{i}.pt (run i has seed i)."""
    env = {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}
    outs = [os.path.join(folder, f"{threads}-{side_by_side}-{i}.pt") for i in range(side_by_side)]
    extra = ["--quick"] if quick else []   # a smoke run: train.py's small held-out set too
    procs = [subprocess.Popen([*TRAIN, *extra, "--steps", str(steps), "--threads", str(threads), "--seed", str(i),
                               "--out", out],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL) for i, out in enumerate(outs)]
    if any(p.wait() != 0 for p in procs):
        raise SystemExit("threads.py: a training failed")
    return [load_json(beside(out, ".timing.json"), "train.py")["train_time_s"] for out in outs]


def weight_difference(a, b):
    """Largest absolute difference between the weights of two checkpoints."""
    a, b = (torch.load(path, weights_only=True)["model"] for path in (a, b))
    return max((a[k].float() - b[k].float()).abs().max().item() for k in a)


def main(argv=None):
    p = ArgumentParser(prog="threads.py", description=__doc__.split("\n")[0])
    p.add_argument("--steps", type=at_least(1), default=1000, help="steps of each training")
    p.add_argument("--repeats", type=at_least(1), default=3, help="times the whole comparison is repeated")
    add_quick(p)
    p.add_argument("--out", help="default bench/threads.json (under runs/quick/ with --quick)")
    args = p.parse_args(argv)
    quick_sizes(args, steps=5, repeats=1)
    args.out = check_output(args.out or output("bench/threads.json", args.quick), ".json")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for repeat in range(args.repeats):
            times = lambda threads, side_by_side: train_times(threads, side_by_side, args.steps, folder, args.quick)
            row = {"two_threads_alone": times(2, 1)[0], "one_thread_alone": times(1, 1)[0],
                   "one_thread_side_by_side": float(np.mean(times(1, 2))),
                   "two_threads_side_by_side": float(np.mean(times(2, 2)))}
            row["policy_alone_vs_torch_default_alone"] = row["one_thread_alone"] / row["two_threads_alone"]
            row["policy_side_by_side_vs_alone"] = row["one_thread_side_by_side"] / row["one_thread_alone"]
            row["torch_default_side_by_side_vs_alone"] = row["two_threads_side_by_side"] / row["two_threads_alone"]
            ckpt = lambda name: os.path.join(folder, name)   # seed 0 each: alone, and first of a pair
            row["weights_one_vs_two_threads"] = weight_difference(ckpt("1-1-0.pt"), ckpt("2-1-0.pt"))
            row["weights_one_thread_twice"] = weight_difference(ckpt("1-1-0.pt"), ckpt("1-2-0.pt"))
            print(f"repeat {repeat + 1}: " + ", ".join(f"{k} {v:.3g}" for k, v in row.items()), flush=True)
            rows.append(row)
    save_json({"steps": args.steps, "cores": os.cpu_count(), "rows": rows}, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    run_main(main)
