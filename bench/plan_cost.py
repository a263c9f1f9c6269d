"""What a planned action costs: milliseconds per action of the planner with every model, in one process.

    python bench/plan_cost.py            # -> bench/plan_cost.json (run it on an otherwise idle machine)
    python bench/plan_cost.py --quick    # smoke run into runs/quick/

The one definition of a planner's cost that the planning page quotes: wall milliseconds to choose one action
(encode the observation, roll out every action sequence of the horizon as a tree, sum the distances to the
goal) at the planning defaults (common/planning.py: HORIZON), one thread, the models one after the other in
one process, after one untimed plan each. A plan's compute does not depend on the weights (3 + 9 + ... + 3^H
model steps whatever they are), so the world models are built untrained (common.world_models.world_model):
no checkpoint is needed. The observations are the starts of part4_planning/plan.py's first tasks.
"""
import os
import platform
import time

import numpy as np
import torch

from cli import ArgumentParser, add_paths, add_quick, at_least, quick_sizes, run_main
from common.data import stream_rng
from common.files import git_commit, save_json
from common.planning import HORIZON, Simulator, best_sequence
from common.pushed import observation, random_tasks
from common.world_models import KINDS, planner_for, world_model

PLANS = 20          # timed plans per model (the first PLANS tasks' starts)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def ms_per_action(planner, starts, goals, horizon):
    """Wall milliseconds per plan over the (start, goal) observations, after one untimed plan."""
    best_sequence(planner, planner.encode(starts[0]), planner.encode(goals[0]), horizon)
    start = time.perf_counter()
    for obs, goal in zip(starts, goals):
        best_sequence(planner, planner.encode(obs), planner.encode(goal), horizon)
    return 1e3 * (time.perf_counter() - start) / len(starts)


def main(argv=None):
    p = ArgumentParser(prog="plan_cost.py", description=__doc__.split("\n")[0])
    p.add_argument("--plans", type=at_least(1), default=PLANS, help="timed plans per model")
    add_quick(p)
    add_paths(p, out="bench/plan_cost.json")   # checked by parse_args, under runs/quick/ with --quick
    args = p.parse_args(argv)
    quick_sizes(args, plans=2)
    plans, horizon = args.plans, 2 if args.quick else HORIZON
    torch.set_num_threads(1)
    torch.manual_seed(0)
    x0, v0, x_goal = random_tasks(plans, stream_rng(0, "planning_tasks"))
    starts = [observation(np.array([x - v]), np.array([x])) for x, v in zip(x0, v0)]
    goals = [observation(np.array([g]), np.array([g])) for g in x_goal]
    planners = {"simulator": Simulator()}
    for kind in KINDS:
        for frames in (2, 1):
            planners[f"{kind}, {frames} frame(s)"] = planner_for(world_model({"model": kind, "frames": frames}))
    ms = {}
    for name, planner in planners.items():
        ms[name] = ms_per_action(planner, starts, goals, horizon)
        print(f"{name:22s} {ms[name]:9.2f} ms per action")
    save_json({"horizon": horizon, "plans": plans, "threads": torch.get_num_threads(), "ms_per_action": ms,
               "commit": git_commit(ROOT), "machine": platform.machine(), "torch": torch.__version__}, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    run_main(main)
