"""Generated parts of docs/tokens.md: the samplers side by side, what each run's share error can resolve, the refit.

Reads results/samplers.json (part1_pixel/sampling/compare_samplers.py), results/[biased/]token_sampler*.json
(measure_sampler.py) and checkpoints/[biased/]token_sampler*.json (train_token_sampler.py's metrics).
"""
import numpy as np

from blocks.fmt import ROOT, load, pct, sig, table

WORLDS = ("article", "biased")
SEEDS = (0, 1, 2)
TOKENS = "LLM-style (frame tokens)"
BEFORE_REFIT = "LLM-style, before the read-out refit"
MSE_MODEL = "MSE model (ghost share, no sampling)"
FLOW = "flow ODE (Euler, NFE 8)"
EXACT_GRID = "exact x1-prediction, flow ODE grid"


def samplers():
    return load("results/samplers.json")


def summary(world, name):
    return samplers()[world]["summary"].get(name)


def rows(world, name):
    return [r for r in samplers()[world]["rows"] if r["sampler"] == name]


def spread(s, fmt, scale=1.0):
    """A summary's mean, with its range over runs when there are several."""
    if s is None:
        return "-"
    text = fmt(s["mean"] * scale)
    return text if s["min"] == s["max"] else f"{text} ({fmt(s['min'] * scale)} to {fmt(s['max'] * scale)})"


def points(x):
    return f"{x:.1f}"


def resolution(row):
    """What one run's share error says, by rule: at or below what a perfect sampler scores with the same counts
    (perfect_p95) the measurement cannot tell the run from a perfect sampler; at or below what the per-frame
    frequency table of the run's training pairs scores (table_p95) it is as faithful as those pairs allow;
    above both, measurably less faithful than they allow."""
    if row["share_rms"] <= row["perfect_p95"]:
        return "cannot be told from a perfect sampler"
    if row["table_p95"] is not None and row["share_rms"] <= row["table_p95"]:
        return "as faithful as its pairs allow"
    return "measurably less faithful than its pairs allow" if row["table_p95"] is not None else "measurably unfaithful"


def side_by_side():
    out = []
    for world in WORLDS:
        for name, s in samplers()[world]["summary"].items():
            first = rows(world, name)[0]
            n, pairs = first["samples_per_cell"], first.get("pairs_seen")
            out.append([world, name, s["runs"], f"{pairs:,}" if pairs else "-", f"{n:,}" if n else "no sampling",
                        spread(s["share_rms"], points, 100),
                        f"{100 * np.mean([r['perfect_p95'] for r in rows(world, name)]):.1f}" if n else "0",
                        spread(s["slope"], lambda v: f"{v:.2f}"),
                        spread(s["sharpness"], lambda v: sig(v)), spread(s["validity"], lambda v: pct(v, 1)),
                        spread(s["train_seconds"], lambda v: f"{v / 60:.1f} min"),
                        spread(s["seconds_per_sample"], lambda v: f"{v * 1e3:.2g} ms")])
    return table(["world", "sampler", "runs", "pairs seen", "samples per cell", "share error, points",
                  "a perfect sampler, 95th pct.", "slope (1 is faithful)", "MSE to the nearer future",
                  "valid single balls", "training", "time per sample"], out)


def resolved():
    """Every run with a training budget: its share error, the two references at the same counts, the rule's word."""
    out = []
    for world in WORLDS:
        for r in samplers()[world]["rows"]:
            if r.get("pairs_seen") is None:
                continue
            out.append([world, r["sampler"], "-" if r.get("seed") is None else r["seed"], f"{r['pairs_seen']:,}",
                        f"{r['samples_per_cell']:,}" if r["samples_per_cell"] else "no sampling",
                        points(100 * r["share_rms"]), points(100 * r["perfect_p95"]), points(100 * r["table_p95"]),
                        resolution(r)])
    return table(["world", "sampler", "seed", "pairs seen", "samples per cell", "share error", "perfect sampler, 95th pct.",
                  "frequency table of its pairs, 95th pct.", "by the rule"], out)


def token_words():
    """The token sampler's runs by the rule, as counts over its 6 runs (3 seeds x 2 worlds)."""
    words = [resolution(r) for w in WORLDS for r in rows(w, TOKENS)]
    return ", ".join(f"{words.count(w)} of {len(words)} {w}" for w in dict.fromkeys(words))


def grid_share():
    """How much of the flow sampler's mean-square share error the 8-step grid alone gives (an exact x1-prediction
    on the same grid and noise), per world."""
    return " / ".join(f"{(summary(w, EXACT_GRID)['share_rms']['mean'] / summary(w, FLOW)['share_rms']['mean']) ** 2:.0%}"
                      for w in WORLDS)


def metrics(world, seed):
    folder = "checkpoints" if world == "article" else f"checkpoints/{world}"
    return load(f"{folder}/{'token_sampler' if seed == 0 else f'token_sampler_seed{seed}'}.json")


def refit():
    out = []
    for world in WORLDS:
        for seed in SEEDS:
            r = metrics(world, seed)["overview_refit"]
            out.append([world, seed, f"{r['pairs']:,}", f"{r['cross_entropy_before']:.4f}",
                        f"{r['cross_entropy_after']:.4f}", f"{r['seconds']:.0f} s"])
    return table(["world", "seed", "fresh pairs", "overview token's cross-entropy, trained head",
                  "after the refit", "refit time"], out)


def before_after(world):
    b, a = summary(world, BEFORE_REFIT), rows(world, TOKENS)[0]
    return f"{100 * b['share_rms']['mean']:.1f} -> {100 * a['share_rms']:.1f}"


def brief(name):
    """One sampler in a phrase: its share error in both worlds, its slope in the biased world, and its cost
    against one MSE-model pass where it samples."""
    parts = [" / ".join(f"{100 * summary(w, name)['share_rms']['mean']:.1f}" for w in WORLDS) + " points"]
    slope = summary("biased", name)["slope"]
    if slope is not None:
        parts.append(f"slope {slope['mean']:.2f}")
    times = [summary(w, name)["seconds_per_sample"] for w in WORLDS]
    if name != MSE_MODEL and all(times):
        mse_pass = [summary(w, MSE_MODEL)["seconds_per_sample"]["mean"] for w in WORLDS]
        parts.append(" / ".join(f"{t['mean'] / m:.0f}x" for t, m in zip(times, mse_pass)) + " an MSE-model pass")
    return ", ".join(parts)


def minutes(name):
    return " / ".join(f"{summary(w, name)['train_seconds']['max'] / 60:.0f}" for w in WORLDS)


def commands():
    """The commands behind every committed token-sampler result, read from the results themselves: the training
    (its seed from the checkpoint's metrics) and the measurement of each checkpoint, and of the network before
    the refit, which the training writes beside it (_no_refit.pt)."""
    lines = []
    for world in ("article", "biased"):
        folder = ROOT / ("results" if world == "article" else f"results/{world}")
        for path in sorted(folder.glob("token_sampler*.json")):
            m = load(str(path.relative_to(ROOT)))
            checkpoint = m["checkpoint"]
            if not checkpoint.endswith("_no_refit.pt"):
                seed = load(checkpoint[: -len(".pt")] + ".json")["config"]["seed"]
                lines.append(f"python part1_pixel/train_token_sampler.py --world {world} --seed {seed} --out {checkpoint}")
            per_column = m["default"]["samples_per_cell"] // m["sub_columns"]
            lines.append(f"python part1_pixel/sampling/measure_sampler.py --world {world} --checkpoint {checkpoint} "
                         f"--default-samples {per_column}   # -> {path.relative_to(ROOT)}")
    return "```bash\n" + "\n".join(lines) + "\n```\n"


TABLES = {
    "tokens.commands": commands,
    "tokens.samplers": side_by_side,
    "tokens.resolved": resolved,
    "tokens.refit": refit,
}
NUMBERS = {
    "tokens.n.flow": lambda: brief("flow ODE (Euler, NFE 8)"),
    "tokens.n.stochastic": lambda: brief("flow stochastic (ancestral, NFE 8)"),
    "tokens.n.tokens": lambda: brief(TOKENS),
    "tokens.n.tokens_minutes": lambda: minutes(TOKENS),
    "tokens.n.tokens_valid": lambda: pct(min(summary(w, TOKENS)["validity"]["min"] for w in WORLDS), 1),
    "tokens.n.tokens_sharp": lambda: sig(max(summary(w, TOKENS)["sharpness"]["max"] for w in WORLDS)),
    "tokens.n.flow_valid": lambda: " / ".join(pct(summary(w, "flow ODE (Euler, NFE 8)")["validity"]["mean"], 1)
                                              for w in WORLDS),
    "tokens.n.mixture": lambda: " / ".join(f"{100 * summary(w, 'mixture, K = 2 (told K)')['share_rms']['mean']:.1f}"
                                           if summary(w, "mixture, K = 2 (told K)") else "-" for w in WORLDS),
    "tokens.n.reconstruction": lambda: " / ".join(sig(metrics(w, 0)["codebook_reconstruction_mse"], 1)
                                                  for w in WORLDS),
    "tokens.n.overview_reconstruction": lambda: " / ".join(sig(metrics(w, 0)["overview_reconstruction_mse"])
                                                           for w in WORLDS),
    "tokens.n.parameters": lambda: f"{metrics('article', 0)['config']['parameters']:,}",
    "tokens.n.steps": lambda: f"{metrics('article', 0)['config']['steps']:,}",
    "tokens.n.before_after": lambda: " / ".join(before_after(w) for w in WORLDS),
    "tokens.n.mse_model": lambda: " / ".join(f"{100 * summary(w, MSE_MODEL)['share_rms']['mean']:.1f}" for w in WORLDS),
    "tokens.n.token_words": token_words,
    "tokens.n.token_perfect": lambda: " / ".join(points(100 * np.mean([r["perfect_p95"] for r in rows(w, TOKENS)]))
                                                 for w in WORLDS),
    "tokens.n.token_table": lambda: " / ".join(points(100 * np.mean([r["table_p95"] for r in rows(w, TOKENS)]))
                                               for w in WORLDS),
    "tokens.n.token_pairs": lambda: f"{rows('article', TOKENS)[0]['pairs_seen']:,}",
    "tokens.n.mse_pairs": lambda: f"{rows('article', MSE_MODEL)[0]['pairs_seen']:,}",
    "tokens.n.flow_pairs": lambda: f"{rows('article', FLOW)[0]['pairs_seen']:,}",
    "tokens.n.grid_share": grid_share,
    "tokens.n.pairs_ratio": lambda: f"{rows('article', TOKENS)[0]['pairs_seen'] / rows('article', MSE_MODEL)[0]['pairs_seen']:.0f}",
    "tokens.n.grid_slope": lambda: f"{summary('biased', EXACT_GRID)['slope']['mean']:.2f} / "
                                   f"{summary('biased', FLOW)['slope']['mean']:.2f}",
}
