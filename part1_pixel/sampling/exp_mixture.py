"""Sampling from a K-component mixture, the baseline that is told how many futures there are.

Trains a MixturePredictor (K hypotheses and a learned prior; see common/mixture.py) with the default
recipe, refits its prior on fresh pairs, then measures against the exact world:
  (a) sharpness: each sample's MSE to the nearer of the two possible next frames, vs the same for the
      MSE model's output;
  (b) proportions: P(a sample goes right) at every column vs the data's P(right | x), before and after the
      prior's refit, and the share of drawn samples going right at a few probe columns;
  (c) the mean of many samples vs the exact E[y|x];
  (d) how the K hypotheses are used: the prior's average mass on each, and which future each is nearer to.
Writes checkpoints/mixture.pt and results/mixture.json (K = 2); with --world biased, the same under
checkpoints/biased/ and results/biased/. With --hypotheses 4 it writes checkpoints/mixture_k4.pt and
writes results/mixture_k4.json.

    python part1_pixel/sampling/exp_mixture.py                     # K = 2, the default recipe
    python part1_pixel/sampling/exp_mixture.py --hypotheses 4
    python part1_pixel/sampling/exp_mixture.py --world biased      # -> results/biased/mixture.json
    python part1_pixel/sampling/exp_mixture.py --quick             # smoke run into runs/quick/
"""
import numpy as np
import torch

from cli import (
    ArgumentParser,
    add_device,
    add_paths,
    add_quick,
    add_seed,
    add_world,
    at_least,
    check_memory,
    check_output,
    default_path,
    hint,
    quick_sizes,
    resolve_device,
    run_main,
)
from common.data import heldout_pairs, make_heldout, stream_rng
from common.files import beside, load_run, save_json, save_run
from common.losses import mixture_loss
from common.mixture import PRIOR_PAIRS, draw_samples, fit_prior, hypotheses_and_prior, right_probability
from common.models import MixturePredictor, count_parameters, pixel_predictor
from common.oracle import both_directions, conditional_mean, mse, p_right
from common.smear import nearest_future
from common.training import STEPS, evaluate, predict, train
from common.world import FRAME_SIZE, render_frames

PROBE_COLUMNS = (10.5, 14.5, 18.5, 22.5, 26.5, 30.5, 33.5, 37.5, 41.5, 45.5, 49.5, 53.5)
SHARPNESS_INPUTS = 1024
QUICK = {"steps": 20, "samples": 20, "prior_pairs": 512}


def parse_args(argv=None):
    p = ArgumentParser(prog="exp_mixture.py", description=__doc__.split("\n")[0])
    p.add_argument("--hypotheses", type=at_least(2), default=2, help="K, the number of hypotheses")
    p.add_argument("--steps", type=at_least(1), default=STEPS, help="training steps")
    p.add_argument("--samples", type=at_least(1), default=4000, help="samples drawn at each probe column")
    p.add_argument("--prior-pairs", type=at_least(0), default=PRIOR_PAIRS,
                   help="fresh pairs on which the prior is refitted after training (0: keep the trained prior)")
    add_world(p)
    add_seed(p)
    add_device(p)
    add_quick(p)
    add_paths(p, pixel_checkpoint="checkpoints/pixel.pt")
    p.add_argument("--checkpoint", help="where the mixture goes (default checkpoints/mixture.pt, or mixture_kK.pt)")
    p.add_argument("--out", help="the measurements (default results/mixture.json, or mixture_kK.json)")
    args = p.parse_args(argv)
    suffix = "" if args.hypotheses == 2 else f"_k{args.hypotheses}"
    args.checkpoint = check_output(args.checkpoint or default_path(f"checkpoints/mixture{suffix}.pt", args), ".pt",
                                   "--checkpoint")
    args.out = check_output(args.out or default_path(f"results/mixture{suffix}.json", args), ".json")
    quick_sizes(args, **QUICK)
    check_memory(args.samples * FRAME_SIZE * FRAME_SIZE * 4 * 4, "--samples")
    check_memory(args.prior_pairs * (1024 + 64 * args.hypotheses), "--prior-pairs x --hypotheses")   # per pair: its scores
    check_memory(args.hypotheses * FRAME_SIZE * FRAME_SIZE * 4 * 16 * 4, "--hypotheses")   # K frames per pair of a batch
    return args


def every_column(model, world):
    """P(a sample goes right) from the prior at the centre of every visited unit cell, vs P(right | x)."""
    cells = np.arange(FRAME_SIZE) + 0.5
    cells = cells[~np.isnan(p_right(cells, world))]
    exact, data = right_probability(model, cells), p_right(cells, world)
    both = both_directions(cells, world)
    return {"x": cells.tolist(), "p_right": data.tolist(), "sample_right": exact.tolist(),
            "max_gap": float(np.abs(exact - data).max()), "max_gap_both_directions": float(np.abs(exact - data)[both].max()),
            "within_3_points_both_directions": float(np.mean(np.abs(exact - data)[both] <= 0.03))}


def hypothesis_use(model, heldout):
    """The prior's average mass on each hypothesis over held-out inputs, and how often each is nearer the right future."""
    hyps, prior = hypotheses_and_prior(model, heldout["frame_t"][:SHARPNESS_INPUTS])
    error, side = nearest_future(hyps, heldout["col_t"][:SHARPNESS_INPUTS])
    right = side == 1
    return {"mean_prior": prior.mean(0).tolist(), "mean_error_to_nearer_future": error.mean(0).tolist(),
            "share_nearer_right": right.mean(0).tolist()}


def main(argv=None):
    args = parse_args(argv)
    device = resolve_device(args.device)
    mse_model, _ = load_run(args.pixel_checkpoint, pixel_predictor, hint("python part1_pixel/train.py", args),
                            expect={"world": args.world.name})
    world, rng = args.world, stream_rng(args.seed, "mixture_samples")
    heldout = make_heldout(heldout_pairs(args.quick), world=world)
    torch.manual_seed(args.seed)
    model = MixturePredictor(args.hypotheses)
    history = train(model, device, heldout, steps=args.steps, seed=args.seed, world=world, loss_fn=mixture_loss,
                    eval_points=0)
    model = model.cpu()
    before = every_column(model, world)
    prior_fit = fit_prior(model, "cpu", args.seed, pairs=args.prior_pairs, world=world) if args.prior_pairs else None
    after = every_column(model, world)
    print(f"P(sample goes right) vs P(right|x), largest gap: {before['max_gap']:.3f} before the prior's refit, "
          f"{after['max_gap']:.3f} after")

    # (a) sharpness on held-out inputs: one sample each, vs the MSE model's single output.
    x, frames = heldout["col_t"][:SHARPNESS_INPUTS], heldout["frame_t"][:SHARPNESS_INPUTS]
    sample_err, _ = nearest_future(draw_samples(model, frames, 1, rng), x)
    mse_err, _ = nearest_future(predict(mse_model, frames, "cpu")[:, None], x)
    mid = both_directions(x, world)
    sharpness = {"sample_to_nearest_future": float(sample_err.mean()), "mse_output_to_nearest_future": float(mse_err.mean()),
                 "sample_mid_frame": float(sample_err[mid].mean()), "mse_output_mid_frame": float(mse_err[mid].mean())}

    # (b) drawn shares and (c) the mean of the samples, at each probe column.
    probes = []
    for column in PROBE_COLUMNS:
        frame = render_frames(np.array([column]))
        samples = draw_samples(model, frame, args.samples, rng)[0]
        went_right = nearest_future(samples[None], np.array([column]))[1] == 1
        oracle = conditional_mean(column, world)
        probes.append({"x": column, "p_right": float(p_right(column, world)), "share_right": float(went_right.mean()),
                       "mean_to_oracle": mse(samples.mean(0), oracle),
                       "mse_model_to_oracle": mse(predict(mse_model, frame, "cpu")[0], oracle)})
    result = {"world": world.name, "hypotheses": args.hypotheses, "parameters": count_parameters(model),
              "steps": args.steps, "seed": args.seed, "prior_pairs": args.prior_pairs, "prior_cross_entropy": prior_fit,
              "samples_per_probe": args.samples, "point_estimate": evaluate(model, heldout, "cpu"),
              "sharpness": sharpness, "probes": probes,
              "max_share_gap": max(abs(r["share_right"] - r["p_right"]) for r in probes),
              "every_column_before_refit": before, "every_column": after, "hypothesis_use": hypothesis_use(model, heldout)}
    save_run(args.checkpoint, model, {"hypotheses": args.hypotheses, "world": world.name, "steps": args.steps},
             {"point_estimate": result["point_estimate"]}, timing={"train_time_s": history["train_time_s"], "device": str(device)})
    save_json(result, args.out)
    print(f"(a) MSE to the nearer true future: sample {sharpness['sample_to_nearest_future']:.5f}, "
          f"MSE model output {sharpness['mse_output_to_nearest_future']:.5f}")
    print(f"(b) drawn share going right vs P(right|x): largest gap {result['max_share_gap']:.3f} over {len(probes)} "
          f"columns; from the prior, within 3 points at {after['within_3_points_both_directions']:.0%} of the columns "
          f"where both directions occur")
    print(f"(c) mean of {args.samples} samples to E[y|x]: {np.mean([r['mean_to_oracle'] for r in probes]):.5f} "
          f"(MSE model: {np.mean([r['mse_model_to_oracle'] for r in probes]):.5f})")
    print(f"(d) prior mass per hypothesis: {np.round(result['hypothesis_use']['mean_prior'], 3).tolist()}")
    print(f"wrote {args.checkpoint}, {beside(args.checkpoint, '.json')} and {args.out}")


if __name__ == "__main__":
    run_main(main)
