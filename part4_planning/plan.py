"""Plan with every model on the same start/goal pairs and score it against the exact optimum: results/planning.json.

    python part4_planning/plan.py            # after the trainings of run_planning.sh
    python part4_planning/plan.py --quick    # smoke run: the --quick checkpoints, a few episodes, runs/quick/

Every model plans through the one planner (common/planning.py: every action sequence of the horizon, the
summed distance to the goal in the model's own space, the first action executed in the true world, replan):
the true simulator (planner error only), random actions, and per training seed the pixel model and the
VICReg and SIGReg JEPAs, with two frames and with one (the controls); clean and with distractor dots (fresh
dots on every observed frame, the goal's too). Per model and setting, over the seeds and over the tasks not
solved at the start (optimum > 0; "trivial_tasks" counts the others): success (at rest at the goal within
common.pushed.MAX_STEPS steps, "max_steps"), steps taken / optimal steps (mean over the successes) and planning
milliseconds per action on one core, and each learned model's training time (its .timing.json); the same on the
first --pixel-episodes tasks ("on_first_tasks", the pixel planner's); every episode ("per_episode": task,
success, steps, optimum); "paired": each JEPA against the pixel model of the same seed, task by task.
"rows" holds one entry per model and setting.
"""
import multiprocessing
import os
import signal
import time

import numpy as np
import torch
from tqdm import tqdm

from cli import (
    SEED,
    ArgumentParser,
    add_quick,
    at_least,
    check_jobs,
    check_memory,
    check_output,
    hint,
    output,
    quick_sizes,
    run_main,
)
from common.data import stream_rng
from common.files import BadFile, beside, load_json, save_json
from common.planning import HORIZON, Simulator, run_episode
from common.pushed import MAX_STEPS, optimal_steps, random_tasks
from common.world_models import load_world_model, observer, planner_for, planning_checkpoint, trained_seeds

SEEDS = (0, 1, 2)
EPISODES = 500          # start/goal pairs per model and setting
PIXEL_EPISODES = 100    # the pixel planner predicts 1,092 frames per action (about 1 s on one core): fewer episodes
MODELS = ("simulator", "random", "pixel", "vicreg", "sigreg")   # also the order of the rows
LEARNED = MODELS[2:]
COMMAND = "bash run_planning.sh"


class RandomActions:
    """A "model" whose costs are random: the planner then picks a uniformly random sequence's first action."""

    def __init__(self, rng):
        self.rng = rng

    def encode(self, obs):
        return np.zeros((len(obs), 1))

    def repeat(self, states, k):
        return np.zeros((len(states) * k, 1))

    def step(self, states, actions):
        return states

    def distance(self, states, goal):
        return self.rng.random(len(states))


def score(planner, tasks, optimum, observe, horizon, desc=None):
    """One planner on the tasks (a progress bar named desc): every episode (task index, success, steps, optimum),
    and over the tasks not solved at the start (optimum > 0; a task at its goal already counts for every planner,
    random actions included, so it is left out): success, steps / optimal steps, the share at the optimum, and
    planning ms per action."""
    episodes = [run_episode(planner, *task, horizon=horizon, observe=observe)
                for task in tqdm(tasks, desc=desc, leave=False, disable=desc is None)]
    per_episode = [{"task": i, "success": e["success"], "steps": e["steps"], "optimum": int(best)}
                   for i, (e, best) in enumerate(zip(episodes, optimum))]
    return {"episodes": len(episodes), "trivial_tasks": sum(best == 0 for best in optimum),
            **summary_of(per_episode),
            "ms_per_action": 1e3 * float(np.mean([e["seconds_per_action"] for e in episodes])),
            "per_episode": per_episode}


def summary_of(per_episode):
    """Success, steps / optimal (over the successes) and the share at the optimum, over the non-trivial episodes."""
    real = [e for e in per_episode if e["optimum"] > 0]
    ratios = [e["steps"] / e["optimum"] for e in real if e["success"]]
    return {"success": float(np.mean([e["success"] for e in real])) if real else None,
            "steps_over_optimal": float(np.mean(ratios)) if ratios else None,
            "at_optimum": float(np.mean([e["success"] and e["steps"] == e["optimum"] for e in real])) if real else None}


def paired(a, b):
    """Two runs' episodes on the same tasks: how many non-trivial tasks the first solves and the second does not,
    and the other way round (the tasks both saw: the shorter list is a prefix of the longer)."""
    both = [(x, y) for x, y in zip(a, b) if x["optimum"] > 0]
    return {"tasks": len(both), "first_only": sum(x["success"] and not y["success"] for x, y in both),
            "second_only": sum(y["success"] and not x["success"] for x, y in both)}


def row(name, frames, distractors, runs, prefix):
    """One model and setting, its seeds' numbers and their spread; `on_first_tasks`: the same numbers on the first
    `prefix` tasks only (the pixel planner's), so every model can be read on the pixel planner's tasks too."""
    spread = lambda key, rs=runs: [r[key] for r in rs if r[key] is not None]
    mean = lambda key, rs=runs: float(np.mean(spread(key, rs))) if spread(key, rs) else None
    first = [summary_of(r["per_episode"][:prefix]) for r in runs]
    return {"model": name, "frames": frames, "distractors": distractors, "episodes": runs[0]["episodes"],
            "trivial_tasks": runs[0]["trivial_tasks"],
            **{key: mean(key) for key in ("success", "steps_over_optimal", "at_optimum", "ms_per_action")},
            "on_first_tasks": {"tasks": prefix, **{key: mean(key, first) for key in ("success", "steps_over_optimal")}},
            "seeds": len(runs), "per_seed": runs,
            "train_seconds_max": max((r.get("train_seconds") or 0 for r in runs), default=0) or None,
            "success_min": min(spread("success"), default=None), "success_max": max(spread("success"), default=None)}


def paired_counts(todo, scores):
    """Every learned model against the pixel model of the same frames, setting and seed, task by task on the
    pixel model's tasks: how many each solves that the other does not."""
    runs = {unit: result for unit, result in zip(todo, scores)}
    out = []
    for (name, frames, distractors, seed), result in runs.items():
        pixel = runs.get(("pixel", frames, distractors, seed))
        if name in LEARNED and name != "pixel" and pixel is not None:
            out.append({"model": name, "against": "pixel", "frames": frames, "distractors": distractors, "seed": seed,
                        **paired(result["per_episode"], pixel["per_episode"])})
    return out


def merge_base(path, settings):
    """The rows of an earlier plan.py file to merge into, read and checked before any planning: it must exist,
    be plan.py's, and have been made with the same settings."""
    if not os.path.exists(path):
        raise BadFile(f"--merge: {path} not found; run plan.py without --merge first, or name the file with --out")
    old = load_json(path, "python part4_planning/plan.py")
    rows = old.list("rows")
    if not all(isinstance(r, dict) and {"model", "frames", "distractors"} <= set(r) for r in rows):
        raise BadFile(f"{path}: its rows are not plan.py's rows")
    for key, value in settings.items():   # wall_seconds and jobs: this run's
        if rows and old[key] != value:
            raise BadFile(f"{path} was made with {key} {old[key]}, this run with {value}: cannot merge")
    return rows


def merged(results, old_rows):
    """This run's rows with the other models' rows of an earlier file (merge_base), in MODELS order, clean
    before dots, two frames before one."""
    old = {"rows": old_rows}
    ran = {r["model"] for r in results["rows"]}
    rows = [r for r in old["rows"] if r["model"] not in ran] + results["rows"]
    return sorted(rows, key=lambda r: (r["distractors"], MODELS.index(r["model"]), -r["frames"]))


def units(models, seeds):
    """Every (model, frames, distractors, seed) a run scores: the simulator and random actions once per setting
    (seed None), each learned model per frame count and trained seed."""
    out = []
    for distractors in (False, True):
        for name in models:
            if name in LEARNED:
                out += [(name, frames, distractors, seed) for frames in (2, 1) for seed in trained_seeds(name, frames, seeds)]
            else:
                out.append((name, 2 if name == "simulator" else 0, distractors, None))
    return out


def load_planner(unit, root, command=COMMAND):
    name, frames, distractors, seed = unit
    if name == "simulator":
        return Simulator()
    if name == "random":
        return RandomActions(stream_rng(0, "planning_random"))
    model, _ = load_world_model(root, name, frames, distractors, seed, command)
    return planner_for(model)


def ignore_interrupt():
    """A worker's start: Ctrl-C is the main process's to report, in one line."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def tree_bytes(horizon, models):
    """The largest array one plan allocates: the 3^H leaf states of the tree (a pixel model's are frames, two of
    64 x 64 float32 each; a JEPA's 128 floats; the simulator's 2), for check_memory."""
    per_state = 2 * 64 * 64 * 4 if "pixel" in models else 128 * 4 if set(models) & {"vicreg", "sigreg"} else 2 * 8
    return 3 ** horizon * per_state


def score_unit(unit, tasks, optimum, horizon, root, progress):
    """One model, frame count, setting and seed on the tasks, on one thread. Every unit draws its dots (and
    random actions) from the start of its stream, so its numbers do not depend on which other units ran."""
    torch.set_num_threads(1)
    name, frames, distractors, seed = unit
    observe = observer(stream_rng(0, "planning_dots") if distractors else None)
    desc = f"{name} {frames} frame(s) {'dots' if distractors else 'clean'}" + ("" if seed is None else f" seed {seed}")
    result = score(load_planner(unit, root), tasks, optimum, observe, horizon, desc if progress else None)
    if name in LEARNED:
        result["train_seconds"] = train_seconds(root + planning_checkpoint(name, frames, distractors, seed))
    return result


def train_seconds(checkpoint):
    """The training's wall time from the .timing.json train.py wrote beside the checkpoint (None if absent)."""
    path = beside(checkpoint, ".timing.json")
    return load_json(path, COMMAND)["train_time_s"] if os.path.exists(path) else None


def main(argv=None):
    p = ArgumentParser(prog="plan.py", description=__doc__.split("\n")[0])
    p.add_argument("--episodes", type=at_least(1), default=EPISODES, help="start/goal pairs per model and setting")
    p.add_argument("--pixel-episodes", type=at_least(1), default=PIXEL_EPISODES, help="the same for the pixel models")
    p.add_argument("--seeds", type=SEED, nargs="+", default=list(SEEDS), help="training seeds of the learned models")
    p.add_argument("--horizon", type=at_least(1), default=HORIZON, help="actions per plan (3^H sequences)")
    p.add_argument("--models", nargs="+", choices=MODELS, default=list(MODELS),
                   help="which models plan (the learned ones need run_planning.sh's checkpoints)")
    p.add_argument("--merge", action="store_true",
                   help="keep the rows of the other models from the existing --out file (to run models apart)")
    p.add_argument("--jobs", type=at_least(1), default=1,
                   help="models scored at once, one process and one thread each (the times stay per core); "
                        "at most the number of units and of cores")
    add_quick(p)
    p.add_argument("--out", help="results JSON (default results/planning.json, under runs/quick/ with --quick)")
    args = p.parse_args(argv)
    quick_sizes(args, episodes=3, pixel_episodes=2, seeds=[0], horizon=2)
    args.out = check_output(args.out or output("results/planning.json", args.quick), ".json")
    check_memory(tree_bytes(args.horizon, args.models), f"--horizon {args.horizon}")
    root = "runs/quick/" if args.quick else ""
    start = time.perf_counter()
    todo = units(args.models, args.seeds)
    check_jobs(args.jobs, len(todo))
    settings = {"horizon": args.horizon, "episodes": args.episodes, "pixel_episodes": args.pixel_episodes,
                "seeds": args.seeds}
    old_rows = merge_base(args.out, settings) if args.merge else None
    for unit in todo:
        load_planner(unit, root, hint(COMMAND, args))   # a missing or foreign checkpoint stops here, before any planning
    tasks = list(zip(*random_tasks(args.episodes, stream_rng(0, "planning_tasks"))))
    optimum = [optimal_steps(*task) for task in tasks]
    jobs = [(unit, *[x[:args.pixel_episodes] if unit[0] == "pixel" else x for x in (tasks, optimum)], args.horizon, root,
             args.jobs == 1) for unit in todo]
    if args.jobs == 1:
        scores = [score_unit(*job) for job in jobs]
    else:
        with multiprocessing.get_context("fork").Pool(args.jobs, initializer=ignore_interrupt) as pool:
            first = sorted(range(len(jobs)), key=lambda i: todo[i][:2] != ("pixel", 1))   # the longest units first
            pending = {i: pool.apply_async(score_unit, jobs[i]) for i in first}
            done = {i: pending[i].get() for i in tqdm(first, desc=f"plan ({args.jobs} jobs)")}
            scores = [done[i] for i in range(len(jobs))]
    by_row = {}
    for (name, frames, distractors, _), result in zip(todo, scores):
        by_row.setdefault((name, frames, distractors), []).append(result)
    rows = [row(*key, runs, args.pixel_episodes) for key, runs in by_row.items()]
    results = {**settings, "max_steps": MAX_STEPS, "paired": paired_counts(todo, scores), "optimal_steps": np.bincount(optimum).tolist(), "jobs": args.jobs,
               "wall_seconds": time.perf_counter() - start, "rows": rows}
    if args.merge:
        results["rows"] = merged(results, old_rows)
    save_json(results, args.out)
    for r in rows:
        over = "-" if r["steps_over_optimal"] is None else f"{r['steps_over_optimal']:.3f}"
        print(f"{r['model']:10s} {r['frames']} frame(s) {'dots ' if r['distractors'] else 'clean'}: success "
              f"{'-' if r['success'] is None else format(r['success'], '.3f')} over {r['episodes'] - r['trivial_tasks']} "
              f"non-trivial of {r['episodes']} episodes x {r['seeds']} seed(s), steps / optimal {over}, "
              f"{r['ms_per_action']:.2f} ms per action")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    run_main(main)
