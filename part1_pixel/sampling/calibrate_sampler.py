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
import itertools

import numpy as np
import torch

from cli import (
    ArgumentParser,
    add_sampler_flags,
    at_least,
    check_memory,
    check_output,
    hint,
    in_world,
    output,
    quick_sizes,
    run_main,
    sampler_checkpoint,
)
from common.data import copies, stream_rng
from common.files import load_run, save_json
from common.flow import GRID_POWER, NFE, flow_net, flow_step, for_sampling, time_grid, velocity
from common.oracle import both_directions, p_right
from common.smear import nearest_future, one_ball, right_share, share_error
from common.world import FRAME_SIZE, futures, render_frames

TIMES = (0.02, 0.05, 0.1, 0.2, 0.3, 0.5)
CELL_STRIDE = 5        # every 5th cell where both directions occur
DRAWS = 1000           # x_s drawn per column and s
PATH_DRAWS = 400       # noise draws per cell along the network sampler's own path
EXACT_PATH_DRAWS = 2500   # the same for the exact x1-prediction (no network: cheap), the samplers' table's count
STOCHASTIC_ETA = 1.0   # the stochastic sampler's eta along its path (1: DDPM's ancestral sampling)


def parse_args(argv=None):
    p = ArgumentParser(prog="calibrate_sampler.py", description=__doc__.split("\n")[0])
    add_sampler_flags(p)
    p.add_argument("--draws", type=at_least(2), default=DRAWS, help="x_s drawn per column and s")
    p.add_argument("--path-draws", type=at_least(2), default=PATH_DRAWS,
                   help="noise draws per cell along the network sampler's own path")
    p.add_argument("--exact-path-draws", type=at_least(2), default=EXACT_PATH_DRAWS,
                   help="the same for the exact x1-prediction in the network's place (the samplers' table's rows)")
    p.add_argument("--out", help="results JSON (default results/[WORLD/]sampler_calibration.json)")
    args = p.parse_args(argv)
    quick_sizes(args, draws=16, path_draws=8, exact_path_draws=8)
    args.checkpoint = sampler_checkpoint(args)
    args.out = check_output(args.out or output(in_world("results/sampler_calibration.json", args.world), args.quick),
                            ".json")
    check_memory(max(args.draws, args.path_draws, args.exact_path_draws) * 64 * 64 * 8 * 4,
                 "--draws / --path-draws / --exact-path-draws")   # x_s and its futures
    return args


def exact_posterior(x_s, s, right, left, prior):
    """P(right | x, x_s) for x_s (n, 64, 64) at flow time s, between the futures right and left (64, 64)."""
    x_s = np.asarray(x_s, dtype=np.float64)
    evidence = (((x_s - s * left) ** 2).sum((1, 2)) - ((x_s - s * right) ** 2).sum((1, 2))) / (2 * (1 - s) ** 2)
    with np.errstate(over="ignore"):   # exp(large) = inf gives the right limit, 0
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


def along_path(model, draws, rng, world, nfe=NFE, power=GRID_POWER, eta=0.0, stride=1):
    """The sampler's own path (NFE steps on time_grid(nfe, power), stochastic if eta > 0: euler_sample), per cell where both directions occur
    (at its centre), `draws` noise draws each: at every grid time s before the last, the right share q_hat of
    the network's x1-prediction and the exact posterior q = P(right | x, x_s) of the same x_s; at the end, the
    right share of the finished samples (valid single balls). If the network were exact, the mean of q over
    the draws would stay P(right | x) at every s in the limit of small steps (and so would q_hat's): where the
    means leave P(right | x), and which way, says where the sampler's lean enters. model None: the exact
    x1-prediction E[y | x, x_s] = q right + (1 - q) left in the network's place, the sampler a perfect network
    would be on the same grid. stride: every stride-th of those cells (a --quick run's 4)."""
    cells = np.flatnonzero(both_directions(np.arange(FRAME_SIZE) + 0.5, world))[::stride]
    grid = time_grid(nfe, power)
    q_hat, q, final = np.zeros((len(cells), nfe)), np.zeros((len(cells), nfe)), np.zeros(len(cells))
    for c, xi in enumerate(cells + 0.5):
        prior, columns = float(p_right(xi, world)), np.full(draws, xi)
        right, left = (f[0].astype(np.float64) for f in futures(np.array([xi])))
        frames = torch.from_numpy(render_frames(columns)[:, None])
        x_s = torch.from_numpy(rng.standard_normal(frames.shape)).float()
        generator = torch.Generator().manual_seed(int(rng.integers(2 ** 32)))   # the stochastic steps' noise
        for k, (s, s_next) in enumerate(itertools.pairwise(grid)):
            exact = exact_posterior(x_s[:, 0].numpy(), s, right, left, prior)
            if model is None:
                x1_hat = torch.from_numpy((exact[:, None, None] * right + (1 - exact[:, None, None]) * left)[:, None])
                v = (x1_hat.float() - x_s) / (1 - s)
            else:
                with torch.no_grad():
                    v = velocity(model, frames, x_s, float(s))
            q_hat[c, k] = right_share((x_s + (1 - s) * v)[:, 0].numpy(), columns).mean()
            q[c, k] = exact.mean()
            x_s = flow_step(x_s, v, float(s), float(s_next), eta, generator)
        samples = x_s[:, 0].numpy().astype(np.float64)[:, None]
        _, side = nearest_future(samples, columns)
        counted = one_ball(samples, columns)[:, 0] & (side[:, 0] != 0)
        final[c] = np.mean(side[counted, 0] == 1) if counted.any() else np.nan   # no valid sample: no share
    p = p_right(cells + 0.5, world)
    likelier = np.abs(p - 0.5) > 0.1
    steps = [{"s": float(s), "network_slope": float(np.polyfit(p, q_hat[:, k], 1)[0]),
              "exact_slope": float(np.polyfit(p, q[:, k], 1)[0]),
              "network_minus_exact_rms": float(np.sqrt(np.mean((q_hat[:, k] - q[:, k]) ** 2))),
              "exact_minus_p_rms": float(np.sqrt(np.mean((q[:, k] - p) ** 2))),
              "lean_to_likelier": float(np.mean(((q_hat[:, k] - q[:, k]) * np.sign(p - 0.5))[likelier]))
              if likelier.any() else None}
             for k, s in enumerate(grid[:-1])]
    return {"nfe": nfe, "grid_power": power, "eta": eta, "draws": draws, "cells": cells.tolist(), "p_right": p.tolist(),
            "network_share": q_hat.tolist(), "exact_posterior": q.tolist(),
            "sample_right": [None if np.isnan(f) else float(f) for f in final], **share_fit(final, p, draws), "steps": steps}


def share_fit(share, p, n):
    """The samples' right share (cells,) against P(right | x): the slope, and the root mean square gap with the
    binomial noise of n samples removed, over the cells that have a share (None if fewer than two)."""
    ok = ~np.isnan(share)
    if ok.sum() < 2:
        return {"sample_slope": None, "sample_rms_noise_corrected": None}
    rms, slope = share_error(share[ok], p[ok], n)
    return {"sample_slope": slope, "sample_rms_noise_corrected": rms}


def main(argv=None):
    args = parse_args(argv)
    model, config = load_run(args.checkpoint, flow_net, hint("python part1_pixel/train_sampler.py", args),
                             expect={"world": args.world.name})
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
    same = copies(rng, 4)   # drawn last, too; one seed for the four paths (the exact sampler takes more draws)
    stride = 4 if args.quick else 1
    path = along_path(model, args.path_draws, same[0], args.world, stride=stride)
    path["exact_sampler"] = along_path(None, args.exact_path_draws, same[1], args.world, stride=stride)
    stochastic = {who: along_path(net, draws, noise, args.world, eta=STOCHASTIC_ETA, stride=stride)
                  for (who, net, draws), noise in zip((("network", model, args.path_draws),
                                                       ("exact_sampler", None, args.exact_path_draws)), same[2:])}
    for row in path["steps"]:
        print(f"path s = {row['s']:.3f}: network share slope on P {row['network_slope']:.2f}, exact posterior's "
              f"{row['exact_slope']:.2f}; RMS network - exact {row['network_minus_exact_rms']:.3f}, exact - P "
              f"{row['exact_minus_p_rms']:.3f}" + (f", lean to the likelier future {row['lean_to_likelier']:+.3f}"
                                                   if row["lean_to_likelier"] is not None else ""))
    for name, run in (("the network's", path), ("an exact x1-prediction's", path["exact_sampler"]),
                      (f"the network's, stochastic (eta {STOCHASTIC_ETA:g})", stochastic["network"]),
                      (f"an exact x1-prediction's, stochastic (eta {STOCHASTIC_ETA:g})", stochastic["exact_sampler"])):
        if run["sample_slope"] is not None:
            print(f"path end, {name} samples: right share against P(right | x) RMS "
                  f"{run['sample_rms_noise_corrected']:.3f} (noise removed), slope {run['sample_slope']:.2f}")
    save_json({"world": args.world.name, "checkpoint": args.checkpoint, "checkpoint_config": config,
               "draws": args.draws, "seed": args.seed, "columns": cols.tolist(), "summary": summary, "rows": rows,
               "at_noise": zero, "along_path": path, "along_stochastic_path": stochastic}, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    run_main(main)
