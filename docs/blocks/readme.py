"""Generated parts of README.md: the article's claims, one row each in the article's order, and the parts.

Reads checkpoints/[biased/]pixel.json, results/[biased/]blur.json, results/brightness.json,
results/capacity.json, results/controls.json, results/[biased/]sampler.json, results/jepa.json and
bench/timings.json. A verdict that follows from a number is computed here, with its rule in the code.
"""
import blocks.blur
from blocks.fmt import load, num, pct, span, table


def heldout(world="article"):
    return load("checkpoints/pixel.json" if world == "article" else f"checkpoints/{world}/pixel.json")["heldout"]


def blur(world="article"):
    return load("results/blur.json" if world == "article" else f"results/{world}/blur.json")


def capacity(name):
    return next(row for row in load("results/capacity.json")["rows"] if row["name"] == name)


def same_blur(row):
    """A variant draws "the same blur" when it stays within 5% of the Bayes floor and its mid-frame smear
    (the fainter ghost's weight; two equal ghosts = 0.5) stays above 0.45."""
    return row["ratio_to_bayes"] < 1.05 and row["smear"]["ambiguous_zone"] > 0.45


def capacity_row(sentence, names):
    rows, default_lr = [capacity(n) for n in names], capacity("default")["lr"]
    verdict = "holds" if all(same_blur(r) for r in rows) else "does not hold"
    label = lambda r: r["name"] if r["lr"] == default_lr else f"{r['name']} (lr {r['lr']:g})"
    numbers = "; ".join(f"{label(r)}: {num(r['ratio_to_bayes'])} x floor, smear {num(r['smear']['ambiguous_zone'])}"
                        for r in rows)
    return [sentence, verdict, numbers, "[capacity](figures/capacity.png)", "[claims](docs/claims.md)"]


def loss_row():
    m = load("checkpoints/pixel.json")
    h = m["heldout"]
    return ["Loss converges to about 0.018, well below the all-zeros floor of 0.048", "holds",
            (f"training loss {num(m['final_train_loss'], 4)} (last 50 steps); held-out MSE {num(h['mse'], 4)} = "
             f"{num(h['ratio_to_bayes'])} x the Bayes floor {num(h['bayes_floor'], 4)}; zeros {num(h['zeros_floor'], 4)}"),
            "[loss curve](figures/loss_curve.png)", "[blur](docs/blur.md)"]


def brighter_row():
    a, b = blur()["panel"], blur("biased")["panel"]
    return ["[The prediction] is brighter on the side the ball moved to and trails a faint halo", "holds in part",
            (f"article's world, x = {a['x']}: {num(a['right'])} x right + {num(a['left'])} x left "
            f"(data: P(right) {num(a['p_right'])}), two equally bright ghosts; only in the biased world is one brighter: "
            f"x = {b['x']}: {num(b['right'])} / {num(b['left'])} (P(right) {num(b['p_right'])})"),
            "[panels](figures/panels.png), [biased](figures/biased/panels.png)", "[blur](docs/blur.md)"]


def average_row():
    h, p = heldout(), blur()["panel"]
    return ["The model has produced a weighted average of two ball positions", "holds",
            (f"fit at x = {p['x']}: {num(p['right'])} x right + {num(p['left'])} x left; output to exact E[y\\|x]: "
            f"{num(h['distance_to_oracle'], 5)} (MSE {num(h['mse'], 4)})"), "[panels](figures/panels.png)",
            "[blur](docs/blur.md)"]


def bias_row():
    worlds = load("results/brightness.json")["worlds"]
    r_b, r_a = worlds["biased"]["corr_ambiguous"], worlds["article"]["corr_ambiguous"]
    slope = worlds["biased"]["slope_ambiguous"]
    return ["The brightness ratio reflects the training data's bias for that specific input position",
            "holds in part",
            (f"biased world: r = {span([r_b['min'], r_b['max']])}, slope {num(slope['mean'], 2)} (3 seeds); "
            f"article's world, where the bias is at most {num(max_bias(worlds['article']), 3)}: "
            f"r = {num(r_a['min'], 2)} to {num(r_a['max'], 2)}, not visible"),
            "[brightness](figures/brightness.png)", "[bias](docs/bias.md)"]


def max_bias(world):
    low, high = world["p_right_range_both_directions"]
    return max(0.5 - low, high - 0.5)


def smear_row():
    return ["[It] smears most at mid-frame positions ... and tightens up near the walls", "holds",
            f"smear (the fainter ghost's weight): {blocks.blur.smear_shape_text()}",
            "[smear](figures/smear_vs_position.png)", "[blur](docs/blur.md)"]


def optimum_row():
    h = heldout()
    two = next(r for r in load("results/controls.json")["rows"] if r["inputs"] == "two_frames")
    return ["The MSE-optimal output for any input is the conditional mean E[y\\|x]", "holds",
            (f"model at {num(h['ratio_to_bayes'])} x the MSE of the exact E[y\\|x] on the same held-out pairs; the same "
             f"network shown two frames reaches {num(two['ratio_to_bayes'])} x it on its own held-out pairs: the blur "
             "is the missing information"),
            "[panels](figures/panels.png)", "[world](docs/world.md), [claims](docs/claims.md#results-the-controls)"]


def sampler_row():
    a, b = load("results/sampler.json")["default"], load("results/biased/sampler.json")["default"]
    from blocks import tokens
    flow = [f"{100 * tokens.summary(w, 'flow ODE (Euler, NFE 8)')['share_rms']['mean']:.1f}" for w in ("article", "biased")]
    cost = [c["seconds_per_sample_default_run"] / c["pixel_predictor_seconds_per_frame"]
            for c in (load("results/sampler_cost.json"), load("results/biased/sampler_cost.json"))]
    return [("Diffusion-style outputs. Side-step [the blur] by sampling instead of point-predicting, but introduce "
            "their own trade-offs"), "holds in part",
            (f"flow sampler, 8 steps: {pct(a['validity'], 1)} / {pct(b['validity'], 1)} single sharp balls "
             f"(article / biased world), each costing {cost[0]:.0f}x / {cost[1]:.0f}x an MSE-model pass; the share "
             f"going right is within 3 points of P(right\\|x) at {pct(a['share']['within_3_points'])} / "
             f"{pct(b['share']['within_3_points'])} of cells (an exact sampler: "
             f"{pct(a['share']['exact_sampler_within_3_points'], 1)} / {pct(b['share']['exact_sampler_within_3_points'], 1)}"
             f"): not faithful (share error {flow[0]} / {flow[1]} points). {token_verdict()}"),
            "[share](figures/sampler_share.png), [samplers](figures/samplers.png)",
            "[sampling](docs/sampling.md), [tokens](docs/tokens.md)"]


def token_verdict():
    """The LLM-style sampler in one sentence: its share errors beside what a perfect sampler scores with the same
    counts, the pairs it saw against the MSE model's, and its cost (the rule: blocks.tokens.resolution)."""
    from blocks import tokens
    runs = {w: tokens.rows(w, tokens.TOKENS) for w in ("article", "biased")}
    errors = [", ".join(f"{100 * r['share_rms']:.1f}" for r in runs[w]) for w in runs]
    perfect = [f"{100 * max(r['perfect_p95'] for r in runs[w]):.1f}" for w in runs]
    valid = min(tokens.summary(w, tokens.TOKENS)["validity"]["min"] for w in runs)
    cost = [tokens.summary(w, tokens.TOKENS)["seconds_per_sample"]["mean"]
            / load(f"results/{'' if w == 'article' else w + '/'}sampler_cost.json")["pixel_predictor_seconds_per_frame"]
            for w in runs]
    pairs = [tokens.rows("article", name)[0]["pairs_seen"] for name in (tokens.TOKENS, tokens.MSE_MODEL)]
    return (f"An LLM-style sampler (frame tokens, cross-entropy, not told K; 3 seeds): at least {pct(valid, 1)} single "
            f"sharp balls, share error {errors[0]} / {errors[1]} points by seed, where a perfect sampler with the same "
            f"{runs['article'][0]['samples_per_cell']} samples per cell scores up to {perfect[0]} / {perfect[1]} "
            f"(95th percentile); runs by the rule: {tokens.token_words()}; not at equal data ({pairs[0]:,} pairs seen against the MSE "
            f"model's {pairs[1]:,}), at {cost[0]:.0f}x / {cost[1]:.0f}x an MSE-model pass")


def jepa_row():
    j = load("results/jepa.json")
    share = {setting: {name: j[setting][name]["mean"]["unpredictable_share"] for name in ("vicreg", "sigreg")}
             for setting in ("clean", "distractors")}
    pixel = {setting: j[setting]["pixel"]["mean"]["pixel_share"] for setting in ("clean", "distractors")}
    # "specify less" holds where both regularised JEPAs leave a smaller unpredictable share than the pixels; in the
    # clean world that is no test when a code that is the ball's column itself (nothing left out) is already below
    holds = {s: max(share[s].values()) < pixel[s] for s in share}
    column = j["column_code_share"]
    if column < pixel["clean"]:
        verdict = ("holds with distractor dots; the clean world cannot test it" if holds["distractors"]
                   else "does not hold with distractor dots; the clean world cannot test it")
    else:
        verdict = "holds" if all(holds.values()) else "holds in part" if any(holds.values()) else "does not hold"
    return [("Predict the embedding of the next frame instead, and let the encoder throw away the unpredictable details "
            "(Part 3)"), verdict,
            (f"biased world; share of the target's variance no one-frame predictor can explain (lower: the encoder left out more of "
             f"what cannot be predicted), VICReg / SIGReg / pixels: clean {num(share['clean']['vicreg'], 2)} / "
            f"{num(share['clean']['sigreg'], 2)} / {num(pixel['clean'], 2)}; with distractor dots "
            f"{num(share['distractors']['vicreg'], 2)} / {num(share['distractors']['sigreg'], 2)} / "
            f"{num(pixel['distractors'], 2)}; a code that is the ball's column itself, leaving nothing out: "
            f"{num(column, 2)}"),
            "[share](figures/jepa_share.png)", "[jepa](docs/jepa.md)"]


def claims():
    rows = [loss_row(), brighter_row(), average_row(), bias_row(), smear_row(), optimum_row(),
            capacity_row("Bigger encoder. Same blur.", ["encoder x2", "encoder x4"]),
            capacity_row("Longer training. Same blur, just better-converged.", ["steps x4", "steps x16"]),
            capacity_row("Different architecture (transformer in place of ConvNet). Same blur.", ["transformer"]),
            sampler_row(), jepa_row()]
    return table(["the article says", "verdict", "measured", "figure", "page"], rows)


def minutes(seconds):
    if seconds < 90:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.1f} min" if seconds < 600 else f"{seconds / 60:.0f} min"


def timed(name, work="", command=None):
    """A command's wall time from bench/timings.json, with how it was measured; else what it runs."""
    entry = load("bench/timings.json")["commands"].get(name)
    if entry is None or entry["status"] != 0:
        return f"not timed end to end{': ' + work if work else ''}"
    how = [] if command in (None, entry["command"]) else [f"as `{entry['command']}`"]
    how += [] if entry["alone"] else ["beside another job"]
    return minutes(entry["seconds"]) + (f" ({', '.join(how)})" if how else "")


PARTS = [  # folder, the series' part, what it shows, command, timings.json entry, the work it does
    ("part1_pixel/blur/, bias/", "Part 2 (the article)", "the smear, its exact optimum E[y\\|x], a world with a visible bias",
     "`bash run_all.sh`", "run_all", "2 default trainings side by side"),
    ("part1_pixel/bias/", "Part 2", "the ghosts' brightness against the data's bias, 3 seeds per world",
     "`bash run_all.sh --seeds`", "run_all_seeds", "4 default trainings, two at a time"),
    ("part1_pixel/claims/, sampling/exp_mixture.py", "Part 2", ("bigger, longer, transformer: same blur; "
     "the blur goes with the missing information; a mixture told K = 2"), "`bash run_claims.sh`", "run_claims",
     "11 trainings with 29 default trainings' worth of steps (one of them 16x the default)"),
    ("part1_pixel/sampling/", "Part 2", "a flow-matching sampler and an LLM-style token sampler, not told K",
     "`bash run_sampler.sh`", "run_sampler", ("2 flow trainings of 4000 steps, then 90,000 samples per world at 8 network "
     "passes each; 6 token-sampler trainings of up to 20 min each")),
    ("part1_pixel/losses/", "Part 2", "L1, gradient difference and adversarial losses", "`bash run_losses.sh`",
     "run_losses", "16 trainings of the default's length, 4 of them adversarial"),
    ("part2_jepa/", "Part 3", "predict the embedding: Barlow Twins, VICReg, SIGReg, with and without distractors",
     "`bash run_jepa.sh`", "run_jepa", "6 default trainings and 36 JEPA trainings of 1500 steps, 12 of them through an expander"),
    ("part4_planning/", "Part 5", "push the ball to a goal: one planner, the exact optimum, pixel and JEPA world models",
     "`bash run_planning.sh`", "run_planning", ("24 trainings of 5000 steps, two at a time, then 500 planned episodes per model and seed (100 for the "
     "pixel models)")),
    ("bench/", "-", "how fast the default reaches the Bayes floor", "`python bench/speed_to_floor.py`", "bench",
     "2 trainings"),
    ("tests/", "-", "every module and script", "`python -m pytest -q`", "tests", ""),
]


def parts():
    return table(["folder", "series", "what it shows", "command", "time, 2 CPU cores"],
                 [[folder, part, what, command, timed(key, work, command.strip("`"))]
                  for folder, part, what, command, key, work in PARTS])


TABLES = {"readme.claims": claims, "readme.parts": parts}
NUMBERS = {
    "readme.time.run_all": lambda: timed("run_all"),
    "readme.time.tests": lambda: timed("tests"),
    "readme.time.tests_busy": lambda: timed("tests_beside_a_training"),
    "readme.time.train": lambda: timed("train"),
    "readme.floor": lambda: num(heldout()["bayes_floor"], 4),
    "readme.ratio": lambda: num(heldout()["ratio_to_bayes"], 2),
}
