"""Every read-out of a trained JEPA (or a pixel model) on held-out pairs of a world, clean or with distractor dots.

The probes are fitted on one set of pairs (their own random stream) and scored on the held-out pairs,
so a probe never sees the frames it is scored on. Numbers only; files and argparse live in the scripts.
"""
import numpy as np

from common.data import HELDOUT_SEED, make_heldout, stream_rng
from common.distractors import add_dots, bayes_floor_dots
from common.jepa import embed, predict_embedding
from common.oracle import mse, p_right
from common.probes import (
    direction_guesses,
    direction_probe,
    latent_floor,
    oracle_direction_accuracy,
    per_dim_std,
    pixel_share,
    position_probe,
    rankme,
    total_variance,
)
from common.training import predict
from common.world import ARTICLE, futures, render_frames, sample_positions

READOUT_PAIRS = 2048      # held-out pairs scored
FIT_PAIRS = 4096          # pairs the probes are fitted on
DOT_DRAWS = 4             # dot draws averaged per future for E[f(y) | x] in the distractor world


def pairs(world=ARTICLE, distractors=False, n=READOUT_PAIRS, fit_n=FIT_PAIRS):
    """(held-out pairs, probe-fitting pairs), dicts with col_t, col_next, frame_t, x_next, bayes_floor;
    with distractors both frames of every pair carry their own fresh dots and the floor is that world's."""
    held = make_heldout(n, world=world)
    fit_cols = sample_positions(fit_n, stream_rng(HELDOUT_SEED, "probe_fit"), world)
    fit = {"col_t": fit_cols[:, 0], "col_next": fit_cols[:, 1], "frame_t": render_frames(fit_cols[:, 0])}
    if distractors:
        rng = stream_rng(HELDOUT_SEED, "heldout_dots")
        held = {**held, "frame_t": add_dots(held["frame_t"], rng), "x_next": add_dots(held["x_next"], rng)}
        held["bayes_floor"] = bayes_floor_dots(held["col_t"], held["x_next"], world)
        fit["frame_t"] = add_dots(fit["frame_t"], rng)
    return held, fit


def dotted_futures(world_rng, draws=DOT_DRAWS):
    """futures_fn for common.probes.latent_floor in the distractor world: `draws` dotted copies of both futures."""
    def fn(col_t):
        right, left = futures(col_t)
        return [(add_dots(right, world_rng), add_dots(left, world_rng)) for _ in range(draws)]
    return fn


def jepa_readout(model, world=ARTICLE, distractors=False, device="cpu", floor=True, data=None, draws=DOT_DRAWS):
    """Collapse, probes and the latent floor of a JEPA, as a dict of plain numbers."""
    held, fit = data or pairs(world, distractors)
    encode = lambda frames: embed(model.encoder, frames, device)
    z, z_fit = encode(held["frame_t"]), encode(fit["frame_t"])
    right, right_fit = held["col_next"] > held["col_t"], fit["col_next"] > fit["col_t"]
    std = per_dim_std(z)
    position = position_probe(z_fit, fit["col_t"], z, held["col_t"])
    out = {"std_mean": float(std.mean()), "std_median": float(np.median(std)), "std_max": float(std.max()),
           # the spread against the embedding's own size: ~0 when every frame maps to (nearly) one point
           "relative_std": float(std.mean() / np.sqrt(np.mean(z.astype(np.float64) ** 2))),
           "rankme": rankme(z), **{f"position_{k}": v for k, v in position.items()},
           "direction_accuracy": direction_probe(z_fit, right_fit, z, right),
           "oracle_direction_accuracy": oracle_direction_accuracy(world, held["col_t"], right),
           # noise of (probe - oracle) on these pairs: only pairs where the two guesses differ count, each +-1/n
           "direction_gap_se": float(np.sqrt(np.mean(direction_guesses(z_fit, right_fit, z)
                                                     != (p_right(held["col_t"], world) > 0.5)) / len(z))),
           "oracle_direction_limit": oracle_direction_accuracy(world)}
    if floor:
        z_next = encode(held["x_next"])
        futures_fn = dotted_futures(stream_rng(HELDOUT_SEED, "floor_dots"), draws) if distractors else futures
        floor_value, _ = latent_floor(encode, held["col_t"], z_next, world, futures_fn)
        error = mse(predict_embedding(model, held["frame_t"], device), z_next)
        variance = total_variance(z_next)
        out.update({"predictor_error": error, "latent_floor": floor_value, "ratio_to_latent_floor": error / floor_value,
                    "target_variance": variance, "unpredictable_share": floor_value / variance,
                    "pixel_bayes_floor": held["bayes_floor"], "pixel_share": pixel_share(held["bayes_floor"], held["x_next"])})
    return out


def pixel_readout(model, world=ARTICLE, distractors=False, device="cpu", data=None):
    """A pixel model on the same held-out pairs: MSE, the exact Bayes floor, their ratio and the pixel share."""
    held, _ = data or pairs(world, distractors)
    error = mse(predict(model, held["frame_t"], device), held["x_next"])
    return {"mse": error, "bayes_floor": held["bayes_floor"], "ratio_to_bayes": error / held["bayes_floor"],
            "pixel_share": pixel_share(held["bayes_floor"], held["x_next"])}
