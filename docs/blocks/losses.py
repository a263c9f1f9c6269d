"""Generated parts of docs/losses.md: MSE, L1, MSE + GDL and adversarial predictors in both worlds.

Reads results/losses.json (measure_losses.py: per-seed read-outs, their means, the exact E[y|x] and the
`gdl_scale` of each world), checkpoints/pixel.json (the PixelPredictor's size and held-out set),
results/mixture.json and results/biased/sampler.json (one comparison row each).
"""
import math

from blocks import rules
from blocks.fmt import load, num, pct, sig, span, table

LOSSES = "results/losses.json"
LOSS_NAMES = ("mse", "l1", "gdl", "adversarial")
LABELS = {"mse": "MSE", "l1": "L1", "gdl": "MSE + GDL", "adversarial": "adversarial"}
DRAWS = {
    "biased": {"E[y|x]": "both futures, weighted by P(right\\|x)",
               "likelier": "the likelier future only",
               "mse": "both ghosts, weighted by P(right\\|x): faithful, blurred",
               "l1": "the likelier future only, a nearly clean ball",
               "gdl": "both ghosts, tilted toward the likelier one",
               "adversarial": "the likelier future only, the cleanest ball"},
    "article": {"E[y|x]": "two near-equal ghosts",
                "likelier": "one ball, on the side with P(right\\|x) >= 1/2",
                "mse": "two near-equal ghosts, like E[y\\|x]",
                "l1": "a half-committed ball, its side unrelated to P(right\\|x)",
                "gdl": "two near-equal ghosts, like MSE",
                "adversarial": "one clean ball, its side unrelated to P(right\\|x)"},
}


def figs(x, digits=3):
    """x with `digits` significant figures, trailing zeros kept (0.0260, not 0.026)."""
    text = f"{x:#.{digits}g}"
    return sig(x, digits) if "e" in text else text


def world(name):
    return load(LOSSES)["runs"][name]


def seeds(name, loss):
    """The per-seed rows of one loss in one world, by seed."""
    return world(name)["losses"][loss]["seeds"]


def floor(name):
    """The Bayes floor of the world's held-out pairs (the MSE of the exact E[y|x])."""
    return world(name)["gdl_scale"]["E[y|x]"]["mse"]


def likelier_price(name):
    """MSE / floor of drawing the likelier future's clean frame for every held-out pair."""
    return world(name)["gdl_scale"]["likelier_future"]["mse"] / floor(name)


def shares(likelier):
    """'right / left' likelier shares, or '-' where the world has no lopsided column."""
    if likelier["right_where_p_high"] is None:
        return "-"
    return f"{num(likelier['right_where_p_high'])} / {num(likelier['left_where_p_low'])}"


def per_seed(name, loss, get):
    return ", ".join(get(r) for r in seeds(name, loss).values())


def biased_table():
    run = world("biased")
    ref = run["oracle_E[y|x]"]
    rows = [["E[y\\|x] (exact)", num(1), figs(ref["sharpness"]), num(ref["smear"]), shares(ref["likelier"]),
             num(ref["share_vs_data"]["slope_ambiguous"], 2), DRAWS["biased"]["E[y|x]"]],
            ["likelier future's frame (exact)", num(likelier_price("biased")), "-", "-", "-", "-",
             DRAWS["biased"]["likelier"]]]
    for loss in LOSS_NAMES:
        m = run["losses"][loss]["mean_over_seeds"]
        rows.append([LABELS[loss], num(m["ratio_to_bayes"]), figs(m["sharpness"]), num(m["smear"]),
                     f"{num(m['right_where_p_high'])} / {num(m['left_where_p_low'])}", num(m["slope_ambiguous"], 2),
                     DRAWS["biased"][loss]])
    header = ["predictor", "MSE / floor", "sharpness", "smear", "likelier share (right / left)", "slope",
              "which future it draws"]
    return table(header, rows)


def article_table():
    run = world("article")
    ref = run["oracle_E[y|x]"]
    fit = ref["share_vs_data"]
    rows = [["E[y\\|x] (exact)", num(1), figs(ref["sharpness"]), num(ref["smear"]),
             f"{num(fit['slope_ambiguous'], 2)} ({num(fit['corr_ambiguous'], 2)})",
             num(fit["max_abs_diff_ambiguous"], 2), DRAWS["article"]["E[y|x]"]],
            ["likelier future's frame (exact)", num(likelier_price("article")), "-", "-", "-", "-",
             DRAWS["article"]["likelier"]]]
    for loss in LOSS_NAMES:
        m = run["losses"][loss]["mean_over_seeds"]
        slope = per_seed("article", loss, lambda r: f"{num(r['share_vs_data']['slope_ambiguous'], 2)} "
                                                    f"({num(r['share_vs_data']['corr_ambiguous'], 2)})")
        gap = per_seed("article", loss, lambda r: num(r["share_vs_data"]["max_abs_diff_ambiguous"], 2))
        rows.append([LABELS[loss], num(m["ratio_to_bayes"]), figs(m["sharpness"]), num(m["smear"]), slope, gap,
                     DRAWS["article"][loss]])
    header = ["predictor", "MSE / floor", "sharpness", "smear", "slope (corr.) per seed",
              "largest gap to P(right\\|x) per seed", "which future it draws"]
    return table(header, rows)


def per_seed_table():
    rows = []
    for name in ("biased", "article"):
        for loss in LOSS_NAMES:
            for seed, r in seeds(name, loss).items():
                fit = r["share_vs_data"]
                rows.append([name, LABELS[loss], seed, num(r["heldout"]["ratio_to_bayes"]), figs(r["sharpness"]),
                             num(r["smear"]), shares(r["likelier"]),
                             f"{num(fit['slope_ambiguous'], 2)} ({num(fit['corr_ambiguous'], 2)})"])
    header = ["world", "loss", "seed", "MSE / floor", "sharpness", "smear", "likelier share (right / left)",
              "slope (corr.)"]
    return table(header, rows)


def gdl_scale_table():
    rows = []
    for name in ("biased", "article"):
        scale = world(name)["gdl_scale"]
        for key, label in (("E[y|x]", "E[y\\|x] (blurred optimum)"), ("likelier_future", "likelier future (sharp)")):
            terms = scale[key]
            rows.append([name, label, figs(terms["mse"], 4), figs(terms["gdl"], 4),
                         figs(terms["mse"] + terms["gdl"], 4)])
    return table(["world", "frame", "MSE", "GDL", "MSE + 1 x GDL"], rows)


def gdl_crossover(name):
    """The lambda_gdl above which the sharp likelier frame scores lower MSE + lambda * GDL than E[y|x]."""
    scale = world(name)["gdl_scale"]
    blurred, sharp = scale["E[y|x]"], scale["likelier_future"]
    return (sharp["mse"] - blurred["mse"]) / (blurred["gdl"] - sharp["gdl"])


def sampling_table():
    mixture = load("results/mixture.json")
    sampler_run = load("results/biased/sampler.json")
    sampler = sampler_run["default"]
    share = sampler["share"]
    mixture_faithful = (f"P(sample goes right) within {num(mixture['every_column']['max_gap_both_directions'])} "
                        "of P(right\\|x) at every column")
    sampler_faithful = (f"{pct(sampler['validity'], 2)} single balls; share going right within 3 points of "
                        f"P(right\\|x) at {pct(share['within_3_points'])} of {len(share['cells'])} cells "
                        f"(an exact sampler: {pct(share['exact_sampler_within_3_points'], 1)}), "
                        f"{sampler['samples_per_cell']} samples per cell")
    rows = [["2-component mixture, told K = 2 ([claims](claims.md))", mixture["world"],
             figs(mixture["sharpness"]["sample_to_nearest_future"], 2), mixture_faithful,
             "`python part1_pixel/sampling/exp_mixture.py`", "results/mixture.json"],
            [f"flow-matching sampler, not told K, NFE {sampler['nfe']} ([sampling](sampling.md))", sampler_run["world"],
             figs(sampler["sharpness"], 2), sampler_faithful, "`bash run_sampler.sh`", "results/biased/sampler.json"]]
    header = ["sampler", "world", "sharpness per sample", "faithful to P(right\\|x)?", "command", "JSON"]
    return table(header, rows)


def p_span(name):
    return span(world(name)["oracle_E[y|x]"]["share_vs_data"]["p_right"], 2)


def steps():
    """The step count every run used (one value; an error if the runs disagree)."""
    counts = {r["steps"] for name in ("biased", "article") for loss in LOSS_NAMES for r in seeds(name, loss).values()}
    (count,) = counts
    return str(count)


def fixes_the_blur(name, loss):
    """Some seed of the loss draws one frame per input that is sharp and at the floor (rules.sharp_and_faithful,
    the blur being E[y|x]'s own MSE to the nearer future)."""
    blur = world(name)["oracle_E[y|x]"]["sharpness"]
    return any(rules.sharp_and_faithful(r["sharpness"], blur, r["heldout"]["ratio_to_bayes"])
               for r in seeds(name, loss).values())


def verdict():
    """'Another loss does not fix the blur', by rules.verdict: one case per loss and world, passing when no seed
    of it fixes the blur."""
    return rules.verdict(not fixes_the_blur(name, loss) for name in ("biased", "article") for loss in LOSS_NAMES)


def fixers():
    """The sentence's subject: which losses (and worlds) draw a sharp frame at the floor, if any."""
    found = [f"{LABELS[loss]} ({name} world)" for name in ("biased", "article") for loss in LOSS_NAMES
             if fixes_the_blur(name, loss)]
    return "Only " + ", ".join(found) + " draws" if found else "No loss, in either world, draws"


def summary(name):
    """Each loss's MSE / floor and sharpness (means over the seeds) in one world."""
    means = {loss: world(name)["losses"][loss]["mean_over_seeds"] for loss in LOSS_NAMES}
    return "; ".join(f"{LABELS[loss]} {num(m['ratio_to_bayes'])}, {figs(m['sharpness'])}" for loss, m in means.items())


def game_table():
    """How each adversarial run's game went: the discriminator's loss over training (ln 4 when it cannot tell
    real from predicted), the predictor's, and the held-out MSE curve."""
    rows = []
    for name in ("biased", "article"):
        for seed, r in seeds(name, "adversarial").items():
            g, curve = r["game"], r["game"]["heldout_curve"]
            rows.append([name, seed, " / ".join(num(v, 3) for v in (g["loss_d_by_tenth"][0], g["loss_d_by_tenth"][4],
                                                                     g["loss_d_by_tenth"][-1])),
                         num(g["final_loss_d"], 3), figs(g["final_loss_g"]),
                         f"{figs(curve[0][1])} (step {curve[0][0]}) -> {figs(curve[-1][1])} (step {curve[-1][0]})",
                         num(r["heldout"]["ratio_to_bayes"])])
    return table(["world", "seed", "D loss: first, fifth and last tenth of training", "D loss, last 50 steps",
                  "predictor loss, last 50 steps", "held-out MSE, first and last check", "MSE / Bayes floor"], rows)


def game_gap():
    """The largest distance of an adversarial run's last-50-step D loss from ln 4 (D cannot tell)."""
    return num(max(abs(r["game"]["final_loss_d"] - math.log(4)) for name in ("biased", "article")
                   for r in seeds(name, "adversarial").values()), 2)


TABLES = {
    "losses.game": game_table,
    "losses.biased": biased_table,
    "losses.article": article_table,
    "losses.per_seed": per_seed_table,
    "losses.gdl_scale": gdl_scale_table,
    "losses.sampling": sampling_table,
}
NUMBERS = {
    "losses.n.verdict": verdict,
    "losses.n.fixers": fixers,
    "losses.n.summary_biased": lambda: summary("biased"),
    "losses.n.blur_biased": lambda: figs(world("biased")["oracle_E[y|x]"]["sharpness"]),
    "losses.n.near": lambda: num(rules.NEAR, 1),
    "losses.n.at_floor": lambda: num(rules.AT_FLOOR, 2),
    "losses.n.game_gap": game_gap,
    "losses.n.parameters": lambda: f"{load('checkpoints/pixel.json')['config']['parameters']:,}",
    "losses.n.heldout_pairs": lambda: f"{load('checkpoints/pixel.json')['config']['heldout_pairs']:,}",
    "losses.n.steps": steps,
    "losses.n.seeds": lambda: " and ".join(str(s) for s in load(LOSSES)["seeds"]),
    "losses.n.p_biased": lambda: p_span("biased"),
    "losses.n.p_article": lambda: p_span("article"),
    "losses.n.columns_high": lambda: str(world("biased")["oracle_E[y|x]"]["likelier"]["columns_high"]),
    "losses.n.columns_low": lambda: str(world("biased")["oracle_E[y|x]"]["likelier"]["columns_low"]),
    "losses.n.likelier_price_biased": lambda: num(likelier_price("biased")),
    "losses.n.likelier_price_article": lambda: num(likelier_price("article")),
    "losses.n.gdl_crossover_biased": lambda: num(gdl_crossover("biased"), 2),
    "losses.n.gdl_crossover_article": lambda: sig(gdl_crossover("article"), 2),
}
