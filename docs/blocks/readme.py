"""Generated parts of README.md: the article's claims, one row each in the article's order, and the parts.

Reads checkpoints/[biased/]pixel.json, results/[biased/]blur.json, results/brightness.json,
results/capacity.json, results/controls.json, results/[biased/]sampler.json, results/jepa.json and
bench/timings.json. Every verdict that follows from a number is computed by a rule of blocks/rules.py, the
rules the pages state; each row links to the section of its page where the verdict is argued.
"""
import re

import blocks.blur
import blocks.jepa
from blocks import rules
from blocks.fmt import ROOT, load, num, span, table


def heldout(world="article"):
    return load("checkpoints/pixel.json" if world == "article" else f"checkpoints/{world}/pixel.json")["heldout"]


def blur(world="article"):
    return load("results/blur.json" if world == "article" else f"results/{world}/blur.json")


def capacity(name):
    return next(row for row in load("results/capacity.json")["rows"] if row["name"] == name)


def section(page, heading):
    """A link to the section of docs/PAGE headed `heading`, by GitHub's anchor rule; KeyError if no such heading."""
    text = (ROOT / "docs" / page).read_text()
    if not re.search(rf"^#+ {re.escape(heading)}$", text, re.MULTILINE):
        raise KeyError(f"docs/{page} has no section {heading!r}")
    anchor = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
    return f"[{page.removesuffix('.md')}](docs/{page}#{anchor})"


CLAIMS_VERDICT = ("claims.md", "Verdict")


def capacity_row(sentence, names):
    rows, default_lr = [capacity(n) for n in names], capacity("default")["lr"]
    verdict = rules.verdict(rules.same_blur(r["ratio_to_bayes"], r["smear"]["ambiguous_zone"]) for r in rows)
    label = lambda r: r["name"] if r["lr"] == default_lr else f"{r['name']} (lr {r['lr']:g})"
    numbers = "; ".join(f"{label(r)}: {num(r['ratio_to_bayes'])} x floor, smear {num(r['smear']['ambiguous_zone'])}"
                        for r in rows)
    return [sentence, verdict, numbers, "[capacity](figures/capacity.png)", section(*CLAIMS_VERDICT)]


def article_steps():
    """The article's own 2,000-step training beside the 6,000-step default, over its 3 seeds (run_claims.sh)."""
    runs = [load(f"checkpoints/article2000/pixel-seed{seed}.json") for seed in (0, 1, 2)]
    span = lambda values: f"{num(min(values), 4)} to {num(max(values), 4)}"
    return (f"; the article's {runs[0]['config']['steps']:,} steps (3 seeds): training loss "
            f"{span([r['final_train_loss'] for r in runs])}, held-out "
            f"{num(min(r['heldout']['ratio_to_bayes'] for r in runs))} to "
            f"{num(max(r['heldout']['ratio_to_bayes'] for r in runs))} x the floor")


def loss_row():
    m = load("checkpoints/pixel.json")
    h = m["heldout"]
    verdict = rules.verdict([rules.about(m["final_train_loss"], 0.018), h["mse"] < h["zeros_floor"]])
    return ["Loss converges to about 0.018, well below the all-zeros floor of 0.048", verdict,
            (f"training loss {num(m['final_train_loss'], 4)} (last 50 steps); held-out MSE {num(h['mse'], 4)} = "
             f"{num(h['ratio_to_bayes'])} x the Bayes floor {num(h['bayes_floor'], 4)}; zeros {num(h['zeros_floor'], 4)}"
             f"{article_steps()}"),
            "[loss curve](figures/loss_curve.png)", section("blur.md", '"Loss converges to about 0.018"')]


def brighter_row():
    a, b = blur()["panel"], blur("biased")["panel"]
    verdict = rules.verdict(rules.one_ghost_brighter(p["right"], p["left"]) for p in (a, b))
    return ["[The prediction] is brighter on the side the ball moved to and trails a faint halo", verdict,
            (f"article's world, x = {a['x']}: {num(a['right'])} x right + {num(a['left'])} x left "
            f"(data: P(right) {num(a['p_right'])}), two equally bright ghosts; only in the biased world is one brighter: "
            f"x = {b['x']}: {num(b['right'])} / {num(b['left'])} (P(right) {num(b['p_right'])})"),
            "[panels](figures/panels.png), [biased](figures/biased/panels.png)", section("bias.md", "Results")]


def average_row():
    h, p = heldout(), blur()["panel"]
    verdict = rules.verdict([rules.at_oracle(h["distance_to_oracle"], h["bayes_floor"])])
    return ["The model has produced a weighted average of two ball positions", verdict,
            (f"fit at x = {p['x']}: {num(p['right'])} x right + {num(p['left'])} x left; output to exact E[y\\|x]: "
            f"{num(h['distance_to_oracle'], 5)} (MSE {num(h['mse'], 4)})"), "[panels](figures/panels.png)",
            section("blur.md", "Results")]


def bias_row():
    worlds = load("results/brightness.json")["worlds"]
    r_b, r_a = worlds["biased"]["corr_ambiguous"], worlds["article"]["corr_ambiguous"]
    slope = worlds["biased"]["slope_ambiguous"]
    verdict = rules.verdict(rules.follows_bias(worlds[w]["corr_ambiguous"]["min"]) for w in ("biased", "article"))
    return ["The brightness ratio reflects the training data's bias for that specific input position", verdict,
            (f"biased world: r = {span([r_b['min'], r_b['max']])}, slope {num(slope['mean'], 2)} (3 seeds); "
            f"article's world, where the bias is at most {num(max_bias(worlds['article']), 3)}: "
            f"r = {num(r_a['min'], 2)} to {num(r_a['max'], 2)}, not visible"),
            "[brightness](figures/brightness.png)", section("bias.md", "Results")]


def max_bias(world):
    low, high = world["p_right_range_both_directions"]
    return max(0.5 - low, high - 0.5)


def smear_row():
    verdict = rules.verdict(rules.tightens_at_walls(blur(w)) for w in ("article", "biased"))
    return ["[It] smears most at mid-frame positions ... and tightens up near the walls", verdict,
            f"smear (the fainter ghost's weight): {blocks.blur.smear_shape_text()}",
            "[smear](figures/smear_vs_position.png)",
            section("blur.md", '"Smears most at mid-frame ... tightens up near the walls"')]


def optimum_row():
    h = heldout()
    controls = load("results/controls.json")["rows"]
    two = next(r for r in controls if r["inputs"] == "two_frames")
    verdict = rules.verdict([rules.at_floor(h["ratio_to_bayes"]), *(rules.blur_gone(r["ratio_to_bayes"]) for r in controls)])
    return ["The MSE-optimal output for any input is the conditional mean E[y\\|x]", verdict,
            (f"model at {num(h['ratio_to_bayes'])} x the MSE of the exact E[y\\|x] on the same held-out pairs; the same "
             f"network shown two frames reaches {num(two['ratio_to_bayes'])} x it on its own held-out pairs: the blur "
             "is the missing information"),
            "[panels](figures/panels.png)", f"{section('world.md', 'The exact answer, E[y|x]')}, {section(*CLAIMS_VERDICT)}"]


def sampler_row():
    from blocks import samplers
    answer = samplers.answer()
    return [("Diffusion-style outputs. Side-step [the blur] by sampling instead of point-predicting, but introduce "
            "their own trade-offs"), samplers.claim_verdict(), answer,
            "[samplers](figures/samplers.png), [share](figures/sampler_share.png)", section("sampling.md", "Sampling instead of point-predicting: every sampler side by side")]


def jepa_row():
    j = load("results/jepa.json")
    share = {setting: {name: j[setting][name]["mean"]["unpredictable_share"] for name in ("vicreg", "sigreg")}
             for setting in ("clean", "distractors")}
    pixel = {setting: j[setting]["pixel"]["mean"]["pixel_share"] for setting in ("clean", "distractors")}
    column = j["column_code_share"]
    verdict = blocks.jepa.specify_less_verdict()   # the verdict jepa.md states, by the same rule
    return [("Predict the embedding of the next frame instead, and let the encoder throw away the unpredictable details "
            "(Part 3)"), verdict,
            (f"biased world; share of the target's variance no one-frame predictor can explain (lower: the encoder left out more of "
             f"what cannot be predicted), VICReg / SIGReg / pixels: clean {num(share['clean']['vicreg'], 2)} / "
            f"{num(share['clean']['sigreg'], 2)} / {num(pixel['clean'], 2)}; with distractor dots "
            f"{num(share['distractors']['vicreg'], 2)} / {num(share['distractors']['sigreg'], 2)} / "
            f"{num(pixel['distractors'], 2)}; a code that is the ball's column itself, leaving nothing out: "
            f"{num(column, 2)}"),
            "[share](figures/jepa_share.png)", section("jepa.md", "Verdict")]


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
    ("part1_pixel/sampling/", "Part 2", "every sampler side by side: flow matching, LLM-style tokens (not told K), the MSE model",
     "`bash run_sampler.sh`", "run_sampler", ("2 flow trainings of 4,000 steps of 32, 6 token-sampler trainings of 6,000 "
     "steps of 32 and 6 MSE trainings of 6,000 steps of 32, then 90,000 samples per world for each sampler measured")),
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


def commits(ids):
    """The commits the times were taken at, in words: "commit A", or "commits A and B" (...)."""
    return f"commit {ids[0]}" if len(ids) == 1 else f"commits {', '.join(ids[:-1])} and {ids[-1]}"


TABLES = {"readme.claims": claims, "readme.parts": parts}
NUMBERS = {
    "readme.time.run_all": lambda: timed("run_all"),
    "readme.time.tests": lambda: timed("tests"),
    "readme.time.commit": lambda: commits(sorted({e["commit"] for e in load("bench/timings.json")["commands"].values()})),
    "readme.time.train": lambda: timed("train"),
    "readme.floor": lambda: num(heldout()["bayes_floor"], 4),
    "readme.ratio": lambda: num(heldout()["ratio_to_bayes"], 2),
}
