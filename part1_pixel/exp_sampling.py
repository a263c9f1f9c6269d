"""Claim: sampling side-steps the blur. A model that draws futures draws sharp balls, in the right proportions.

Trains a MixturePredictor (two hypotheses and a learned prior; see common/sampling.py for why this
model) with the default recipe, refits its prior on fresh pairs, then measures against the exact world:
  (a) sharpness: each sample's MSE to the nearer of the two possible next frames, vs the same for the
      MSE model's output (checkpoints/pixel.pt);
  (b) proportions: at several columns x, the share of samples that go right vs the data's P(right | x);
  (c) the mean of many samples vs the exact E[y|x].
Writes checkpoints/mixture.pt and results/sampling.json; part1_pixel/fig_sampling.py draws one input.

    python part1_pixel/exp_sampling.py [--steps 6000] [--samples 4000]
"""
import time

import numpy as np
import torch

from common.device import DEVICES
from common.models import MixturePredictor, count_parameters
from common.oracle import conditional_mean, p_right
from common.sampling import PRIOR_PAIRS, draw_samples, fit_prior, mixture_loss, nearest_future, right_probability
from common.training import evaluate, make_heldout, predict, train
from common.world import FRAME_SIZE, render_frames
from part1_pixel import train as defaults
from part1_pixel.cli import (
    DEFAULT_CHECKPOINT,
    ArgumentParser,
    UsageError,
    at_least,
    load_model,
    prepare_dir,
    resolve_device,
    run_main,
    save_json,
    save_torch,
)

PROBE_COLUMNS = (10.5, 14.5, 18.5, 22.5, 26.5, 30.5, 33.5, 37.5, 41.5, 45.5, 49.5, 53.5)
SHARPNESS_INPUTS = 1024
HYPOTHESES = 2


def main(argv=None):
    p = ArgumentParser(prog="exp_sampling.py", description=__doc__.split("\n")[0])
    p.add_argument("--steps", type=int, default=defaults.STEPS, help="training steps")
    p.add_argument("--samples", type=int, default=4000, help="samples drawn at each probe column")
    p.add_argument("--prior-pairs", type=int, default=PRIOR_PAIRS,
                   help="fresh pairs on which the prior is refitted after training (0: keep the trained prior)")
    p.add_argument("--seed", type=at_least(0), default=defaults.SEED, help="seed of training and sampling")
    p.add_argument("--device", default="auto", help=f"one of {', '.join(DEVICES)}")
    p.add_argument("--pixel-checkpoint", default=DEFAULT_CHECKPOINT, help="the MSE model to compare with")
    p.add_argument("--checkpoint", default="checkpoints/mixture.pt", help="where to save the sampling model")
    p.add_argument("--out", default="results/sampling.json", help="JSON with the measurements")
    args = p.parse_args(argv)
    if args.steps < 1 or args.samples < 1 or args.prior_pairs < 0:
        raise UsageError("--steps and --samples must be at least 1, --prior-pairs at least 0")
    device = resolve_device(args.device)
    mse_model, _ = load_model(args.pixel_checkpoint)
    prepare_dir(args.out)
    prepare_dir(args.checkpoint)

    heldout = make_heldout()
    torch.manual_seed(args.seed)
    model = MixturePredictor(HYPOTHESES)
    start = time.perf_counter()
    train_s = train(model, device, heldout, steps=args.steps, seed=args.seed, loss_fn=mixture_loss, eval_points=0,
                    **defaults.RECIPE)["train_time_s"]
    prior_fit = fit_prior(model, device, args.seed, pairs=args.prior_pairs) if args.prior_pairs else None
    wall = time.perf_counter() - start
    if prior_fit:
        print(f"prior refitted on {args.prior_pairs} fresh pairs: cross-entropy {prior_fit[0]:.4f} -> {prior_fit[1]:.4f}")
    model = model.cpu()
    save_torch({"model": model.state_dict(), "config": {"hypotheses": HYPOTHESES, "steps": args.steps}}, args.checkpoint)
    rng = np.random.default_rng(args.seed)

    # (a) sharpness on held-out inputs: one sample each, vs the MSE model's single output.
    x, frames = heldout["x_t"][:SHARPNESS_INPUTS], heldout["frames_t"][:SHARPNESS_INPUTS]
    sample_err, _ = nearest_future(draw_samples(model, frames, 1, rng), x)
    mse_err, _ = nearest_future(predict(mse_model, frames, "cpu")[:, None], x)
    mid = (p_right(x) > 0) & (p_right(x) < 1)
    sharpness = {"sample_to_nearest_future": float(sample_err.mean()), "mse_output_to_nearest_future": float(mse_err.mean()),
                 "sample_mid_frame": float(sample_err[mid].mean()), "mse_output_mid_frame": float(mse_err[mid].mean())}

    # (b) proportions and (c) the mean of the samples, at each probe column.
    probes = []
    for column in PROBE_COLUMNS:
        samples = draw_samples(model, render_frames(np.array([column])), args.samples, rng)[0]
        _, went_right = nearest_future(samples[None], np.array([column]))
        oracle = conditional_mean(column)
        probes.append({"x": column, "p_right": float(p_right(column)), "share_right": float(went_right.mean()),
                       "mean_to_oracle": float(np.mean((samples.mean(0) - oracle) ** 2)),
                       "mse_model_to_oracle": float(np.mean((predict(mse_model, render_frames(np.array([column])), "cpu")[0] - oracle) ** 2))})
    gaps = [abs(r["share_right"] - r["p_right"]) for r in probes]
    # (b) without sampling noise: the probability that a sample goes right, from the prior, at every column.
    cells = np.arange(FRAME_SIZE) + 0.5
    cells = cells[~np.isnan(p_right(cells))]
    exact = right_probability(model, cells)
    every_column = {"x": cells.tolist(), "p_right": p_right(cells).tolist(), "sample_right": exact.tolist(),
                    "max_gap": float(np.abs(exact - p_right(cells)).max())}
    result = {"hypotheses": HYPOTHESES, "parameters": count_parameters(model), "steps": args.steps, "wall_s": wall, "train_s": train_s,
              "prior_pairs": args.prior_pairs, "prior_cross_entropy": prior_fit,
              "samples_per_probe": args.samples, "point_estimate": evaluate(model, heldout, "cpu"),
              "sharpness": sharpness, "probes": probes, "max_share_gap": max(gaps),
              "every_column": every_column}
    save_json(result, args.out)
    print(f"(a) MSE to the nearer true future: sample {sharpness['sample_to_nearest_future']:.5f}, "
          f"MSE model output {sharpness['mse_output_to_nearest_future']:.5f}")
    print(f"(b) share of samples going right vs data P(right|x): largest gap {max(gaps):.3f} over {len(probes)} columns; "
          f"P(sample goes right) from the prior: largest gap {every_column['max_gap']:.3f} over all {len(cells)} columns")
    print(f"(c) mean of {args.samples} samples to E[y|x]: "
          f"{np.mean([r['mean_to_oracle'] for r in probes]):.5f} (MSE model: {np.mean([r['mse_model_to_oracle'] for r in probes]):.5f})")
    print(f"wrote {args.checkpoint} and {args.out}")


if __name__ == "__main__":
    run_main(main)
