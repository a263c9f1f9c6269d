"""Measure the predictors trained with each loss: MSE cost, sharpness, and which future they draw.

    python part1_pixel/losses/measure_losses.py            # reads checkpoints/losses/, writes results/losses.json
    python part1_pixel/losses/measure_losses.py --quick    # reads and writes under runs/quick/

For every checkpoint checkpoints/losses/WORLD/LOSS-seedS.pt (run_losses.sh trains them):
  held-out MSE and MSE / Bayes floor on the world's held-out pairs (common.data.make_heldout), as the training
                 script's common.training.evaluate wrote it beside the checkpoint (checked to be the same pairs);
  on a grid of columns 0.1 px apart where both directions occur (0 < P(right|x) < 1):
    sharpness      MSE to the nearer of the two true next frames (0 = one sharp ball; E[y|x] is given as a reference),
    smear          the weight of the fainter ghost (0 = one sharp ball, 0.5 = two equal ghosts),
    right share    the fitted share of the output's ghost brightness on the right-moving future, per unit cell,
                   against the data's P(right|x) (common.smear.share_vs_data),
    likelier share the share on the right future where P(right|x) >= 0.7 and on the left where <= 0.3;
  for an adversarial run, also its game from the metrics beside it: the discriminator's and predictor's losses
  over training and the held-out MSE curve.
Training times go to results/losses.timing.json (not committed), never into results/losses.json.
"""
import os

import numpy as np
import torch
from tqdm import tqdm

from cli import SEED, ArgumentParser, add_quick, check_output, hint, run_main
from common.data import heldout_pairs, make_heldout
from common.files import BadFile, beside, load_json, load_run, save_json
from common.losses import gradient_difference
from common.models import pixel_predictor
from common.oracle import both_directions, conditional_mean, mse, p_right
from common.smear import POSITIONS, likelier_share, nearest_future, right_share, share_vs_data, smear
from common.training import predict
from common.world import WORLDS, futures, render_frames

LOSS_NAMES = ("mse", "l1", "gdl", "adversarial")
SEEDS = (0, 1)
CHECKPOINTS = "checkpoints/losses"
OUT = "results/losses.json"
COMMAND = "bash run_losses.sh"


def parse_args(argv=None):
    p = ArgumentParser(prog="measure_losses.py", description=__doc__.split("\n")[0])
    p.add_argument("--checkpoints", default=None, help=f"folder of WORLD/LOSS-seedS.pt (default {CHECKPOINTS})")
    p.add_argument("--losses", nargs="+", choices=LOSS_NAMES, default=list(LOSS_NAMES), help="losses to measure")
    p.add_argument("--worlds", nargs="+", choices=sorted(WORLDS), default=["article", "biased"], help="worlds to measure")
    p.add_argument("--seeds", nargs="+", type=SEED, default=list(SEEDS), help="seeds to measure")
    p.add_argument("--out", default=None, help=f"results JSON (default {OUT})")
    p.add_argument("--add", action="store_true",
                   help="add these (world, loss) entries to the existing --out JSON instead of starting a new one")
    add_quick(p)
    args = p.parse_args(argv)
    root = "runs/quick/" if args.quick else ""
    args.checkpoints = args.checkpoints or root + CHECKPOINTS
    args.out = check_output(args.out or root + OUT, ".json")
    return args


def grid(world):
    """Columns 0.1 px apart where both directions occur in `world`, with their frames and P(right|x)."""
    x = POSITIONS[both_directions(POSITIONS, world)]
    return x, render_frames(x)[:, None], p_right(x, world)


def readouts(pred, x, world):
    """Sharpness, smear and direction read-outs of predictions `pred` (n, 64, 64) at columns x."""
    shares = right_share(pred, x)
    near, _ = nearest_future(pred[:, None], x)
    return {"sharpness": float(near.mean()), "smear": float(smear(pred, x).mean()),
            "likelier": likelier_share(x, shares, world), "share_vs_data": share_vs_data(x, shares, world)}


def gdl_scale(heldout, world):
    """The size of the two terms of MSE + lambda * GDL on the held-out pairs, for the blurred optimum E[y|x] and for
    the sharp frame of the likelier future: the numbers behind the choice of LAMBDA_GDL (docs/losses.md)."""
    right, left = futures(heldout["col_t"])
    likelier = np.where((p_right(heldout["col_t"], world) >= 0.5)[:, None, None], right, left)
    target = torch.from_numpy(heldout["x_next"])[:, None]
    return {name: {"mse": mse(frames, heldout["x_next"]),
                   "gdl": float(gradient_difference(torch.from_numpy(frames)[:, None], target))}
            for name, frames in (("E[y|x]", heldout["oracle"]), ("likelier_future", likelier))}


def main(argv=None):
    args = parse_args(argv)
    runs = load_json(args.out, "measure_losses.py")["runs"] if args.add else {}
    timing_path = beside(args.out, ".timing.json")   # wall times, not committed: may be missing in a clone
    timing = load_json(timing_path, "measure_losses.py") if args.add and os.path.exists(timing_path) else {}
    for world_name in args.worlds:
        world = WORLDS[world_name]
        heldout, (x, frames, _) = make_heldout(heldout_pairs(args.quick), world=world), grid(world)
        reference = readouts(conditional_mean(x, world), x, world)   # what the exact E[y|x] scores
        runs[world_name] = {"oracle_E[y|x]": reference, "gdl_scale": gdl_scale(heldout, world),
                            "losses": runs.get(world_name, {}).get("losses", {})}
        for loss in tqdm(args.losses, desc=f"measure {world_name}", leave=False):
            per_seed = {}
            for seed in args.seeds:
                path = os.path.join(args.checkpoints, world_name, f"{loss}-seed{seed}.pt")
                model, config = load_run(path, pixel_predictor, hint(COMMAND, args),
                                         expect={"world": world_name, "seed": seed})
                # The training scripts end with common.training.evaluate on this same held-out set; read it there.
                metrics = load_json(beside(path, ".json"), COMMAND)
                if metrics["heldout"]["bayes_floor"] != heldout["bayes_floor"]:
                    raise BadFile(f"{beside(path, '.json')} was evaluated on other held-out pairs; retrain with {COMMAND}")
                per_seed[str(seed)] = {"heldout": metrics["heldout"], "steps": config["steps"],
                                       **readouts(predict(model, frames, "cpu"), x, world)}
                if "loss_d" in metrics:   # an adversarial run: how the game went, from its training record
                    per_seed[str(seed)]["game"] = game(metrics)
                if os.path.exists(beside(path, ".timing.json")):
                    timing[f"{world_name}/{loss}-seed{seed}"] = load_json(beside(path, ".timing.json"), COMMAND)
            runs[world_name]["losses"][loss] = {"seeds": per_seed, "mean_over_seeds": summary(per_seed)}
    runs = {name: runs[name] for name in sorted(runs)}
    save_json({"checkpoints": args.checkpoints, "seeds": args.seeds, "grid_step_px": 0.1, "runs": runs}, args.out)
    if timing:
        save_json(timing, beside(args.out, ".timing.json"))
    print_table(runs)
    for world_name, run in runs.items():
        scale = run["gdl_scale"]
        print(f"{world_name}: MSE / GDL of E[y|x] {scale['E[y|x]']['mse']:.5f} / {scale['E[y|x]']['gdl']:.5f}, "
              f"of the likelier future {scale['likelier_future']['mse']:.5f} / {scale['likelier_future']['gdl']:.5f}")
    print(f"wrote {args.out}" + (f" and {beside(args.out, '.timing.json')}" if timing else ""))


def game(metrics, windows=10):
    """The adversarial game from a run's metrics: the discriminator's and the predictor's losses averaged over
    `windows` equal stretches of training (ln 4 = 1.386 for D: it cannot tell real from predicted), the last 50
    steps as the script printed them, and the held-out MSE curve."""
    curves = {key: [float(np.mean(part)) for part in np.array_split(np.asarray(metrics[key]), windows)]
              for key in ("loss_d", "loss_g")}
    return {"loss_d_by_tenth": curves["loss_d"], "loss_g_by_tenth": curves["loss_g"],
            "final_loss_d": metrics["final_loss_d"], "final_loss_g": metrics["final_loss_g"],
            "heldout_curve": metrics["heldout_curve"]}


def summary(per_seed):
    """Means over seeds of the numbers docs/losses.md quotes."""
    def mean(get):
        values = [get(r) for r in per_seed.values()]
        return None if any(v is None for v in values) else float(np.mean(values))
    return {"ratio_to_bayes": mean(lambda r: r["heldout"]["ratio_to_bayes"]), "sharpness": mean(lambda r: r["sharpness"]),
            "smear": mean(lambda r: r["smear"]),
            "right_where_p_high": mean(lambda r: r["likelier"]["right_where_p_high"]),
            "left_where_p_low": mean(lambda r: r["likelier"]["left_where_p_low"]),
            "slope_ambiguous": mean(lambda r: r["share_vs_data"]["slope_ambiguous"]),
            "corr_ambiguous": mean(lambda r: r["share_vs_data"]["corr_ambiguous"])}


def print_table(runs):
    def fmt(v):
        return "   -  " if v is None else f"{v:6.3f}"
    print(f"\n{'world':8s} {'loss':12s} {'MSE/floor':>9s} {'sharpness':>9s} {'smear':>6s} {'R|p>=.7':>7s} "
          f"{'L|p<=.3':>7s} {'slope':>6s}")
    for world_name, run in runs.items():
        ref = run["oracle_E[y|x]"]
        print(f"{world_name:8s} {'E[y|x]':12s} {'1.000':>9s} {ref['sharpness']:9.5f} {ref['smear']:6.3f} "
              f"{fmt(ref['likelier']['right_where_p_high'])} {fmt(ref['likelier']['left_where_p_low'])} "
              f"{ref['share_vs_data']['slope_ambiguous']:6.3f}")
        for loss, r in run["losses"].items():
            m = r["mean_over_seeds"]
            print(f"{world_name:8s} {loss:12s} {m['ratio_to_bayes']:9.3f} {m['sharpness']:9.5f} {m['smear']:6.3f} "
                  f"{fmt(m['right_where_p_high'])} {fmt(m['left_where_p_low'])} {m['slope_ambiguous']:6.3f}")


if __name__ == "__main__":
    run_main(main)
