"""Generated parts of docs/tokens.md: the samplers side by side, the token sampler's goals, its refit.

Reads results/samplers.json (part1_pixel/sampling/compare_samplers.py), results/[biased/]token_sampler*.json
(measure_sampler.py) and checkpoints/[biased/]token_sampler*.json (train_token_sampler.py's metrics).
"""
from blocks.fmt import load, pct, sig, table

WORLDS = ("article", "biased")
SEEDS = (0, 1, 2)
TOKENS = "LLM-style (frame tokens)"
BEFORE_REFIT = "LLM-style, before the read-out refit"
MSE_MODEL = "MSE model (ghost share, no sampling)"
FACTOR = 1.5                       # as faithful as the MSE model: a share error within this factor of its
SHARPNESS, VALIDITY, MINUTES = 0.002, 0.95, 20


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


def side_by_side():
    out = []
    for world in WORLDS:
        for name, s in samplers()[world]["summary"].items():
            n = rows(world, name)[0]["samples_per_cell"]
            out.append([world, name, s["runs"], f"{n:,}" if n else "no sampling",
                        spread(s["share_rms"], points, 100), spread(s["slope"], lambda v: f"{v:.2f}"),
                        spread(s["sharpness"], lambda v: sig(v)), spread(s["validity"], lambda v: pct(v, 1)),
                        spread(s["train_seconds"], lambda v: f"{v / 60:.1f} min"),
                        spread(s["seconds_per_sample"], lambda v: f"{v * 1e3:.2g} ms")])
    return table(["world", "sampler", "runs", "samples per cell", "share error, points", "slope (1 is faithful)",
                  "MSE to the nearer future", "valid single balls", "training", "time per sample"], out)


def bar(world):
    return FACTOR * summary(world, MSE_MODEL)["share_rms"]["mean"]


def met(ok):
    return "**yes**" if ok else "**no**"


def goals():
    token = {w: rows(w, TOKENS) for w in WORLDS}
    share = [[f"{100 * r['share_rms']:.1f}" for r in token[w]] for w in WORLDS]
    out = [
        [f"share error <= {FACTOR} x the MSE model's, both worlds, 3 seeds (36 cells, 400 samples each)",
         "; ".join(f"{w}: seeds {' / '.join(share[i])} points, mean {100 * summary(w, TOKENS)['share_rms']['mean']:.1f} "
                   f"(bar {100 * bar(w):.2f})" for i, w in enumerate(WORLDS)),
         met(all(summary(w, TOKENS)["share_rms"]["mean"] <= bar(w) for w in WORLDS))
         + ("" if all(r["share_rms"] <= bar(w) for w in WORLDS for r in token[w])
            else " on the mean over seeds; not every seed")],
        [f"sharp: MSE to the nearer future <= {SHARPNESS}",
         f"worst run {sig(max(r['sharpness'] for w in WORLDS for r in token[w]))}",
         met(all(r["sharpness"] <= SHARPNESS for w in WORLDS for r in token[w]))],
        [f"valid: >= {pct(VALIDITY)} single balls", f"worst run {pct(min(r['validity'] for w in WORLDS for r in token[w]), 1)}",
         met(all(r["validity"] >= VALIDITY for w in WORLDS for r in token[w]))],
        [f"training <= {MINUTES} min on one core (codebooks, training, refit)",
         f"slowest run {max(r['train_seconds'] for w in WORLDS for r in token[w]) / 60:.1f} min",
         met(all(r["train_seconds"] <= 60 * MINUTES for w in WORLDS for r in token[w]))],
    ]
    return table(["goal", "measured", "met?"], out)


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


TABLES = {
    "tokens.samplers": side_by_side,
    "tokens.goals": goals,
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
    "tokens.n.bar": lambda: " / ".join(f"{100 * bar(w):.2f}" for w in WORLDS),
}
