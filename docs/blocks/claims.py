"""Generated parts of docs/claims.md: what does not fix the blur, the controls, and the 2-component mixture.

Reads results/capacity.json and results/controls.json (part1_pixel/claims/), results/mixture.json and
results/mixture_k4.json (part1_pixel/sampling/exp_mixture.py), results/blur.json (the exact E[y|x]'s own
smear), results/brightness.json (the default recipe over seeds) and checkpoints/pixel.json (the MSE model
the controls and the mixture are compared with).
"""
from blocks import rules
from blocks.fmt import load, num, pct, sig, span, table

# A hypothesis whose average prior mass is below this is "unused": samples almost never pick it.
UNUSED_MASS = 0.01


def capacity_rows():
    return load("results/capacity.json")["rows"]


def capacity_row(name):
    return next(r for r in capacity_rows() if r["name"] == name)


def same_blur(row):
    """rules.same_blur on a row of results/capacity.json."""
    return rules.same_blur(row["ratio_to_bayes"], row["smear"]["ambiguous_zone"])


def oracle_smear():
    return load("results/blur.json")["smear"]["summary"]["oracle"]


def capacity_table():
    rows = [[r["name"], f"{r['parameters']:,}", f"{r['steps']:,}", sig(r["lr"], 1), num(r["ratio_to_bayes"]),
             sig(r["distance_to_oracle"]), num(r["smear"]["ambiguous_zone"]), num(r["smear"]["walls"]),
             "yes" if same_blur(r) else "**no**"] for r in capacity_rows()]
    exact = oracle_smear()
    rows.append(["exact E[y\\|x] (for reference)", "", "", "", num(1), "0", num(exact["ambiguous_zone"]),
                 num(exact["walls"]), ""])
    header = ["variant", "parameters", "steps", "lr", "MSE / Bayes floor", "distance to E[y\\|x]",
              "smear mid-frame", "smear at walls", "same blur?"]
    return table(header, rows)


def capacity_verdict():
    """'every variant' or 'every variant but X, Y': which variants keep the blur by the page's test."""
    rows = capacity_rows()
    broken = [r["name"] for r in rows if not same_blur(r)]
    if not broken:
        return f"all {len(rows)} variants"
    return f"{len(rows) - len(broken)} of {len(rows)} variants (not: {', '.join(broken)})"


def longer_training():
    return [capacity_row(n) for n in ("default", "steps x4", "steps x16")]


def distance_trend():
    d = [r["distance_to_oracle"] for r in longer_training()]
    return "closer to" if d[0] > d[1] > d[2] else "not steadily closer to"


def wider_versus_default():
    """Whether the wider encoders, at the default's steps, land closer to the floor than the default or not."""
    default = capacity_row("default")["ratio_to_bayes"]
    wider = [capacity_row(n)["ratio_to_bayes"] for n in ("encoder x2", "encoder x4")]
    return "closer to the floor than" if max(wider) < default else "no closer to the floor than"


def seed_spread():
    """MSE / Bayes floor of the default recipe over the training seeds of results/brightness.json."""
    return span([r["ratio_to_bayes"] for r in load("results/brightness.json")["worlds"]["article"]["runs"]])


def controls_table():
    one = load("checkpoints/pixel.json")
    rows = [["one frame (the default, `checkpoints/pixel.json`)", f"{one['config']['parameters']:,}",
             f"{one['config']['steps']:,}", num(one["heldout"]["mse"], 5), num(one["heldout"]["ratio_to_bayes"]),
             sig(one["heldout"]["distance_to_oracle"])]]
    names = {"two_frames": "two frames: the frame before and the current one",
             "direction": "the current frame and a +1/-1 plane for the direction"}
    for r in load("results/controls.json")["rows"]:
        rows.append([names.get(r["inputs"], r["inputs"]), f"{r['parameters']:,}", f"{r['steps']:,}", num(r["mse"], 5),
                     num(r["ratio_to_bayes"]), sig(r["distance_to_oracle"], 3)])
    header = ["inputs", "parameters", "steps", "held-out MSE", "/ one-frame Bayes floor of the same pairs",
              "distance to the one-frame E[y\\|x]"]
    return table(header, rows)


def mixtures():
    return load("results/mixture.json"), load("results/mixture_k4.json")


def mean_over_probes(result, key):
    return sum(p[key] for p in result["probes"]) / len(result["probes"])


def mixture_table():
    k2, k4 = mixtures()
    mse_model = load("checkpoints/pixel.json")

    def both(fn):
        return [fn(k2), fn(k4)]

    rows = [
        ["parameters", *both(lambda r: f"{r['parameters']:,}"), f"{mse_model['config']['parameters']:,}"],
        ["MSE to the nearer true future, held-out inputs (one sample each; the MSE model: its output)",
         *both(lambda r: sig(r["sharpness"]["sample_to_nearest_future"])),
         sig(k2["sharpness"]["mse_output_to_nearest_future"], 3)],
        ["the same, inputs where both directions occur",
         *both(lambda r: sig(r["sharpness"]["sample_mid_frame"])), sig(k2["sharpness"]["mse_output_mid_frame"], 3)],
        ["P(a sample goes right) within 3 points of P(right\\|x): share of the columns where both directions occur",
         *both(lambda r: pct(r["every_column"]["within_3_points_both_directions"])), ""],
        ["largest gap there", *both(lambda r: num(r["every_column"]["max_gap_both_directions"])), ""],
        ["the same two, before the prior's refit",
         *both(lambda r: f"{pct(r['every_column_before_refit']['within_3_points_both_directions'])}, "
                         f"{num(r['every_column_before_refit']['max_gap_both_directions'])}"), ""],
        [(f"drawn samples going right vs P(right\\|x): largest gap over {len(k2['probes'])} probe columns "
         f"({k2['samples_per_probe']:,} samples each)"), *both(lambda r: num(r["max_share_gap"])), ""],
        ["mean of the samples to E[y\\|x], averaged over the probe columns (the MSE model: its output)",
         *both(lambda r: sig(mean_over_probes(r, "mean_to_oracle"))),
         sig(mean_over_probes(k2, "mse_model_to_oracle"))],
        ["point estimate (prior-weighted mean of the hypotheses): MSE / Bayes floor",
         *both(lambda r: num(r["point_estimate"]["ratio_to_bayes"])), num(mse_model["heldout"]["ratio_to_bayes"])],
    ]
    return table(["", "mixture, K = 2", "mixture, K = 4", "MSE model"], rows)


def mass_text(mass):
    """A prior mass: three decimals, or e-notation for the tiny mass of an unused hypothesis."""
    return num(mass) if mass >= 0.001 else f"{mass:.0e}"


def hypotheses_table():
    rows = []
    for result in mixtures():
        use = result["hypothesis_use"]
        for k, (mass, error, right) in enumerate(zip(use["mean_prior"], use["mean_error_to_nearer_future"],
                                                     use["share_nearer_right"])):
            rows.append([result["hypotheses"], k + 1, mass_text(mass), sig(error), pct(right),
                         "yes" if mass >= UNUSED_MASS else "**unused**"])
    header = ["K", "hypothesis", "prior mass (mean over inputs)", "MSE to the nearer future",
              "inputs where it is nearer the right-moving future", "used?"]
    return table(header, rows)


def unused(result):
    use = result["hypothesis_use"]
    return [(m, e) for m, e in zip(use["mean_prior"], use["mean_error_to_nearer_future"]) if m < UNUSED_MASS]


def k4_unused_count():
    n = len(unused(mixtures()[1]))
    words = {0: "no hypothesis", 1: "one hypothesis", 2: "two hypotheses", 3: "three hypotheses"}
    return words.get(n, f"{n} hypotheses")


def k4_unused_error():
    errors = [e for _, e in unused(mixtures()[1])]
    return span(errors, fmt=lambda v: sig(v, 3)) if errors else "(none unused)"


def sharper_by():
    k2 = mixtures()[0]["sharpness"]
    factor = k2["mse_output_to_nearest_future"] / k2["sample_to_nearest_future"]
    return f"{factor:.0f} times smaller" if factor >= 1 else f"{1 / factor:.1f} times larger"


def verdicts_table():
    """The page's three verdicts, each by a rule of blocks/rules.py: the variants keep the blur (same_blur), the
    controls lose it (blur_gone: their inputs fix the next frame), and a mixture told K = 2 samples sharp frames
    (near the MSE model's output, the blur) whose exact P(going right) follows P(right|x) (follows_p_right)."""
    variants = [r for r in capacity_rows() if r["name"] != "default"]
    controls = load("results/controls.json")["rows"]
    k2 = mixtures()[0]
    sharp = rules.near(k2["sharpness"]["sample_mid_frame"], k2["sharpness"]["mse_output_mid_frame"])
    gap = k2["every_column"]["max_gap_both_directions"]
    rows = [
        ["Bigger encoder, longer training, a transformer: same blur", rules.verdict(map(same_blur, variants)),
         f"MSE / Bayes floor {span([r['ratio_to_bayes'] for r in variants])}, smear mid-frame "
         f"{span([r['smear']['ambiguous_zone'] for r in variants])} ({', '.join(r['name'] for r in variants)}; "
         f"E[y\\|x]: {num(oracle_smear()['ambiguous_zone'])})"],
        ["Shown what one frame hides (the frame before, or the direction), the same network draws no blur",
         rules.verdict(rules.blur_gone(r["ratio_to_bayes"]) for r in controls),
         f"{span([r['ratio_to_bayes'] for r in controls])} x the one-frame Bayes floor of the same pairs"],
        ["Sampling side-steps the blur, for a mixture told there are K = 2 futures",
         rules.verdict([sharp, rules.follows_p_right(gap)]),
         f"where both directions occur, a sample's MSE to the nearer future is "
         f"{sig(k2['sharpness']['sample_mid_frame'])} against the MSE model output's "
         f"{sig(k2['sharpness']['mse_output_mid_frame'], 3)}, and P(a sample goes right) is within {num(gap)} of "
         f"P(right\\|x) at every column"],
    ]
    return table(["claim", "verdict", "measured"], rows)


def mean_versus_mse_model():
    k2 = mixtures()[0]
    ours, theirs = mean_over_probes(k2, "mean_to_oracle"), mean_over_probes(k2, "mse_model_to_oracle")
    if 0.5 <= ours / theirs <= 2:
        return "about as close to E[y|x] as"
    return "closer to E[y|x] than" if ours < theirs else "farther from E[y|x] than"


TABLES = {
    "claims.verdicts": verdicts_table,
    "claims.capacity": capacity_table,
    "claims.controls": controls_table,
    "claims.mixture": mixture_table,
    "claims.hypotheses": hypotheses_table,
}
NUMBERS = {
    "claims.n.heldout_pairs": lambda: f"{load('checkpoints/pixel.json')['config']['heldout_pairs']:,}",
    "claims.n.floor": lambda: sig(load("results/capacity.json")["bayes_floor"], 4),
    "claims.n.same_ratio": lambda: num(rules.AT_FLOOR, 2),
    "claims.n.same_smear": lambda: num(rules.SAME_BLUR_SMEAR, 2),
    "claims.n.gone": lambda: num(rules.GONE, 1),
    "claims.n.near": lambda: num(rules.NEAR, 1),
    "claims.n.share_points": lambda: f"{100 * rules.SHARE_POINTS:.0f} points",
    "claims.n.unused_mass": lambda: num(UNUSED_MASS, 2),
    "claims.n.capacity_verdict": capacity_verdict,
    "claims.n.capacity_ratios": lambda: span([r["ratio_to_bayes"] for r in capacity_rows()]),
    "claims.n.capacity_smear": lambda: span([r["smear"]["ambiguous_zone"] for r in capacity_rows()]),
    "claims.n.oracle_smear": lambda: num(oracle_smear()["ambiguous_zone"]),
    "claims.n.recipe_lr": lambda: sig(capacity_row("default")["lr"], 1),
    "claims.n.distance_trend": distance_trend,
    "claims.n.wider_vs_default": wider_versus_default,
    "claims.n.seed_spread": seed_spread,
    "claims.n.seed_count": lambda: str(len(load("results/brightness.json")["worlds"]["article"]["runs"])),
    "claims.n.distance_chain": lambda: " -> ".join(sig(r["distance_to_oracle"]) for r in longer_training()),
    "claims.n.controls_ratios": lambda: span([r["ratio_to_bayes"] for r in load("results/controls.json")["rows"]]),
    "claims.n.controls_distance": lambda: span([r["distance_to_oracle"] for r in load("results/controls.json")["rows"]],
                                                fmt=lambda v: sig(v, 3)),
    "claims.n.controls_own_floor": lambda: span([r["bayes_floor"] for r in load("results/controls.json")["rows"]],
                                                fmt=lambda v: sig(v, 3)),
    "claims.n.prior_pairs": lambda: f"{mixtures()[0]['prior_pairs']:,}",
    "claims.n.sharper_by": sharper_by,
    "claims.n.k2_within3": lambda: pct(mixtures()[0]["every_column"]["within_3_points_both_directions"]),
    "claims.n.k2_within3_before": lambda: pct(mixtures()[0]["every_column_before_refit"]["within_3_points_both_directions"]),
    "claims.n.mean_vs_mse": mean_versus_mse_model,
    "claims.n.k4_unused": k4_unused_count,
    "claims.n.k4_unused_error": k4_unused_error,
    "claims.n.mse_output_error": lambda: sig(mixtures()[0]["sharpness"]["mse_output_to_nearest_future"], 3),
    "claims.n.longer_smear": lambda: span([r["smear"]["ambiguous_zone"] for r in longer_training()]),
}
