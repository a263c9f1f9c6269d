"""How sure is the flow-matching sampler of the direction while the noise is still heavy? Its guess against the exact one.

    python part1_pixel/sampling/calibrate_sampler.py                  # article world -> results/sampler_calibration.json
    python part1_pixel/sampling/calibrate_sampler.py --world biased   # -> results/biased/sampler_calibration.json
    python part1_pixel/sampling/calibrate_sampler.py --quick          # smoke run into runs/quick/

A sample's direction is settled early in the flow (small s). There the network's clean guess x1_hat is,
for a perfect network, E[y | x, x_s] = q * right + (1 - q) * left with the exact posterior

    q = P(right | x, x_s),  log q / (1 - q) = logit P(right | x) + (|x_s - s left|^2 - |x_s - s right|^2) / (2 (1 - s)^2)

(x_s = s y + (1 - s) x0 is Gaussian around s y). The measurement, not the model, knows the two futures: it draws
x_s from the true next frames, reads the network's q_hat as the right share of its x1_hat
(common.smear.right_share) and reports, per column and s, the mean of q_hat - q (a lean the Euler sampler
carries into its samples) and the slope of q_hat on q (1 if the network weighs the evidence in x_s
fully, below 1 if it is less sure than it should be). At s = 0 itself (`at_noise`, every cell where both
directions occur) the exact q is P(right | x) whatever the noise, so the network's mean share there against
P(right | x) says whether the lean is already in its x1-prediction before any step is taken.
"""
import numpy as np
import torch

from cli import ArgumentParser, add_sampler_flags, at_least, in_world, output, run_main, sampler_checkpoint
from common.data import stream_rng
from common.files import load_run, save_json
from common.flow import flow_net, for_sampling
from common.oracle import both_directions, p_right
from common.smear import right_share
from common.world import FRAME_SIZE, futures, render_frames

TIMES = (0.02, 0.05, 0.1, 0.2, 0.3, 0.5)
CELL_STRIDE = 5        # every 5th cell where both directions occur
DRAWS = 1000           # x_s drawn per column and s


def parse_args(argv=None):
    p = ArgumentParser(prog="calibrate_sampler.py", description=__doc__.split("\n")[0])
    add_sampler_flags(p)
    p.add_argument("--draws", type=at_least(2), default=DRAWS, help="x_s drawn per column and s")
    p.add_argument("--out", help="results JSON (default results/[WORLD/]sampler_calibration.json)")
    args = p.parse_args(argv)
    if args.quick:
        args.draws = 16
    args.checkpoint = sampler_checkpoint(args)
    args.out = args.out or output(in_world("results/sampler_calibration.json", args.world), args.quick)
    return args


def exact_posterior(x_s, s, right, left, prior):
    """P(right | x, x_s) for x_s (n, 64, 64) at flow time s, between the futures right and left (64, 64)."""
    x_s = np.asarray(x_s, dtype=np.float64)
    evidence = (((x_s - s * left) ** 2).sum((1, 2)) - ((x_s - s * right) ** 2).sum((1, 2))) / (2 * (1 - s) ** 2)
    return 1 / (1 + np.exp(-(np.log(prior / (1 - prior)) + evidence)))


def calibrate_column(model, x, s, draws, rng, world):
    """q_hat against q at one column x and flow time s: mean gap, slope, and the spread of q."""
    prior = float(p_right(x, world))
    right, left = (f[0].astype(np.float64) for f in futures(np.array([x])))
    goes_right = rng.random(draws) < prior
    y = np.where(goes_right[:, None, None], right, left)
    x_s = s * y + (1 - s) * rng.standard_normal(y.shape)
    q = exact_posterior(x_s, s, right, left, prior)
    frames = torch.from_numpy(render_frames(np.full(draws, x))[:, None])
    with torch.no_grad():
        x1_hat = model(frames, torch.from_numpy(x_s[:, None]).float(), torch.full((draws,), float(s))).numpy()[:, 0]
    q_hat = right_share(x1_hat, np.full(draws, x))
    return {"x": x, "p_right": prior, "s": s, "exact_sd": float(q.std()), "mean_gap": float(q_hat.mean() - q.mean()),
            "slope": float(np.cov(q_hat, q)[0, 1] / q.var())}


def at_noise(model, draws, rng, world):
    """s = 0, where x_s is pure noise and says nothing of the future: the optimal x1-prediction is E[y | x]
    whatever the noise, the MSE model's target. Per cell where both directions occur (at its centre), the
    right share of the network's x1-prediction over `draws` noise draws: the mean against P(right | x) (root
    mean square over the cells with the draws' noise removed, and the slope of the mean on P), and the spread
    across draws (0 for the optimum)."""
    cells = np.flatnonzero(both_directions(np.arange(FRAME_SIZE) + 0.5, world))
    x, means, sds = cells + 0.5, [], []
    for xi in x:
        frames = torch.from_numpy(render_frames(np.full(draws, xi))[:, None])
        noise = torch.from_numpy(rng.standard_normal(frames.shape)).float()
        with torch.no_grad():
            x1_hat = model(frames, noise, torch.zeros(draws)).numpy()[:, 0]
        q_hat = right_share(x1_hat, np.full(draws, xi))
        means.append(q_hat.mean())
        sds.append(q_hat.std(ddof=1))
    p, means, sds = p_right(x, world), np.array(means), np.array(sds)
    squares = (means - p) ** 2 - sds ** 2 / draws
    return {"cells": cells.tolist(), "p_right": p.tolist(), "share_mean": means.tolist(), "share_sd": sds.tolist(),
            "rms_noise_corrected": float(np.sqrt(max(squares.mean(), 0.0))), "slope": float(np.polyfit(p, means, 1)[0]),
            "mean_sd": float(sds.mean()), "draws": draws}


def main(argv=None):
    args = parse_args(argv)
    model, config = load_run(args.checkpoint, flow_net, "python part1_pixel/train_sampler.py")
    model = for_sampling(model)
    cells = np.flatnonzero(both_directions(np.arange(FRAME_SIZE) + 0.5, args.world))
    cols = cells[::CELL_STRIDE * (4 if args.quick else 1)] + 0.5
    rng = stream_rng(args.seed, "sampler_calibration")
    rows = [calibrate_column(model, float(x), s, args.draws, rng, args.world) for s in TIMES for x in cols]
    summary = []
    for s in TIMES:
        at_s = [r for r in rows if r["s"] == s]
        lean = [r["mean_gap"] * np.sign(r["p_right"] - 0.5) for r in at_s if abs(r["p_right"] - 0.5) > 0.1]
        summary.append({"s": s, "exact_sd": float(np.mean([r["exact_sd"] for r in at_s])),
                        "slope": float(np.mean([r["slope"] for r in at_s])),
                        "mean_abs_gap": float(np.mean([abs(r["mean_gap"]) for r in at_s])),
                        "lean_to_likelier": float(np.mean(lean)) if lean else None})
        print(f"s = {s:4.2f}: exact posterior sd {summary[-1]['exact_sd']:.3f}, slope of the network's on it "
              f"{summary[-1]['slope']:.2f}, mean |gap| {summary[-1]['mean_abs_gap']:.3f}"
              + (f", lean to the likelier future {summary[-1]['lean_to_likelier']:+.3f}" if lean else ""))
    zero = at_noise(model, args.draws, rng, args.world)   # drawn after the rows: their numbers do not move
    print(f"s = 0: the x1-prediction's right share, mean over {args.draws} noise draws, against P(right | x) over "
          f"{len(zero['cells'])} cells: RMS {zero['rms_noise_corrected']:.3f} (noise removed), slope {zero['slope']:.2f}; "
          f"spread across draws {zero['mean_sd']:.3f} (0 for the optimum)")
    save_json({"world": args.world.name, "checkpoint": args.checkpoint, "checkpoint_config": config,
               "draws": args.draws, "seed": args.seed, "columns": cols.tolist(), "summary": summary, "rows": rows,
               "at_noise": zero}, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    run_main(main)
