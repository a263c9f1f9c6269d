"""Does each ghost's brightness follow the data's bias? Measured over seeds in both worlds.

The right-ghost share of trained MSE models against P(right | x), column by column, in both worlds and
over several training seeds.

The article says "the brightness ratio reflects the training data's bias for that specific input
position". In the article's world that bias is at most 2.2 points mid-frame; in the biased world
P(right | x) runs from 0.12 to 0.88. For each world and seed: r, least-squares slope and largest gap of
the model's share against P(right | x) over the columns where both directions occur, and MSE / floor.
Writes results/brightness.json; fig_brightness.py draws it.

    python part1_pixel/bias/measure_brightness.py      # needs the checkpoints that run_all.sh trains:
        # train.py --world W --seed S --out checkpoints[/biased]/pixel-seedS.pt (seed 0: pixel.pt)
"""
import os

import numpy as np

from cli import SEED, ArgumentParser, add_paths, add_quick, run_main, world_path
from common.files import beside, load_json, load_run, save_json
from common.models import pixel_predictor
from common.smear import right_share, share_vs_data, visited
from common.training import predict
from common.world import ARTICLE, WORLDS, render_frames


def checkpoint(root, world, seed, quick):
    """Where run_all.sh puts the model of this world and seed: ROOT[/WORLD]/pixel[-seedS].pt."""
    return world_path(os.path.join(root, "pixel.pt" if seed == 0 else f"pixel-seed{seed}.pt"), world, quick)


def summary(values):
    return {"mean": float(np.mean(values)), "std": float(np.std(values)), "min": float(np.min(values)),
            "max": float(np.max(values))}


def main(argv=None):
    p = ArgumentParser(prog="measure_brightness.py", description=__doc__.split("\n")[0])
    p.add_argument("--seeds", type=SEED, nargs="+", default=[0, 1, 2], help="training seeds to read")
    p.add_argument("--checkpoints", default="checkpoints", help="folder of the checkpoints (see checkpoint())")
    add_quick(p)
    p.set_defaults(world=ARTICLE)
    add_paths(p, out="results/brightness.json")
    args = p.parse_args(argv)
    worlds = {}
    for world in WORLDS.values():
        runs = []
        for seed in args.seeds:
            path = checkpoint(args.checkpoints, world, seed, args.quick)
            command = f"python part1_pixel/train.py --world {world.name} --seed {seed} --out {path}"
            model, config = load_run(path, pixel_predictor, command + (" --quick" if args.quick else ""),
                                     expect={"world": world.name, "seed": seed})
            heldout = load_json(beside(path, ".json"), command)["heldout"]   # train.py's own held-out evaluation
            x = visited(world)
            shares = share_vs_data(x, right_share(predict(model, render_frames(x), "cpu"), x), world)
            runs.append({"seed": seed, "checkpoint": path, "pairs_seen": config["steps"] * config["batch_size"],
                         "ratio_to_bayes": heldout["ratio_to_bayes"], **shares})
            print(f"{world.name:8s} seed {seed}: MSE / floor {runs[-1]['ratio_to_bayes']:.3f}; where both directions "
                  f"occur, share vs P(right|x): r = {shares['corr_ambiguous']:.3f}, slope {shares['slope_ambiguous']:.2f}, "
                  f"largest gap {shares['max_abs_diff_ambiguous']:.3f}")
        both = [p for p in runs[0]["p_right"] if 0 < p < 1]
        worlds[world.name] = {"bayes_floor": heldout["bayes_floor"], "p_right_range_both_directions": [min(both), max(both)],
                              "runs": runs, **{key: summary([r[key] for r in runs]) for key in
                                               ("ratio_to_bayes", "corr_ambiguous", "slope_ambiguous",
                                                "max_abs_diff_ambiguous")}}
    save_json({"seeds": args.seeds, "worlds": worlds}, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    run_main(main)
