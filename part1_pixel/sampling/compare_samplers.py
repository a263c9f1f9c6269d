"""The samplers side by side: how faithful, sharp, valid and costly each is, in both worlds, from their results.

    python part1_pixel/sampling/compare_samplers.py           # -> results/samplers.json
    python part1_pixel/sampling/compare_samplers.py --quick   # from runs/quick/, into runs/quick/

Reads what the measuring scripts wrote (nothing is sampled by a network here), per world (results/ or results/biased/):
  exact sampler     simulated: the flow ODE run's cells and counts, each sample right with the exact P(right | x)
  flow ODE          sampler.json, the default run (measure_sampler.py: Euler, NFE 8)
  flow stochastic   sampler_stochastic.json (measure_sampler.py --eta 1: DDPM-style ancestral steps, NFE 8)
  exact x1, same grid   sampler_calibration.json's along_path / along_stochastic_path (calibrate_sampler.py):
                    the same two samplers with the exact x1-prediction in the network's place
  LLM-style         token_sampler[_seedS].json (measure_sampler.py --checkpoint ...token_sampler[_seedS].pt),
                    and token_sampler[_seedS]_no_refit.json (the same network before its read-out refit), if there
  MSE model         brightness.json's ghost share (the right ghost's share of the blur, no sampling: the
                    reference the others are held to), if there (bash run_all.sh --seeds writes it), and
                    brightness_pairs192k.json's: the same model trained on the token network's 192,000 pairs
                    (6,000 steps of 32), for the comparison at equal data (bash run_sampler.sh writes it)
  mixture (K = 2)   mixture.json's P(a sample goes right) read from its prior (exp_mixture.py), if there
and the training times from the .timing.json files beside the checkpoints (not committed: run this where the
models were trained). Per row, over the cells where both directions occur: the root mean square of share -
P(right | x) with the binomial noise of the samples removed, the least-squares slope of share on P(right | x)
(1 is faithful; above 1 exaggerates the likelier future), and where there are samples, their MSE to the nearer
true future, the share of valid single balls and the seconds per sample.
"""
import functools
import os

import numpy as np

from cli import ArgumentParser, add_quick, check_output, in_world, output, run_main
from common.data import stream_rng
from common.files import load_json, save_json
from common.oracle import position_density
from common.smear import frame_width, share_error, share_error_percentile
from common.training import RECIPE, STEPS
from common.world import WORLDS

SEEDS = (0, 1, 2)
MEASURE = "python part1_pixel/sampling/measure_sampler.py"
BEFORE_REFIT = "LLM-style, before the read-out refit"
MSE = "MSE model (ghost share, no sampling)"
MSE_EQUAL = "MSE model, the token network's pairs (ghost share)"
EXACT = "exact sampler (goes right with the exact P)"
PERCENTILE = 95   # the reference scores: what a perfect sampler, or N pairs' frequency table, measures at most this often


def pairs_seen(config, refit=True):
    """Training pairs a model saw: steps x batch, plus the pairs its read-out was refitted on (the token sampler's
    refit_pairs; refit=False: the network before the refit). Codebook frames apart. None if not recorded."""
    if config is None or "steps" not in config or "batch_size" not in config:
        return None
    return config["steps"] * config["batch_size"] + (config.get("refit_pairs", 0) if refit else 0)


@functools.cache
def frame_widths(cell, offsets):
    """frame_width of the columns cell + offsets, computed once per cell (every row of a world reads the same)."""
    return frame_width(cell + np.array(offsets))


def references(row, world, columns, counts, seed):
    """What a perfect sampler (perfect_p95) and the per-frame frequency table of the row's pairs (table_p95)
    would score, at the PERCENTILE-th percentile, on the row's cells with its counts (None: a read-out);
    `columns`: the measured columns' offsets in their cell."""
    cells, p = np.array(row["cell_ids"]), np.array(row["p_right"])
    rng = stream_rng(seed, "sampler_reference")
    row["perfect_p95"] = share_error_percentile(p, counts, rng, q=PERCENTILE) if counts is not None else 0.0
    if row.get("pairs_seen") is None:
        row["table_p95"] = None
        return row
    widths = np.stack([frame_widths(cell, tuple(columns)) for cell in cells])
    row["table_p95"] = share_error_percentile(p, counts, rng, pairs=row["pairs_seen"],
                                              density=position_density(world)[cells], widths=widths, q=PERCENTILE)
    return row


def fit(share, p, n=None):
    """RMS of share - p (with the binomial part p (1 - p) / n removed when n samples per cell made the share)
    and the slope of share on p, over the cells that have a share."""
    share, p = np.asarray(share, dtype=float), np.asarray(p, dtype=float)
    rms, slope = share_error(share, p, n)
    return {"share_rms": rms, "slope": slope if np.ptp(p) > 0.1 else None,   # no spread of P: no slope to read
            "cells": len(p), "p_right": p.tolist(), "share": share.tolist()}


def seconds_of(checkpoint, key="train_time_s"):
    """A training's wall seconds from the .timing.json beside its checkpoint (None if it is not there)."""
    path = os.path.splitext(checkpoint)[0] + ".timing.json"
    if not os.path.exists(path):
        return None
    timing = load_json(path, "the training script")
    return timing.get(key, timing["train_time_s"])


def sampled(result, name, checkpoint, train_key="train_time_s", cost=None):
    """A row from a measure_sampler.py default run (samples at the columns of every cell where both
    directions occur); `cost`, seconds per sample, where the run keeps it in another file."""
    d, share = result["default"], result["default"]["share"]
    if cost is None and "cost" in result:
        cost = result["cost"]["seconds_per_sample"]
    row = {"sampler": name, **fit(share["sample_right"], share["p_right"], share["counted_per_cell"]),
           "cell_ids": share["cells"], "samples_per_cell": d["samples_per_cell"],
           "counted_per_cell": share["counted_per_cell"], "sharpness": d["sharpness"], "validity": d["validity"],
           "pairs_seen": pairs_seen(result.get("checkpoint_config"), refit=name != BEFORE_REFIT),
           "train_seconds": seconds_of(checkpoint, train_key), "seconds_per_sample": cost}
    offsets = (np.arange(result["sub_columns"]) + 0.5) / result["sub_columns"]   # measure_sampler.py's columns
    return references(row, WORLDS[result["world"]], offsets, np.array(share["counted_per_cell"]), result["seed"])


def along(path, name, seed):
    """A row from calibrate_sampler.py's path of the exact x1-prediction (no network, so no training pairs)."""
    counts = np.full(len(path["p_right"]), path["draws"])
    return {"perfect_p95": share_error_percentile(path["p_right"], counts, stream_rng(seed, "sampler_reference"),
                                                  q=PERCENTILE),
            "pairs_seen": None, "table_p95": None, "sampler": name, "share_rms": path["sample_rms_noise_corrected"],
            "slope": path["sample_slope"] if np.ptp(path["p_right"]) > 0.1 else None, "cells": len(path["p_right"]),
            "p_right": path["p_right"], "share": path["sample_right"],
            "samples_per_cell": path["draws"], "sharpness": None, "validity": None, "train_seconds": None,
            "seconds_per_sample": None}


def ghost_rows(path, label, world, seconds_per_frame):
    """The MSE model's rows from a measure_brightness.py file (none if it is not there): the right ghost's share of
    the blur against P(right | x) where both directions occur, read at each cell's centre, no sampling."""
    if not os.path.exists(path):
        return []
    # A file written before measure_brightness.py recorded each run's pairs: its runs are run_all.sh --seeds's,
    # trained with train.py's defaults (the recipe's steps and batch).
    default_pairs = STEPS * RECIPE["batch_size"]
    rows = []
    for run in load_json(path, "python part1_pixel/bias/measure_brightness.py")["worlds"][world.name]["runs"]:
        p, share = np.array(run["p_right"]), np.array(run["right_share"])
        both = (p > 0) & (p < 1)
        row = {"sampler": label, "seed": run["seed"], **fit(share[both], p[both]),
               "cell_ids": np.array(run["cells"])[both].tolist(), "samples_per_cell": None, "sharpness": None,
               "validity": None, "pairs_seen": run.get("pairs_seen", default_pairs), "train_seconds": seconds_of(run["checkpoint"]),
               "seconds_per_sample": seconds_per_frame}
        rows.append(references(row, world, np.array([0.5]), None, run["seed"]))
    return rows


def exact_row(like, seed):
    """An exact sampler, simulated: each of `like`'s cells gets as many samples as `like` counted there, each going
    right with the exact P(right | x); scored as the others are. What a perfect sampler measures in one run."""
    p, counts = np.array(like["p_right"]), np.array(like["counted_per_cell"])
    share = stream_rng(seed, "exact_sampler").binomial(counts, p) / np.maximum(counts, 1)
    row = {"sampler": EXACT, "seed": seed, **fit(share, p, counts), "cell_ids": like["cell_ids"],
           "samples_per_cell": like["samples_per_cell"], "counted_per_cell": like["counted_per_cell"],
           "sharpness": 0.0, "validity": 1.0, "pairs_seen": None, "train_seconds": None, "seconds_per_sample": None}
    return {**row, "perfect_p95": share_error_percentile(p, counts, stream_rng(seed, "sampler_reference"), q=PERCENTILE),
            "table_p95": None}


def world_rows(world, quick):
    results = lambda name: output(in_world(f"results/{name}", world), quick)
    checkpoints = lambda name: output(in_world(f"checkpoints/{name}", world), quick)
    flow = load_json(results("sampler.json"), f"{MEASURE} --world {world.name}")
    cost = load_json(results("sampler_cost.json"), f"{MEASURE} --world {world.name}")
    rows = [sampled(flow, "flow ODE (Euler, NFE 8)", checkpoints("sampler.pt"),
                    cost=cost["seconds_per_sample_default_run"])]
    rows.append(exact_row(rows[0], flow["seed"]))
    if os.path.exists(results("sampler_stochastic.json")):
        rows.append(sampled(load_json(results("sampler_stochastic.json"), f"{MEASURE} --eta 1"),
                            "flow stochastic (ancestral, NFE 8)", checkpoints("sampler.pt")))
    calibration = load_json(results("sampler_calibration.json"), "python part1_pixel/sampling/calibrate_sampler.py")
    if "along_path" in calibration:
        rows.append(along(calibration["along_path"]["exact_sampler"], "exact x1-prediction, flow ODE grid",
                          calibration["seed"]))
        rows.append(along(calibration["along_stochastic_path"]["exact_sampler"],
                          "exact x1-prediction, stochastic steps", calibration["seed"]))
    tokens = []
    for seed in SEEDS:
        name = "token_sampler" if seed == 0 else f"token_sampler_seed{seed}"
        if os.path.exists(results(f"{name}.json")):
            row = sampled(load_json(results(f"{name}.json"), f"{MEASURE} --checkpoint {checkpoints(name + '.pt')}"),
                          "LLM-style (frame tokens)", checkpoints(f"{name}.pt"), "total_s")
            tokens.append({**row, "seed": seed})
    rows += tokens
    for seed in SEEDS:
        name = "token_sampler" if seed == 0 else f"token_sampler_seed{seed}"
        if os.path.exists(results(f"{name}_no_refit.json")):
            rows.append({**sampled(load_json(results(f"{name}_no_refit.json"), MEASURE), BEFORE_REFIT,
                                   checkpoints(f"{name}.pt")), "seed": seed, "train_seconds": None})
    for name, label in (("brightness.json", MSE), ("brightness_pairs192k.json", MSE_EQUAL)):
        rows += ghost_rows(output(f"results/{name}", quick), label, world, cost["pixel_predictor_seconds_per_frame"])
    if os.path.exists(results("mixture.json")):
        mixture = load_json(results("mixture.json"), "python part1_pixel/sampling/exp_mixture.py")
        column = mixture["every_column"]
        p, share = np.array(column["p_right"]), np.array(column["sample_right"])
        both = (p > 0) & (p < 1)
        # exp_mixture.py trains with the recipe's batch, then refits its prior on prior_pairs fresh pairs
        seen = mixture["steps"] * RECIPE["batch_size"] + mixture["prior_pairs"]
        rows.append({"sampler": "mixture, K = 2 (told K)", "seed": mixture["seed"], **fit(share[both], p[both]),
                     "pairs_seen": seen, "perfect_p95": 0.0, "table_p95": None, "samples_per_cell": None, "sharpness": mixture["sharpness"]["sample_to_nearest_future"],
                     "validity": None, "train_seconds": seconds_of(checkpoints("mixture.pt")),
                     "seconds_per_sample": None})
    return rows


def keep_times(rows, earlier):
    """Training times are read from the .timing.json files beside the checkpoints, which are not committed: where
    one is not here, the time the file being replaced holds for the same sampler and seed is kept."""
    before = {(r["sampler"], r.get("seed")): r.get("train_seconds") for r in earlier}
    for r in rows:
        if r["train_seconds"] is None:
            r["train_seconds"] = before.get((r["sampler"], r.get("seed")))
    return rows


def summarise(rows):
    """Mean and range over seeds of every sampler that has several."""
    out = {}
    for name in dict.fromkeys(r["sampler"] for r in rows):
        mine = [r for r in rows if r["sampler"] == name]
        out[name] = {key: {"mean": float(np.mean([r[key] for r in mine])), "min": float(min(r[key] for r in mine)),
                           "max": float(max(r[key] for r in mine))}
                     if all(r[key] is not None for r in mine) else None
                     for key in ("share_rms", "slope", "sharpness", "validity", "train_seconds", "seconds_per_sample")}
        out[name]["runs"] = len(mine)
    return out


def main(argv=None):
    p = ArgumentParser(prog="compare_samplers.py", description=__doc__.split("\n")[0])
    add_quick(p)
    p.add_argument("--out", help="results JSON (default results/samplers.json)")
    args = p.parse_args(argv)
    out = check_output(args.out or output("results/samplers.json", args.quick), ".json")
    earlier = load_json(out, "python part1_pixel/sampling/compare_samplers.py") if os.path.exists(out) else {}
    result = {}
    for world in WORLDS.values():
        rows = keep_times(world_rows(world, args.quick), earlier.get(world.name, {}).get("rows", []))
        result[world.name] = {"rows": rows, "summary": summarise(rows)}
        for name, s in result[world.name]["summary"].items():
            slope = "" if s["slope"] is None else f", slope {s['slope']['mean']:.2f}"
            rms = "-" if s["share_rms"] is None else f"{s['share_rms']['mean']:.4f}"   # None: no sample counted
            print(f"{world.name:8s} {name:45s} share RMS {rms} "
                  f"({s['runs']} run{'s' if s['runs'] > 1 else ''}){slope}")
    save_json(result, out)
    print(f"wrote {out}")


if __name__ == "__main__":
    run_main(main)
