"""Generated parts of docs/sampling.md: every sampler side by side, each run against what it can resolve, the
comparison at equal pairs seen, and the one cost per sample that every page quotes.

Reads results/samplers.json (part1_pixel/sampling/compare_samplers.py), bench/sample_cost.json
(bench/sample_cost.py: milliseconds per sample, one process, one thread) and bench/timings.json
(bench/time_commands.py: trainings timed alone).
"""
import numpy as np

from blocks import rules
from blocks.fmt import load, load_if_run, pct, sig, table

WORLDS = ("article", "biased")
FLOW = "flow ODE (Euler, NFE 8)"
STOCHASTIC = "flow stochastic (ancestral, NFE 8)"
EXACT = "exact sampler (goes right with the exact P)"
EXACT_GRID = "exact x1-prediction, flow ODE grid"
EXACT_STOCHASTIC = "exact x1-prediction, stochastic steps"
TOKENS = "LLM-style (frame tokens)"
BEFORE_REFIT = "LLM-style, before the read-out refit"
MSE_MODEL = "MSE model (ghost share, no sampling)"
MSE_EQUAL = "MSE model, the token network's pairs (ghost share)"
MIXTURE = "mixture, K = 2 (told K)"
SHORT = {BEFORE_REFIT: "the token network", MSE_EQUAL: "the MSE model"}   # the two at equal pairs, in a sentence
LEARNED = (FLOW, STOCHASTIC, TOKENS)   # the samplers a network learned, not told K, each drawing a frame
# The table's order: the exact references, the samplers not told K, the MSE model, the mixture that is told K.
ORDER = (EXACT, FLOW, STOCHASTIC, EXACT_GRID, EXACT_STOCHASTIC, TOKENS, BEFORE_REFIT, MSE_MODEL, MSE_EQUAL, MIXTURE)
# Which bench/timings.json entry timed each sampler's training alone, where one did.
TRAINING = {MSE_MODEL: "train", FLOW: "train_sampler", STOCHASTIC: "train_sampler", TOKENS: "train_token_sampler"}


def samplers():
    return load("results/samplers.json")


def summary(world, name):
    return samplers()[world]["summary"].get(name)


def rows(world, name):
    return [r for r in samplers()[world]["rows"] if r["sampler"] == name]


def points(x):
    return f"{100 * x:.1f}"


def spread(values, fmt):
    """The mean of the runs' values, with their range when there are several."""
    if not values or any(v is None for v in values):
        return "-"
    text = fmt(float(np.mean(values)))
    return text if min(values) == max(values) else f"{text} [{fmt(min(values))}, {fmt(max(values))}]"


def both(name, key, fmt):
    """One value per world, article / biased (each a mean over seeds, with its range)."""
    return " / ".join(spread([r[key] for r in rows(w, name)], fmt) for w in WORLDS)


# --- cost per sample: bench/sample_cost.json, the one definition -------------------------------------------

def cost():
    return load("bench/sample_cost.json")


def ms_per_sample(name):
    """Milliseconds per sample and its ratio to one MSE-model pass ('-' for a sampler not timed)."""
    c = cost()
    if name in (MSE_MODEL, MSE_EQUAL):
        return f"{c['mse_model_seconds_per_frame'] * 1e3:.2f} ms (1x: one pass, no sample)"
    seconds = c["seconds_per_sample"].get(name)
    return "-" if seconds is None else f"{seconds * 1e3:.1f} ms ({seconds / c['mse_model_seconds_per_frame']:.0f}x)"


def times_mse_pass(name):
    c = cost()
    return c["seconds_per_sample"][name] / c["mse_model_seconds_per_frame"]


def cost_table():
    c = cost()
    out = [[name, f"{s * 1e3:.2f}", f"{s / c['mse_model_seconds_per_frame']:.1f}x"]
           for name, s in c["seconds_per_sample"].items()]
    out += [[f"flow ODE, NFE {n}", f"{s * 1e3:.2f}", f"{s / c['mse_model_seconds_per_frame']:.1f}x"]
            for n, s in c["flow_seconds_per_sample_by_nfe"].items() if n != "8"]
    out.append(["the MSE model: one PixelPredictor pass", f"{c['mse_model_seconds_per_frame'] * 1e3:.3f}", "1x"])
    return table(["sampler", "ms per sample", "an MSE-model pass"], out)


# --- training --------------------------------------------------------------------------------------------

def training(name):
    """Minutes the default training took alone (bench/timings.json), where it was timed that way."""
    timings = load_if_run("bench/timings.json") or {"commands": {}}
    entry = timings["commands"].get(TRAINING.get(name, ""))
    return "-" if entry is None or not entry.get("alone") else f"{entry['seconds'] / 60:.1f} min"


def pairs(name):
    seen = {r.get("pairs_seen") for w in WORLDS for r in rows(w, name)}
    seen.discard(None)
    return " / ".join(f"{p:,}" for p in sorted(seen)) if seen else "-"


# --- the side-by-side table and each run by the rule ------------------------------------------------------

def names():
    present = {r["sampler"] for w in WORLDS for r in samplers()[w]["rows"]}
    return [n for n in ORDER if n in present]


def samples_per_cell(name):
    counts = {r["samples_per_cell"] for w in WORLDS for r in rows(w, name)}
    return "no sampling" if counts == {None} else " / ".join(f"{n:,}" for n in sorted(c for c in counts if c))


def side_by_side():
    out = []
    for name in names():
        runs = max(len(rows(w, name)) for w in WORLDS)
        slope = spread([r["slope"] for r in rows("biased", name)], lambda v: f"{v:.2f}")
        out.append([name, runs, pairs(name), samples_per_cell(name), both(name, "share_rms", points),
                    both(name, "perfect_p95", points),
                    both(name, "table_p95", points) if pairs(name) != "-" else "-", slope,
                    both(name, "sharpness", lambda v: sig(v)) if name not in (MSE_MODEL, MSE_EQUAL) else "- (the blur)",
                    both(name, "validity", lambda v: pct(v, 1)) if name not in (MSE_MODEL, MSE_EQUAL) else "0%",
                    training(name), ms_per_sample(name)])
    return table(["sampler (article / biased)", "runs", "pairs seen", "samples per cell", "share error, points",
                  "perfect sampler, 95th pct.", "what its pairs allow, 95th pct.", "slope, biased (1: faithful)",
                  "MSE to the nearer future", "valid single balls", "training, alone", "cost per sample"], out)


def resolved():
    """Every run with a training budget and a frequency table to score it against: its share error, the two
    references at the same counts, the rule's word. The mixture states its pairs but, read off its prior, has no
    table to score, so the rule does not apply to it."""
    out = []
    for world in WORLDS:
        for r in samplers()[world]["rows"]:
            if r.get("pairs_seen") is None or r["table_p95"] is None:
                continue
            out.append([world, r["sampler"], "-" if r.get("seed") is None else r["seed"], f"{r['pairs_seen']:,}",
                        f"{r['samples_per_cell']:,}" if r["samples_per_cell"] else "no sampling",
                        points(r["share_rms"]), points(r["perfect_p95"]),
                        points(r["table_p95"]),
                        rules.resolution(r["share_rms"], r["perfect_p95"], r["table_p95"])])
    return table(["world", "sampler", "seed", "pairs seen", "samples per cell", "share error", "perfect sampler, 95th pct.",
                  "frequency table of its pairs, 95th pct.", "by the rule"], out)


def words(name):
    """A sampler's runs by the rule, as counts over its runs in both worlds."""
    said = [rules.resolution(r["share_rms"], r["perfect_p95"], r["table_p95"]) for w in WORLDS for r in rows(w, name)]
    return ", ".join(f"{said.count(s)} of {len(said)} {s}" for s in dict.fromkeys(said))


# --- at equal pairs seen ----------------------------------------------------------------------------------

def equal_pairs():
    """The two samplers trained on the same pairs: the token network before its refit and the MSE model trained with
    its steps and batch."""
    return [n for n in (BEFORE_REFIT, MSE_EQUAL) if all(rows(w, n) for w in WORLDS)]


def equal_table():
    out = []
    for world in WORLDS:
        for name in equal_pairs():
            for r in rows(world, name):
                out.append([world, name, r["seed"], f"{r['pairs_seen']:,}", points(r["share_rms"]),
                            points(r["perfect_p95"]), points(r["table_p95"]),
                            rules.resolution(r["share_rms"], r["perfect_p95"], r["table_p95"])])
    return table(["world", "sampler", "seed", "pairs seen", "share error, points", "perfect sampler, 95th pct.",
                  "what its pairs allow, 95th pct.", "by the rule"], out)


def equal_verdict(world):
    if len(equal_pairs()) < 2:
        return "not run"
    a, b = (sorted(r["share_rms"] for r in rows(world, n)) for n in equal_pairs())
    return rules.ranked(a, b, *(SHORT[n] for n in equal_pairs()))


# --- the answer at the top --------------------------------------------------------------------------------

def side_steps(name):
    """rules.near: every run's samples are as close to one true future as a small fraction of the blur's distance."""
    blur = {w: load("results/sampler.json" if w == "article" else f"results/{w}/sampler.json")["oracle"]
            ["sharpness_ambiguous"] for w in WORLDS}
    return all(rules.near(r["sharpness"], blur[w]) for w in WORLDS for r in rows(w, name))


# The words of rules.resolution for a run that keeps the data's proportions as well as its pairs allow: not the
# measurably less faithful one, nor, with no pairs to count, the measurably unfaithful one.
KEPT = (rules.INDISTINGUISHABLE, rules.AS_PAIRS_ALLOW)


def faithful(name):
    """Every run as faithful as its pairs allow, or indistinguishable from a perfect sampler (rules.resolution)."""
    return all(rules.resolution(r["share_rms"], r["perfect_p95"], r["table_p95"]) in KEPT
               for w in WORLDS for r in rows(w, name))


def sampler_verdict(name):
    """One sampler by this page's rules, in two parts: it side-steps the blur (side_steps), and each run keeps the
    data's proportions as well as its pairs allow (rules.resolution: KEPT), graded over
    its runs by rules.verdict."""
    said = [rules.resolution(r["share_rms"], r["perfect_p95"], r["table_p95"]) for w in WORLDS for r in rows(w, name)]
    kept = [s in KEPT for s in said]
    return (f"side-steps the blur: {rules.verdict([side_steps(name)])}; keeps the data's proportions as well as "
            f"its pairs allow: {rules.verdict(kept)} ({sum(kept)} of {len(kept)} runs)")


def grid_words():
    """What the flow grid explains: the slope where the exact x1-prediction on the grid has nearly the network's
    (within 0.05), and the share error only where it gives at least half of the network's mean-square error."""
    slope = abs(summary("biased", EXACT_GRID)["slope"]["mean"] - summary("biased", FLOW)["slope"]["mean"]) <= 0.05
    shares = [(summary(w, EXACT_GRID)["share_rms"]["mean"] / summary(w, FLOW)["share_rms"]["mean"]) ** 2
              for w in WORLDS]
    error = "the grid most of the error" if min(shares) >= 0.5 else "the network most of the error"
    return ("The 8-step grid explains the exaggeration, " if slope else "The 8-step grid does not explain the exaggeration, ") + error


def claim_verdict():
    """The article's claim 9: sampling side-steps the blur (every learned sampler sharp) but with trade-offs; it
    holds fully only where every learned sampler not told K also keeps the data's proportions."""
    learned = [n for n in LEARNED if rows("article", n)]
    sharp = all(side_steps(n) for n in learned)
    return rules.verdict([sharp, sharp and all(faithful(n) for n in learned)])


def answer():
    learned = [n for n in LEARNED if rows("article", n)]
    valid = min(r["validity"] for w in WORLDS for n in learned for r in rows(w, n))
    costs = [times_mse_pass(n) for n in learned]
    def perfect(name):
        return " / ".join(points(max(r["perfect_p95"] for r in rows(w, name))) for w in WORLDS)

    text = (f"Every sampler that learned the next frame draws at least {pct(valid, 1)} single sharp balls where the "
            f"MSE model draws the blur, at {min(costs):.0f}x to {max(costs):.0f}x the cost of an MSE-model pass. The "
            f"trade-off that decides it is the proportions (share error in points, article / biased, beside what a "
            f"perfect sampler with the same samples scores at most, 95th percentile): the flow sampler "
            f"{both(FLOW, 'share_rms', points)} (perfect: {perfect(FLOW)}), {words(FLOW)}"
            + (f", and with ancestral steps {both(STOCHASTIC, 'share_rms', points)} (perfect: {perfect(STOCHASTIC)}), "
               f"{words(STOCHASTIC)}" if rows("article", STOCHASTIC) else "")
            + f"; the token sampler "
            f"{both(TOKENS, 'share_rms', points)} over 3 seeds (perfect: {perfect(TOKENS)}), {words(TOKENS)}, "
            f"with its read-out refitted on "
            f"{rows('article', TOKENS)[0]['pairs_seen'] - rows('article', BEFORE_REFIT)[0]['pairs_seen']:,} more pairs")
    if equal_pairs() == [BEFORE_REFIT, MSE_EQUAL]:
        text += (f". At equal data ({rows('article', MSE_EQUAL)[0]['pairs_seen']:,} pairs each), the token network "
                 f"before its refit against the MSE model: "
                 + "; ".join(f"{w} world, {equal_verdict(w)}" for w in WORLDS))
    return text


def grid_share():
    """How much of the flow sampler's mean-square share error the 8-step grid alone gives (an exact x1-prediction
    on the same grid), per world."""
    return " / ".join(f"{(summary(w, EXACT_GRID)['share_rms']['mean'] / summary(w, FLOW)['share_rms']['mean']) ** 2:.0%}"
                      for w in WORLDS)


def equal_commands():
    """The commands behind the MSE models trained on the token network's pairs, read from their results: one
    training per run (its world, seed and checkpoint), then the brightness study over them."""
    result = load_if_run("results/brightness_pairs192k.json")
    if result is None:
        return "```bash\nbash run_sampler.sh   # not run yet\n```\n"
    lines = []
    for world, data in result["worlds"].items():
        for run in data["runs"]:
            config = load(run["checkpoint"][: -len(".pt")] + ".json")["config"]   # train.py's metrics, committed
            lines.append(f"python part1_pixel/train.py --world {world} --seed {run['seed']} --steps {config['steps']} "
                         f"--batch-size {config['batch_size']} --out {run['checkpoint']}")
    lines.append("python part1_pixel/bias/measure_brightness.py --checkpoints checkpoints/pairs192k "
                 "--out results/brightness_pairs192k.json")
    return "```bash\n" + "\n".join(lines) + "\n```\n"


TABLES = {
    "samplers.commands": equal_commands,
    "samplers.side_by_side": side_by_side,
    "samplers.resolved": resolved,
    "samplers.equal": equal_table,
    "samplers.cost": cost_table,
}
NUMBERS = {
    "samplers.n.verdict": claim_verdict,
    "samplers.n.answer": answer,
    "samplers.n.tokens_words": lambda: words(TOKENS),
    "samplers.n.equal_article": lambda: equal_verdict("article"),
    "samplers.n.equal_biased": lambda: equal_verdict("biased"),
    "samplers.n.mse_pass": lambda: f"{cost()['mse_model_seconds_per_frame'] * 1e3:.2f} ms",
    "samplers.n.cost_commit": lambda: cost()["commit"],
    "samplers.n.grid_share": grid_share,
    "samplers.n.grid_words": grid_words,
    "samplers.n.grid_slope": lambda: f"{summary('biased', EXACT_GRID)['slope']['mean']:.2f} / "
                                     f"{summary('biased', FLOW)['slope']['mean']:.2f}",
    "samplers.n.flow_cost": lambda: f"{times_mse_pass(FLOW):.0f}x",
    "samplers.n.stochastic_cost": lambda: f"{times_mse_pass(STOCHASTIC):.0f}x",
    "samplers.n.flow_verdict": lambda: sampler_verdict(FLOW),
    "samplers.n.flow_valid": lambda: both(FLOW, "validity", lambda v: pct(v, 1)),
    "samplers.n.flow_share": lambda: both(FLOW, "share_rms", points),
    "samplers.n.flow_rule": lambda: (f"{words(FLOW)}: a perfect sampler with the same samples scores at most "
                                     f"{both(FLOW, 'perfect_p95', points)}, its {pairs(FLOW)} pairs allow "
                                     f"{both(FLOW, 'table_p95', points)} (95th percentiles)"),
}
