"""Generated parts of docs/tokens.md: the samplers side by side, what each run's share error can resolve, the refit.

Reads results/samplers.json (part1_pixel/sampling/compare_samplers.py), results/[biased/]token_sampler*.json
(measure_sampler.py) and checkpoints/[biased/]token_sampler*.json (train_token_sampler.py's metrics).
"""

from blocks import samplers
from blocks.fmt import ROOT, load, pct, sig, table
from blocks.samplers import BEFORE_REFIT, TOKENS, rows, summary

WORLDS = ("article", "biased")
SEEDS = (0, 1, 2)


def token_words():
    return samplers.words(TOKENS)


def token_verdict():
    return samplers.sampler_verdict(TOKENS)


def metrics(world, seed):
    folder = "checkpoints" if world == "article" else f"checkpoints/{world}"
    return load(f"{folder}/{'token_sampler' if seed == 0 else f'token_sampler_seed{seed}'}.json")


def refit():
    out = []
    for world in WORLDS:
        for seed in SEEDS:
            r = metrics(world, seed)["overview_refit"]
            out.append([world, seed, f"{r['pairs']:,}", f"{r['cross_entropy_before']:.4f}",
                        f"{r['cross_entropy_after']:.4f}"])
    return table(["world", "seed", "fresh pairs", "overview token's cross-entropy, trained head",
                  "after the refit"], out)


def before_after(world):
    """Share error before -> after the refit, the mean over the seeds that have both."""
    b, a = summary(world, BEFORE_REFIT), summary(world, TOKENS)
    return f"{100 * b['share_rms']['mean']:.1f} -> {100 * a['share_rms']['mean']:.1f}"


def brief(name):
    """One sampler in a phrase: its share error in both worlds (means over seeds), its slope in the biased world."""
    parts = [" / ".join(f"{100 * summary(w, name)['share_rms']['mean']:.1f}" for w in WORLDS) + " points"]
    slope = summary("biased", name)["slope"]
    if slope is not None:
        parts.append(f"slope {slope['mean']:.2f}")
    return ", ".join(parts)


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
    "tokens.refit": refit,
}
NUMBERS = {
    "tokens.n.tokens": lambda: brief(TOKENS),
    "tokens.n.tokens_valid": lambda: pct(min(summary(w, TOKENS)["validity"]["min"] for w in WORLDS), 1),
    "tokens.n.tokens_sharp": lambda: sig(max(summary(w, TOKENS)["sharpness"]["max"] for w in WORLDS)),
    "tokens.n.perfect": lambda: " / ".join(samplers.points(max(r["perfect_p95"] for r in rows(w, TOKENS)))
                                           for w in WORLDS),
    "tokens.n.samples_per_cell": lambda: f"{rows('article', TOKENS)[0]['samples_per_cell']:,}",
    "tokens.n.reconstruction": lambda: " / ".join(sig(metrics(w, 0)["codebook_reconstruction_mse"], 1)
                                                  for w in WORLDS),
    "tokens.n.overview_reconstruction": lambda: " / ".join(sig(metrics(w, 0)["overview_reconstruction_mse"])
                                                           for w in WORLDS),
    "tokens.n.parameters": lambda: f"{metrics('article', 0)['config']['parameters']:,}",
    "tokens.n.steps": lambda: f"{metrics('article', 0)['config']['steps']:,}",
    "tokens.n.before_after": lambda: " / ".join(before_after(w) for w in WORLDS),
    "tokens.n.token_words": token_words,
    "tokens.n.verdict": token_verdict,
    "tokens.n.network_pairs": lambda: f"{rows('article', BEFORE_REFIT)[0]['pairs_seen']:,}",
    "tokens.n.refit_pairs": lambda: f"{metrics('article', 0)['overview_refit']['pairs']:,}",
}
