"""The article's claims re-asked in the digits world, each as a number: results/digits/claims.json.

    python part1_pixel/digits/measure.py            # checkpoints/digits/pixel.pt -> results/digits/claims.json
    python part1_pixel/digits/measure.py --checkpoint checkpoints/digits/pixel-decoder.pt --out results/digits/claims_decoder.json
    python part1_pixel/digits/measure.py --quick    # runs/quick/checkpoints/digits/pixel.pt -> runs/quick/results/...

Four samples, all seeded: i.i.d. pairs of held-out and of training digits (MSE against the Bayes floor, the
distance to E[y|x], the fit as a mix of futures); positions drawn evenly over the distance to the nearest
wall, 0..23, each with a random digit (the implied P(moves right) against the exact one, the spread against
the distance to the wall, the spread read across the nearest wall; common/digits_readout.py's
position-specific share, mid-frame); one mid row, every column, a few held-out digits per column (the lattice). Every
prediction is fitted as a non-negative mix of the rendered futures (common/digits_implied.py). Beside the network,
a learner that draws the digit exactly and counts where as many pairs went as the network saw is scored on the same
pairs and positions ("counted"). The default sizes take about 30 s on one core.
"""
import numpy as np

from cli import ArgumentParser, add_paths, add_quick, add_seed, at_least, hint, quick_sizes, run_main
from common.data import stream_rng
from common.digits import LAST_POSITION, N_POSITIONS, digit_indices, render_frames, sample_pairs
from common.digits_implied import (
    across_wall,
    exact_posterior,
    implied_posterior,
    offset_spread,
    p_moves_right,
    wall_distance,
)
from common.digits_oracle import conditional_mean, exact_floors, mixture_of_futures
from common.digits_readout import MID_LOW, blob, counted_posterior, is_mid_frame, position_specific_share
from common.files import load_run, save_json
from common.models import pixel_predictor
from common.oracle import copy_mse, mse, zeros_mse
from common.training import predict

TRAIN = "python part1_pixel/train.py --world digits"
LATTICE_ROW = 23                           # the row the lattice is read along (sy)
PANELS = {"mid": (24, 23), "wall": (0, 23)}   # (sx, sy) of the panel figure's two examples


def parse_args(argv=None):
    p = ArgumentParser(prog="measure.py", description=__doc__.split("\n")[0])
    add_seed(p)
    add_quick(p)
    p.add_argument("--pairs", type=at_least(2), default=4096, help="i.i.d. pairs per digit set (held-out, training)")
    p.add_argument("--per-distance", type=at_least(2), default=32,
                   help="positions per distance to the wall (0..23), per digit set")
    p.add_argument("--row-digits", type=at_least(1), default=8, help="held-out digits per column of the lattice row")
    add_paths(p, checkpoint="checkpoints/digits/pixel.pt", out="results/digits/claims.json")
    args = p.parse_args(argv)
    quick_sizes(args, pairs=64, per_distance=3, row_digits=1)
    return args


def line(model, exact):
    """Correlation and least-squares slope of the model's values on the exact ones."""
    model, exact = np.asarray(model), np.asarray(exact)
    if np.std(model) == 0 or np.std(exact) == 0:
        return {"corr": float("nan"), "slope": float("nan"), "n": len(model)}
    return {"corr": float(np.corrcoef(model, exact)[0, 1]), "slope": float(np.polyfit(exact, model, 1)[0]),
            "n": len(model)}


def average(model, held_out, n, rng):
    """Claims a and d on i.i.d. pairs: MSE / Bayes floor, distance to E[y|x], the prediction as a mix of futures.
    `model` is a network, or a posterior (48, 48, 9, 9) to draw the futures with (`counted`)."""
    pairs = sample_pairs(n, rng, held_out=held_out)
    frames_t, frames_next = pairs.frames()
    pred = drawn(model, frames_t, pairs.digit, pairs.sx, pairs.sy)
    oracle = conditional_mean(pairs.digit, pairs.sx, pairs.sy)
    _, total, residual = implied_posterior(pred, pairs.digit, pairs.sx, pairs.sy)
    floor = mse(oracle, frames_next)
    excess = ((pred - frames_next) ** 2 - (oracle - frames_next) ** 2).mean(axis=(1, 2))   # per pair, above the floor
    return {"pairs": n, "mse": mse(pred, frames_next), "bayes_floor": floor, "ratio_to_bayes": mse(pred, frames_next) / floor,
            "ratio_standard_error": float(excess.std(ddof=1) / np.sqrt(n) / floor),
            "distance_to_oracle": mse(pred, oracle), "zeros_floor": zeros_mse(frames_next),
            "copy_floor": copy_mse(frames_t, frames_next), "exact_bayes_floor": exact_floors(held_out)["bayes_floor"],
            "fit_residual_median": float(np.median(residual)), "fit_residual_mean": float(np.mean(residual)),
            "weight_total_median": float(np.median(total))}


def by_wall_distance(per_distance, rng):
    """`per_distance` positions (sx, sy) at each distance 0..23 to the nearest wall, drawn uniformly among them."""
    sx, sy = np.meshgrid(np.arange(N_POSITIONS), np.arange(N_POSITIONS), indexing="ij")
    sx, sy, d = sx.ravel(), sy.ravel(), wall_distance(sx, sy).ravel()
    picks = np.concatenate([rng.choice(np.flatnonzero(d == k), per_distance) for k in range(d.max() + 1)])
    return sx[picks], sy[picks]


def drawn(model, frames, digit, sx, sy):
    """A network's prediction for these frames, or the futures of these digits mixed by a posterior array."""
    if isinstance(model, np.ndarray):
        return mixture_of_futures(digit, sx, sy, model[sx, sy])
    return predict(model, frames, "cpu")


def bias_and_spread(model, held_out, per_distance, rng):
    """Claims b and c on positions spread over the distance to the wall (`model` as in `average`)."""
    sx, sy = by_wall_distance(per_distance, rng)
    digit = rng.choice(digit_indices(held_out), len(sx))
    pred = drawn(model, render_frames(digit, sx, sy), digit, sx, sy)
    implied, _, _ = implied_posterior(pred, digit, sx, sy)
    exact = exact_posterior(sx, sy)
    d, mid = wall_distance(sx, sy), is_mid_frame(sx, sy)
    right_model, right_exact = p_moves_right(implied), p_moves_right(exact)
    spreads = {k: across_wall(offset_spread(q), sx, sy) for k, q in (("model", implied), ("exact", exact))}
    distances = np.arange(d.max() + 1)
    specific = conditional_mean(digit[mid], sx[mid], sy[mid]) - blob(digit[mid], sx[mid], sy[mid])
    return {"position_specific_share": position_specific_share(pred, digit, sx, sy),
            # what drawing only the blob costs above the floor, per pixel, mid-frame: the part's size in MSE
            "position_specific_mse": float(np.mean(specific.astype(np.float64) ** 2)),
            "p_right_mid": line(right_model[mid], right_exact[mid]),
            "p_right_walls": line(right_model[~mid], right_exact[~mid]),
            "p_right_gap_mid": float(np.mean(np.abs(right_model[mid] - right_exact[mid]))),
            "spread": {"wall_distance": distances.tolist(),
                       **{k: [float(v[d == k_].mean()) for k_ in distances] for k, v in spreads.items()},
                       **{f"{k}_mid": float(v[mid].mean()) for k, v in spreads.items()},
                       **{f"{k}_wall": float(v[d == 0].mean()) for k, v in spreads.items()}}}


def counted(pairs_seen, args):
    """A learner that draws the digit exactly and counts where `pairs_seen` pairs went (common/digits_readout.py:
    counted_posterior): the share of E[y|x]'s position-specific part and the distance to E[y|x] that as many pairs
    as the network saw allow, scored on the held-out digits' pairs and positions the network is scored on."""
    rng = stream_rng(args.seed, "digits_claims")   # the same held-out pairs and positions as the network's
    q = counted_posterior(pairs_seen, stream_rng(args.seed, "digits_counted"))
    a = average(q, True, args.pairs, rng)
    b = bias_and_spread(q, True, args.per_distance, rng)
    return {"pairs_seen": pairs_seen, "ratio_to_bayes": a["ratio_to_bayes"], "distance_to_oracle": a["distance_to_oracle"],
            "position_specific_share": b["position_specific_share"], "p_right_mid": b["p_right_mid"]}


def lattice(model, row_digits, rng):
    """Claim e: P(moves right | sx) along row LATTICE_ROW, exact and implied (mean over `row_digits` held-out digits)."""
    sx = np.repeat(np.arange(N_POSITIONS), row_digits)
    sy = np.full_like(sx, LATTICE_ROW)
    digit = rng.choice(digit_indices(held_out=True), len(sx))
    implied, _, _ = implied_posterior(predict(model, render_frames(digit, sx, sy), "cpu"), digit, sx, sy)
    model_p = p_moves_right(implied).reshape(N_POSITIONS, row_digits).mean(1)
    exact_p = p_moves_right(exact_posterior(np.arange(N_POSITIONS), np.full(N_POSITIONS, LATTICE_ROW)))
    mid = slice(MID_LOW, LAST_POSITION - MID_LOW + 1)
    return {"row": LATTICE_ROW, "digits_per_column": row_digits, "sx": list(range(N_POSITIONS)),
            "exact": exact_p.tolist(), "model": model_p.tolist(), "mid": line(model_p[mid], exact_p[mid])}


def panels(model, rng):
    """The panel figure's examples: a held-out digit at PANELS' positions, with its exact and implied P(right)."""
    out = {}
    for name, (sx, sy) in PANELS.items():
        digit = int(rng.choice(digit_indices(held_out=True)))
        pred = predict(model, render_frames([digit], [sx], [sy]), "cpu")
        implied, _, residual = implied_posterior(pred, [digit], [sx], [sy])
        out[name] = {"digit": digit, "sx": sx, "sy": sy, "p_right_exact": float(p_moves_right(exact_posterior([sx], [sy]))[0]),
                     "p_right_model": float(p_moves_right(implied)[0]), "fit_residual": float(residual[0])}
    return out


def main(argv=None):
    args = parse_args(argv)
    model, config = load_run(args.checkpoint, pixel_predictor, hint(TRAIN, args), expect={"world": "digits"})
    rng = stream_rng(args.seed, "digits_claims")
    sets = {"heldout": True, "train": False}
    numbers = {"checkpoint": args.checkpoint, "steps": config.get("steps"), "seed": args.seed,
               "sizes": {"pairs": args.pairs, "per_distance": args.per_distance, "row_digits": args.row_digits},
               "mid_frame_from_wall": MID_LOW,
               "average": {name: average(model, held, args.pairs, rng) for name, held in sets.items()},
               "position": {name: bias_and_spread(model, held, args.per_distance, rng) for name, held in sets.items()},
               "lattice": lattice(model, args.row_digits, rng), "panels": panels(model, rng),
               "output": config.get("output", "decoder"),
               "counted": counted(config["steps"] * config["batch_size"], args)}
    save_json(numbers, args.out)
    a, b, lat = numbers["average"]["heldout"], numbers["position"]["heldout"], numbers["lattice"]
    print(f"held-out: MSE {a['mse']:.5f} = {a['ratio_to_bayes']:.3f} (+- {a['ratio_standard_error']:.3f}) x the Bayes floor; distance to E[y|x] "
          f"{a['distance_to_oracle']:.5f}; fit as a mix of futures leaves {a['fit_residual_median']:.3f} (median)")
    print(f"  position-specific share of E[y|x] drawn, mid-frame: {b['position_specific_share']:.3f}")
    print(f"  implied P(moves right) vs exact, mid-frame: r = {b['p_right_mid']['corr']:.3f}, slope "
          f"{b['p_right_mid']['slope']:.3f}; lattice row {lat['row']}: r = {lat['mid']['corr']:.3f}, slope {lat['mid']['slope']:.3f}")
    s = b["spread"]
    print(f"  spread of the next position (px), mid-frame -> at a wall: model {s['model_mid']:.2f} -> {s['model_wall']:.2f}, "
          f"exact {s['exact_mid']:.2f} -> {s['exact_wall']:.2f}")
    c = numbers["counted"]
    print(f"counting the offsets of {c['pairs_seen']:,} pairs (as many as the network saw): share {c['position_specific_share']:.3f}, "
          f"distance to E[y|x] {c['distance_to_oracle']:.5f}, {c['ratio_to_bayes']:.3f} x the Bayes floor")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    run_main(main)
