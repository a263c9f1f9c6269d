"""Measure the flow sampler and token sampler checkpoints: sharpness, validity, faithfulness, the samples' mean, cost.

The flow sampler (train_sampler.py) is measured against NFE; a token sampler (train_token_sampler.py) at its one
setting.

    python part1_pixel/sampling/measure_sampler.py                  # article world -> results/sampler.json
    python part1_pixel/sampling/measure_sampler.py --world biased   # -> results/biased/sampler.json
    python part1_pixel/sampling/measure_sampler.py --quick          # smoke run into runs/quick/

Inputs are balls at fixed columns: SUB_COLUMNS per unit cell [n, n + 1) the data visits (P(right | x) is
constant on a cell), the same columns and the same noise seed at every NFE. Per NFE:
  sharpness     MSE of each sample to the nearer true next frame (common.smear.nearest_future)
  validity      share of samples that are one ball within 1 px of x + 6 or x - 6 (common.smear.one_ball)
  faithfulness  per cell where both directions occur: share of the valid samples nearer the right-moving
                future against the exact P(right | x) (a tie, such as an empty frame, is neither side; ties
                and invalid samples are counted apart); largest gap, fraction of cells within 3 points, and
                what an exact sampler would score with as many samples (binomial noise); Pearson's
                chi-square over the cells and the chance an exact sampler shows one as large (simulated)
  blur          MSE of each sample to E[y|x] (0 if one Euler step returned the blur); E[y|x]'s own sharpness
                and validity on the same columns are under "oracle"
  mean          MSE between the mean of the samples at a column and the exact E[y | x], raw and with the
                sampling noise of the mean (per-pixel variance / n) subtracted
At the default NFE a second, larger run gives the numbers docs/flow.md's verdicts rest on, and a third
compares the Euler grid (common.flow.GRID_POWER) with equal steps on the same noise. The wall times (the cost:
seconds per sample against one PixelPredictor forward pass) go into results/[WORLD/]sampler_cost.json.

    python part1_pixel/sampling/measure_sampler.py --checkpoint checkpoints/token_sampler.pt
    python part1_pixel/sampling/measure_sampler.py --eta 1

The first measures a token sampler (part1_pixel/train_token_sampler.py) the same way at its one setting, the
default run only (2,500 samples per cell), its cost in the same file, which is named after the checkpoint
(results/[WORLD/]token_sampler.json here). The second measures the ancestral sampler at the default NFE
(common.flow.euler_sample with eta 1: stochastic steps, not Euler's), the default run only, and writes it
into results/[WORLD/]sampler_stochastic.json.
"""
import os
import time

import numpy as np
import torch
from tqdm import tqdm

from cli import (
    ArgumentParser,
    UsageError,
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
from common.data import stream_rng
from common.files import beside, load_run, save_json
from common.flow import GRID_POWER, NFE, euler_sample, for_sampling
from common.models import PixelPredictor
from common.oracle import both_directions, conditional_mean, p_right, position_density
from common.smear import nearest_future, one_ball
from common.tokens import is_token_config, sampler_net, token_sample
from common.world import render_frames

NFES = (1, 2, 4, 8, 16, 32, 64)
SUB_COLUMNS = 4             # columns per unit cell: n + 0.125, n + 0.375, ...
# Sized for a 2-core CPU (each sample costs NFE network evaluations of about 1.6 ms of one core; a world
# takes about half an hour of one core). The share of a cell has a binomial noise of 0.5 / sqrt(samples per cell), reported
# beside it: under 1 point at the default NFE (2500 per cell), 5 points in the sweep (100 per cell).
SWEEP_SAMPLES = 25          # samples per column at every NFE (100 per cell)
SWEEP_CELL_STRIDE = 4       # the sweep visits every 4th cell the data visits (12 cells)
DEFAULT_SAMPLES = 625       # samples per column at the default NFE (2500 per cell, every cell where both directions occur)
GRID_SAMPLES = 50           # samples per column for the Euler grid comparison at the default NFE (200 per cell)
WITHIN = 0.03               # "within 3 points"
BATCH = 512


def parse_args(argv=None):
    p = ArgumentParser(prog="measure_sampler.py", description=__doc__.split("\n")[0])
    add_sampler_flags(p, tokens=True)
    p.add_argument("--nfe", type=at_least(1), default=NFE, help="the default NFE, measured with more samples")
    p.add_argument("--sweep-nfes", type=at_least(1), nargs="+", default=list(NFES), metavar="NFE",
                   help="the NFEs of the sweep")
    p.add_argument("--sweep-samples", type=at_least(2), default=SWEEP_SAMPLES, help="samples per column at every NFE")
    p.add_argument("--default-samples", type=at_least(2), default=DEFAULT_SAMPLES,
                   help="samples per column at the default NFE")
    p.add_argument("--grid-samples", type=at_least(2), default=GRID_SAMPLES,
                   help="samples per column for the grid comparison at the default NFE")
    p.add_argument("--eta", type=at_least(0.0, float, maximum=1.0), default=0.0,
                   help="above 0: measure the flow sampler with stochastic steps at --nfe (1: the ancestral sampler; "
                        "common.flow.euler_sample's eta), "
                        "the default run only, into results/[WORLD/]sampler_stochastic.json")
    p.add_argument("--out", help="results JSON (default results/sampler.json, or results/WORLD/sampler.json)")
    args = p.parse_args(argv)
    quick_sizes(args, sweep_samples=2, default_samples=4, grid_samples=2, sweep_nfes=[1, 4])
    args.checkpoint = sampler_checkpoint(args)
    name = "sampler_stochastic.json" if args.eta else "sampler.json"
    args.out = check_output(args.out or output(in_world(f"results/{name}", args.world), args.quick), ".json")
    largest = max(args.sweep_samples, args.default_samples, args.grid_samples) * SUB_COLUMNS * 64
    check_memory(largest * 64, "--sweep-samples / --default-samples / --grid-samples")   # (cells, samples) masks
    return args


FLOW_ONLY = ("nfe", "sweep_nfes", "sweep_samples", "grid_samples", "eta")   # flags a token sampler has no use for


def columns(world, quick, ambiguous_only=False, stride=1):
    """SUB_COLUMNS columns in every `stride`-th unit cell the data visits (or only those where both directions occur)."""
    cells = np.flatnonzero(position_density(world) > 0)
    if ambiguous_only:
        cells = cells[both_directions(cells + 0.5, world)]
    cells = cells[::8] if quick else cells[::stride]
    return (cells[:, None] + (np.arange(SUB_COLUMNS) + 0.5) / SUB_COLUMNS).ravel()


def shown(value, spec):
    """A number for the progress lines, or "-" where there is none (no cell counted a valid sample)."""
    return "-" if value is None else format(value, spec)


def chi_square(share, p, n):
    """Pearson's statistic of the shares of n samples per cell against P(right | x): about one per cell if exact."""
    return np.sum((share - p) ** 2 * n / (p * (1 - p)), axis=-1)


def exact_sampler(n, p, observed, seed, draws=20000):
    """What an exact sampler (right with probability p) would show with n samples per cell, by simulation: the
    expected fraction of cells within WITHIN of p, and the chance of a chi-square at least the observed one."""
    share = stream_rng(seed, "sampler_reference").binomial(n, p, (draws, len(p))) / np.maximum(n, 1)
    return float(np.mean(np.abs(share - p) <= WITHIN + 1e-9)), float(np.mean(chi_square(share, p, n) >= observed))


def share_table(x, side, valid, world, seed):
    """Per cell where both directions occur, from samples at columns x (n,) with nearest_future's side (+1 right,
    -1 left, 0 tie) and one_ball's validity: the right share of the valid samples that go one way or the other,
    against P(right | x); ties and invalid samples counted apart."""
    cells = np.floor(x).astype(int)
    ambiguous_cells = np.unique(cells[both_directions(x, world)])
    p = p_right(ambiguous_cells + 0.5, world)
    in_cell = cells[None, :] == ambiguous_cells[:, None]               # (cells, samples)
    counted = in_cell & valid & (side != 0)
    n = counted.sum(1)
    share = (counted & (side == 1)).sum(1) / np.maximum(n, 1)
    gap = np.where(n > 0, np.abs(share - p), np.nan)   # a cell that counted no sample has no share
    statistic = float(chi_square(share, p, n)) if n.any() else None
    exact_within, p_value = exact_sampler(n, p, np.inf if statistic is None else statistic, seed)
    p_value = None if statistic is None else p_value
    return {"cells": ambiguous_cells.tolist(), "p_right": p.tolist(), "sample_right": share.tolist(),
            "counted_per_cell": n.tolist(), "ties": int((in_cell & (side == 0)).sum()),
            "sample_right_every_sample_ties_right": ((in_cell & (side >= 0)).sum(1) / in_cell.sum(1)).tolist(),
            "invalid": int((in_cell & ~valid).sum()),
            "cells_counted": int((n > 0).sum()),
            "max_gap": float(np.nanmax(gap)) if n.any() else None,
            "within_3_points": float(np.mean(np.nan_to_num(gap, nan=1.0) <= WITHIN + 1e-9)),
            "pooled_gap": float(share.mean() - p.mean()), "exact_sampler_within_3_points": exact_within,
            "binomial_sd_at_half": float(0.5 / np.sqrt(max(n.mean(), 1))), "chi_square": statistic,
            "chi_square_p_value": p_value}


def score(draw, cols, per_column, seed, world, desc, **setting):
    """Sample `per_column` next frames at every column with draw(frames (B, 1, 64, 64), generator) -> samples
    (B, 1, 64, 64); the read-outs above (after the `setting` they are labelled with), and the seconds it took."""
    x = np.repeat(cols, per_column)
    generator = torch.Generator().manual_seed(seed)
    err, to_oracle = np.empty(len(x)), np.empty(len(x))
    valid, side = np.empty(len(x), bool), np.empty(len(x), np.int8)
    total, squares = np.zeros((len(cols), 64, 64)), np.zeros((len(cols), 64, 64))
    column_of = np.repeat(np.arange(len(cols)), per_column)
    start = time.perf_counter()
    for i in tqdm(range(0, len(x), BATCH), desc=desc, leave=False):
        xb = x[i:i + BATCH]
        frames = torch.from_numpy(render_frames(xb)[:, None])
        samples = draw(frames, generator)[:, 0].numpy().astype(np.float64)
        e, r = nearest_future(samples[:, None], xb)
        err[i:i + BATCH], side[i:i + BATCH] = e[:, 0], r[:, 0]
        valid[i:i + BATCH] = one_ball(samples[:, None], xb)[:, 0]
        to_oracle[i:i + BATCH] = ((samples - conditional_mean(xb, world)) ** 2).mean(axis=(1, 2))
        np.add.at(total, column_of[i:i + BATCH], samples)
        np.add.at(squares, column_of[i:i + BATCH], samples ** 2)
    seconds = time.perf_counter() - start
    mean = total / per_column
    variance = (squares - per_column * mean ** 2) / (per_column - 1)
    mean_mse = ((mean - conditional_mean(cols, world)) ** 2).mean(axis=(1, 2))
    ambiguous = both_directions(x, world)
    walls = ~ambiguous & valid   # where only one direction occurs: valid samples going the impossible way
    return {**setting, "samples": len(x), "samples_per_cell": per_column * SUB_COLUMNS,
            "sharpness": float(err.mean()), "sharpness_ambiguous": float(err[ambiguous].mean()),
            "validity": float(valid.mean()), "validity_ambiguous": float(valid[ambiguous].mean()),
            "wrong_way_at_walls": float(np.mean((side[walls] == 1) != (p_right(x[walls], world) == 1)))
            if walls.any() else None,
            "share": share_table(x, side, valid, world, seed),
            "sample_to_oracle": float(to_oracle.mean()), "sample_to_oracle_ambiguous": float(to_oracle[ambiguous].mean()),
            "mean_to_oracle": float(mean_mse.mean()),
            "mean_to_oracle_noise_corrected": float((mean_mse - variance.mean(axis=(1, 2)) / per_column).mean()),
            "mean_sampling_noise": float((variance.mean(axis=(1, 2)) / per_column).mean())}, seconds


def oracle_reference(cols, world):
    """The same read-outs for E[y|x] itself (the MSE model's target, the blur), on the same columns."""
    blur = conditional_mean(cols, world)[:, None]
    err, _ = nearest_future(blur, cols)
    ambiguous = both_directions(cols, world)
    return {"sharpness": float(err.mean()), "sharpness_ambiguous": float(err[ambiguous].mean()),
            "validity": float(one_ball(blur, cols).mean()), "validity_ambiguous": float(one_ball(blur, cols)[ambiguous].mean())}


def pixel_forward_seconds(n, batch=BATCH):
    """Seconds per frame of one PixelPredictor forward pass (the MSE model's cost), n batches of `batch` frames."""
    model, frames = PixelPredictor().eval(), torch.from_numpy(render_frames(np.full(batch, 32.0))[:, None])
    with torch.no_grad():
        model(frames)
        start = time.perf_counter()
        for _ in range(n):
            model(frames)
    return (time.perf_counter() - start) / (n * batch)


def euler(model, nfe, power=GRID_POWER, eta=0.0):
    """The flow sampler as score()'s draw, and the setting its rows are labelled with."""
    return (lambda frames, generator: euler_sample(model, frames, nfe, generator, power, eta)), \
        {"nfe": nfe, "grid_power": power, **({"eta": eta} if eta else {})}


def measure_default(args, config, name, draw, setting):
    """One sampler setting only, the default run: --default-samples per column at every column of the cells
    where both directions occur, drawn with `draw` (score()'s). A token sampler (part1_pixel/train_token_sampler.py,
    it has no NFE), or the ancestral sampler (--eta)."""
    cols = columns(args.world, args.quick, ambiguous_only=True)
    row, seconds = score(draw, cols, args.default_samples, args.seed + 1, args.world, name, **setting)
    result = {"world": args.world.name, "checkpoint": args.checkpoint, "checkpoint_config": config,
              "columns": cols.tolist(), "seed": args.seed, "sub_columns": SUB_COLUMNS,
              "oracle": oracle_reference(cols, args.world), "default": row,
              "cost": {"device": "cpu", "threads": torch.get_num_threads(), "batch": BATCH,
                       "seconds_per_sample": seconds / row["samples"]}}
    share = row["share"]
    print(f"{name}, {row['samples_per_cell']} samples per cell: nearer-future MSE {row['sharpness']:.5f}, "
          f"valid {row['validity']:.1%}, share within 3 points at {share['within_3_points']:.0%} of cells (an exact "
          f"sampler: {share['exact_sampler_within_3_points']:.0%}), chi-square {shown(share['chi_square'], '.1f')}, "
          f"{seconds / row['samples'] * 1e3:.1f} ms per sample")
    save_json(result, args.out)
    print(f"wrote {args.out}")


def main(argv=None):
    args = parse_args(argv)
    if not args.eta:
        check_output(beside(args.out, "_cost.json"), ".json")
    torch.manual_seed(args.seed)
    model, config = load_run(args.checkpoint, sampler_net, hint("python part1_pixel/train_sampler.py", args),
                             expect={"world": args.world.name})
    if is_token_config(config):
        refused = [f"--{name.replace('_', '-')}" for name in FLOW_ONLY if name in args.given]
        if refused:
            raise UsageError(f"{args.checkpoint} is a token sampler: {', '.join(refused)} apply to the flow sampler only")
        if "out" not in args.given:   # named after the checkpoint: results/[WORLD/]token_sampler_seed1.json, say
            stem = os.path.splitext(os.path.basename(args.checkpoint))[0]
            args.out = check_output(output(in_world(f"results/{stem}.json", args.world), args.quick), ".json")
        return measure_default(args, config, "token sampler",
                               lambda frames, generator: token_sample(model, frames, generator), {"temperature": 1.0})
    if args.eta:
        return measure_default(args, config, f"stochastic flow sampler (eta {args.eta:g}, NFE {args.nfe})",
                               *euler(for_sampling(model), args.nfe, eta=args.eta))
    model = for_sampling(model)
    cols = columns(args.world, args.quick, stride=SWEEP_CELL_STRIDE)
    result = {"world": args.world.name, "checkpoint_config": config, "columns": cols.tolist(), "seed": args.seed,
              "sub_columns": SUB_COLUMNS, "default_nfe": args.nfe, "oracle": oracle_reference(cols, args.world),
              "sweep": []}
    cost = {"device": "cpu", "threads": torch.get_num_threads(), "batch": BATCH, "seconds_per_sample": {}}
    for nfe in args.sweep_nfes:
        draw, setting = euler(model, nfe)
        row, seconds = score(draw, cols, args.sweep_samples, args.seed, args.world, f"NFE {nfe}", **setting)
        result["sweep"].append(row)
        cost["seconds_per_sample"][str(nfe)] = seconds / row["samples"]
        print(f"NFE {nfe:2d}: nearer-future MSE {row['sharpness']:.5f}, valid {row['validity']:.1%}, "
              f"largest share gap {shown(row['share']['max_gap'], '.3f')}, mean to E[y|x] {row['mean_to_oracle_noise_corrected']:.5f}")
    ambiguous_cols = columns(args.world, args.quick, ambiguous_only=True)
    draw, setting = euler(model, args.nfe)
    row, seconds = score(draw, ambiguous_cols, args.default_samples, args.seed + 1, args.world,
                         f"default NFE {args.nfe}", **setting)
    result["default"] = row
    cost["seconds_per_sample_default_run"] = seconds / row["samples"]
    cost["pixel_predictor_seconds_per_frame"] = pixel_forward_seconds(*((1, 32) if args.quick else (10, BATCH)))
    print(f"default NFE {args.nfe}, {row['samples_per_cell']} samples per cell: nearer-future MSE "
          f"{row['sharpness']:.5f}, valid {row['validity']:.1%}, share within 3 points at "
          f"{row['share']['within_3_points']:.0%} of cells (an exact sampler: "
          f"{row['share']['exact_sampler_within_3_points']:.0%}), largest gap {shown(row['share']['max_gap'], '.3f')}, "
          f"mean to E[y|x] {row['mean_to_oracle_noise_corrected']:.5f}")
    result["grid"] = []
    for power in (1, GRID_POWER):
        draw, setting = euler(model, args.nfe, power)
        grid_row, _ = score(draw, ambiguous_cols, args.grid_samples, args.seed + 2, args.world, f"grid power {power}",
                            **setting)
        result["grid"].append(grid_row)
        share = grid_row["share"]
        print(f"Euler grid (i / NFE)^{power} at NFE {args.nfe}, {grid_row['samples_per_cell']} per cell: share within "
              f"3 points at {share['within_3_points']:.0%} of cells, chi-square {shown(share['chi_square'], '.1f')}, "
              f"largest gap {shown(share['max_gap'], '.3f')}")
    print(f"cost: {cost['seconds_per_sample_default_run'] * 1e3:.2f} ms per sample at NFE {args.nfe}, "
          f"PixelPredictor {cost['pixel_predictor_seconds_per_frame'] * 1e3:.3f} ms per frame")
    save_json(result, args.out)
    cost_path = beside(args.out, "_cost.json")   # the stem of a checked .json path
    save_json(cost, cost_path)
    print(f"wrote {args.out} and {cost_path}")


if __name__ == "__main__":
    run_main(main)
