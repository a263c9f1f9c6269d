"""Generated parts of docs/jepa.md and docs/jepa_details.md (Part 3: predict the embedding of the next frame,
not its pixels).

Reads results/jepa.json only (written by part2_jepa/measure.py). Its top level holds the sizes (seeds,
dots_seeds, pixel_seeds, jepa_steps, heldout_pairs, probe_fit_pairs, dot_draws, dot_density,
dot_variance_per_pixel); "clean" and "distractors" hold one block per encoder ("prediction", "barlow",
"vicreg", "sigreg", the "untrained" control, the "pixel" model), each with its per-seed read-outs
("runs") and their mean / std / min / max.

Every verdict word of the claims table is computed here from those numbers, with its threshold named
below, so it stays true when the JSON is rewritten.
"""
import math

from blocks import rules
from blocks.fmt import load, num, sig, span, table

RESULTS = "results/jepa.json"
LOSSES = ("prediction", "barlow", "vicreg", "sigreg")
REGULARISED = ("barlow", "vicreg", "sigreg")
SETTINGS = ("clean", "distractors")
NAMES = {"prediction": "prediction only", "barlow": "Barlow Twins", "vicreg": "VICReg", "sigreg": "LeJEPA SIGReg",
         "untrained": "untrained encoder (1 init)", "barlow_expander": "Barlow Twins through an expander",
         "vicreg_expander": "VICReg through an expander"}
EXPANDED = ("barlow", "vicreg")
SHORT = {"prediction": "prediction-only", "barlow": "Barlow", "vicreg": "VICReg", "sigreg": "SIGReg",
         "untrained": "untrained"}

# The thresholds the verdicts follow.
COLLAPSED = 0.1          # relative std below this on every seed: the spread is under a tenth of the code's size
RANKME_COLLAPSED = 2.0   # RankMe at or below this: (nearly) one direction left
R2_BAR = 0.98            # position probe R^2 asked of the regularised runs
DIRECTION_POINTS = 2.0   # direction probe within this many points of the oracle's guess on the same pairs
NOISE_SE = 2.0           # "above the oracle beyond noise": more than this many standard errors above it
AT_FLOOR = 1.1           # predictor error / latent floor below this on every seed: at the floor


# ---- reading the JSON ----

def results():
    return load(RESULTS)


def block(setting, name):
    return results()[setting][name]


def values(setting, name, key):
    """One number of every run (seed) of one encoder."""
    return [run[key] for run in block(setting, name)["runs"]]


def gaps(setting, name):
    """Direction probe minus the oracle's guess on the same pairs, in points, one per seed."""
    return [100 * (r["direction_accuracy"] - r["oracle_direction_accuracy"]) for r in block(setting, name)["runs"]]


def gap_se(setting, name):
    """The paired noise (one standard error) of each of those gaps, in points."""
    return [100 * se for se in values(setting, name, "direction_gap_se")]


def seed_list(key="seeds"):
    return ", ".join(str(s) for s in results()[key])


# ---- formatting ----

def decimals(x, figures=3):
    """Decimals that show `figures` significant figures of x (0 for x >= 10^(figures - 1))."""
    return max(0, figures - 1 - math.floor(math.log10(abs(x)))) if x else figures


def pm(b, key, digits):
    """'mean ± std' over seeds with `digits` decimals; the ± part is left out when it rounds to zero."""
    mean, std = num(b["mean"][key], digits), num(b["std"][key], digits)
    return mean if float(std) == 0 else f"{mean} ± {std}"


def sci(x):
    """x in short e-notation: 2.3e-8."""
    mantissa, exponent = f"{x:.1e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def signed(points):
    """A gap in points with its sign, one decimal ('0.0' rather than '-0.0')."""
    text = f"{points:+.1f}"
    return "0.0" if float(text) == 0 else text


def names(losses):
    """'VICReg and SIGReg', 'Barlow, VICReg and SIGReg'."""
    words = [SHORT[loss] for loss in losses]
    return " and ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " and " + words[-1]


def both(name, key, fmt, agg="mean"):
    """'clean value / value with dots' of one number of one encoder."""
    return " / ".join(fmt(block(setting, name)[agg][key]) for setting in SETTINGS)


# ---- the two results tables ----

HEADER = ["encoder", "per-dim std", "relative std", "RankMe", "position R^2", "position error (px)",
          "direction probe", "oracle, same pairs", "probe - oracle (points, per seed)",
          "predictor error / latent floor", "unpredictable share"]


def encoder_row(setting, name):
    b = block(setting, name)
    ratio = b["mean"]["ratio_to_latent_floor"]
    return [NAMES[name], sig(b["mean"]["std_mean"], 2), pm(b, "relative_std", 3), pm(b, "rankme", 2),
            pm(b, "position_r2", 4), pm(b, "position_mae_px", 2), pm(b, "direction_accuracy", 3),
            num(b["mean"]["oracle_direction_accuracy"], 3), ", ".join(signed(g) for g in gaps(setting, name)),
            pm(b, "ratio_to_latent_floor", decimals(ratio)), pm(b, "unpredictable_share", 3)]


def pixel_row(setting):
    b = block(setting, "pixel")
    return [f"pixel model (MSE, seeds {seed_list('pixel_seeds')})", *[""] * 8,
            f"MSE / Bayes floor {pm(b, 'ratio_to_bayes', 3)}",
            f"**{num(b['mean']['pixel_share'], 3)}** (Bayes floor / Var(y), no model)"]


def results_table(setting):
    rows = [encoder_row(setting, name) for name in (*LOSSES, "untrained")]
    return table(HEADER, rows + [pixel_row(setting)])


def expander_table():
    """Barlow Twins and VICReg with and without an expander between the encoder and the loss, both settings."""
    rows = [[f"{setting}: {NAMES[name]}", *encoder_row(setting, name)[1:]]
            for setting in SETTINGS for loss in EXPANDED for name in (loss, f"{loss}_expander")]
    return table(["setting: encoder", *HEADER[1:]], rows)


def expander_words():
    """With and without the expander, per loss: the numbers that move, clean / with dots, means over seeds."""
    ratio = lambda v: num(v, decimals(v))
    three = lambda v: num(v, 3)
    parts = []
    for loss in EXPANDED:
        e = f"{loss}_expander"
        parts.append(f"{SHORT[loss]}: predictor error / latent floor {both(e, 'ratio_to_latent_floor', ratio)} "
                     f"through the expander against {both(loss, 'ratio_to_latent_floor', ratio)} without; "
                     f"unpredictable share {both(e, 'unpredictable_share', three)} against "
                     f"{both(loss, 'unpredictable_share', three)}; RankMe {both(e, 'rankme', lambda v: num(v, 1))} "
                     f"against {both(loss, 'rankme', lambda v: num(v, 1))}; position error "
                     f"{both(e, 'position_mae_px', lambda v: num(v, 2))} px against "
                     f"{both(loss, 'position_mae_px', lambda v: num(v, 2))}")
    return "Means over seeds, clean / with dots. " + ". ".join(parts) + "."


# ---- the claims table: each row is (claim, verdict, numbers) ----

def collapse_claim():
    rel = {s: block(s, "prediction")["max"]["relative_std"] for s in SETTINGS}
    by_std = all(r < COLLAPSED for r in rel.values())
    by_rank = all(block(s, "prediction")["max"]["rankme"] <= RANKME_COLLAPSED for s in SETTINGS)
    verdict = {(True, True): "yes", (True, False): "yes, by std; RankMe is above 2",
               (False, True): "yes, by RankMe; the std is not near 0", (False, False): "no"}[by_std, by_rank]
    untrained = block("clean", "untrained")["mean"]["relative_std"]
    pred = block("clean", "prediction")["mean"]["relative_std"]
    side = "below" if pred < untrained else "above"
    shrinks = "shrinks" if pred < untrained else "grows"
    text = (f"per-dim std {both('prediction', 'std_mean', lambda x: sig(x, 2))} clean / with dots "
            f"(VICReg {sig(block('clean', 'vicreg')['mean']['std_mean'], 2)}, "
            f"SIGReg {sig(block('clean', 'sigreg')['mean']['std_mean'], 2)} clean); relative std {num(pred, 3)}, "
            f"{side} the untrained encoder's {num(untrained, 3)}: training {shrinks} the spread {side} its initial value. "
            f"RankMe {pm(block('clean', 'prediction'), 'rankme', 2)} clean, "
            f"{pm(block('distractors', 'prediction'), 'rankme', 2)} with dots")
    if block("distractors", "prediction")["mean"]["rankme"] > block("clean", "prediction")["mean"]["rankme"]:
        text += ": the tiny code that is left spreads over more directions, and RankMe, being scale-free, counts them"
    claim = (f"prediction alone collapses (RankMe <= {RANKME_COLLAPSED:g}, or per-dim std near 0: "
             f"relative std < {COLLAPSED:g} on every seed)")
    return claim, verdict, text


def not_collapsed(loss):
    """Relative std >= COLLAPSED and RankMe > 2 on every seed, clean and with dots."""
    return all(block(s, loss)["min"]["relative_std"] >= COLLAPSED and block(s, loss)["min"]["rankme"] > RANKME_COLLAPSED
               for s in SETTINGS)


def spread_claim():
    verdict = "yes" if all(not_collapsed(loss) for loss in REGULARISED) else \
        "no: " + names([loss for loss in REGULARISED if not not_collapsed(loss)])
    two = lambda s, key, f: " / ".join(f(block(s, loss)["mean"][key]) for loss in ("vicreg", "sigreg"))
    text = (f"VICReg / SIGReg: std {two('clean', 'std_mean', lambda x: num(x, 2))}, relative std "
            f"{two('clean', 'relative_std', lambda x: num(x, 2))} (clean), RankMe {two('clean', 'rankme', lambda x: num(x, 1))} "
            f"clean and {two('distractors', 'rankme', lambda x: num(x, 1))} with dots. Barlow Twins standardises z "
            f"(it is scale-invariant), so its raw std {both('barlow', 'std_mean', lambda x: sig(x, 2))} means little; "
            f"its relative std {both('barlow', 'relative_std', lambda x: num(x, 2))} and RankMe "
            f"{both('barlow', 'rankme', lambda x: num(x, 1))} (clean / with dots) measure its spread")
    claim = f"the regularised runs do not collapse (relative std >= {COLLAPSED:g} and RankMe > 2 on every seed)"
    return claim, verdict, text


def position_claim():
    r2 = [v for s in SETTINGS for loss in REGULARISED for v in values(s, loss, "position_r2")]
    mae = [v for s in SETTINGS for loss in REGULARISED for v in values(s, loss, "position_mae_px")]
    untrained = {s: block(s, "untrained")["mean"]["position_r2"] for s in SETTINGS}
    verdict = "yes" if min(r2) >= R2_BAR else "no"
    if verdict == "yes" and untrained["clean"] >= R2_BAR:
        verdict += ", but the bar is low"
    text = (f"{span(r2, 4)} on every seed in both settings, mean error per seed {span(mae, 2)} px; the untrained "
            f"encoder reaches {num(untrained['clean'], 3)} clean ({num(untrained['distractors'], 3)} with dots)")
    if untrained["clean"] >= R2_BAR:
        text += ": a disc's column is close to linear in random conv features"
    pred_dots = block("distractors", "prediction")["mean"]
    text += (f". Prediction-only: {span(values('clean', 'prediction', 'position_r2'), 3)} clean, "
             f"{num(pred_dots['position_r2'], 2)} with dots ({num(pred_dots['position_mae_px'], 1)} px)")
    if pred_dots["position_r2"] < R2_BAR:
        text += ": the collapse throws position away"
    return f"position probe R^2 >= {R2_BAR:g} for the regularised runs", verdict, text


def above_beyond_noise(setting, name):
    """Seeds whose probe beats the oracle's guess by more than NOISE_SE standard errors."""
    return [g for g, se in zip(gaps(setting, name), gap_se(setting, name)) if g > NOISE_SE * se]


def direction_claim():
    reg = [(s, loss) for s in SETTINGS for loss in REGULARISED]
    g = [x for s, loss in reg for x in gaps(s, loss)]
    se = [x for s, loss in reg for x in gap_se(s, loss)]
    within = all(abs(x) <= DIRECTION_POINTS for x in g)
    never_above = not any(above_beyond_noise(s, loss) for s, loss in reg)
    verdict = "yes" if within and never_above else \
        "no: " + ("outside 2 points" if not within else "above the oracle beyond noise")
    limit = block("clean", "vicreg")["mean"]["oracle_direction_limit"]
    oracle = block("clean", "vicreg")["mean"]["oracle_direction_accuracy"]
    below_limit = [100 * (limit - a) for s, loss in reg for a in values(s, loss, "direction_accuracy")]
    anyone_above = any(above_beyond_noise(s, n) for s in SETTINGS for n in (*LOSSES, "untrained"))
    text = (f"regularised runs: {span(g, fmt=signed)} points against the oracle's guess on the same "
            f"{results()['heldout_pairs']} pairs ({len(g)} runs), each with a paired noise (one standard error) of "
            f"{span(se, 1)} points. Prediction-only: {span(gaps('clean', 'prediction'), fmt=signed)} clean, "
            f"{span(gaps('distractors', 'prediction'), fmt=signed)} with dots. Against the exact expectation "
            f"({num(limit, 3)}) the regularised probes are {span(below_limit, 1)} points lower per run, and the "
            f"oracle's own guess on these pairs ({num(oracle, 3)}) is {num(100 * (limit - oracle), 1)} lower: that gap "
            f"is the sample of pairs. ")
    text += ("No encoder's probe is more than two standard errors above the oracle's guess: none reads the direction "
             "from one frame better than P(right \\| x) allows" if not anyone_above else
             "Some probe is more than two standard errors above the oracle's guess: see the tables")
    claim = (f"direction probe within {DIRECTION_POINTS:g} points of the oracle's limit (its guess on the same pairs), "
             f"never above it beyond noise (> {NOISE_SE:g} standard errors)")
    return claim, verdict, text


def at_floor(loss):
    return all(block(s, loss)["max"]["ratio_to_latent_floor"] < AT_FLOOR for s in SETTINGS)


def floor_claim():
    yes = [loss for loss in LOSSES if at_floor(loss)]
    no = [loss for loss in LOSSES if not at_floor(loss)]
    verdict = "; ".join(part for part in (f"yes for {names(yes)}" if yes else "", f"no for {names(no)}" if no else "")
                        if part)
    ratio = lambda loss: both(loss, "ratio_to_latent_floor", lambda x: num(x, decimals(x))) + "x"
    text = (", ".join(f"{SHORT[loss]} {ratio(loss)}" for loss in LOSSES) +
            f" (clean / with dots); the pixel model is at "
            f"{both('pixel', 'ratio_to_bayes', lambda x: num(x, 3))}x its Bayes floor. Barlow's loss asks only for "
            f"correlation, not for the right scale or offset; prediction-only's latent floor is itself tiny "
            f"({sci(block('clean', 'prediction')['mean']['latent_floor'])} clean, against VICReg's "
            f"{sig(block('clean', 'vicreg')['mean']['latent_floor'], 2)})")
    return f"the predictor reaches the exact latent floor (ratio < {AT_FLOOR:g} on every seed, both settings)", verdict, text


def sound():
    """The encoders whose share means something: not collapsed, and a predictor at its floor."""
    return [loss for loss in REGULARISED if not_collapsed(loss) and at_floor(loss)]


def share_lower(setting, loss):
    """Every seed's unpredictable share below the pixel share of the same pairs."""
    return block(setting, loss)["max"]["unpredictable_share"] < block(setting, "pixel")["mean"]["pixel_share"]


def share_verdict(setting):
    good = sound()
    lower = [loss for loss in good if share_lower(setting, loss)]
    if good and len(lower) == len(good):
        return f"yes, for {names(good)}"
    return f"yes for {names(lower)} only" if lower else "no"


def column_share():
    """The share of a code that is the ball's column itself: nothing left out, smooth in position."""
    return results()["column_code_share"]


def column_caveat():
    """Whether the column code alone is already below the clean pixel share (then 'below' is no evidence)."""
    return column_share() < block("clean", "pixel")["mean"]["pixel_share"]


def share_claim():
    good = sound()
    clean = share_verdict("clean")
    if column_caveat() and clean != "no":
        clean += f", but so is a code that is the ball's column itself ({num(column_share(), 3)}): not evidence"
    verdict = f"clean world: {clean}. With distractor dots: {share_verdict('distractors')}"
    share = lambda s, loss: num(block(s, loss)["mean"]["unpredictable_share"], 3)
    pixel = lambda s: num(block(s, "pixel")["mean"]["pixel_share"], 3)
    text = (f"Clean: pixel {pixel('clean')}; " + ", ".join(f"{SHORT[l]} {share('clean', l)}" for l in good) +
            f". With dots: pixel {pixel('distractors')} (the dots add {sig(results()['dot_variance_per_pixel'], 3)} "
            f"per pixel of variance that no one can predict); " +
            ", ".join(f"{SHORT[l]} {share('distractors', l)} (spread over seeds "
                      f"{num(block('distractors', l)['std']['unpredictable_share'], 3)})" for l in good) +
            f". Barlow {share('distractors', 'barlow')} with dots, with a predictor "
            f"{num(block('distractors', 'barlow')['mean']['ratio_to_latent_floor'], 0)}x its floor; prediction-only "
            f"{share('distractors', 'prediction')} on a collapsed code; the untrained encoder {share('distractors', 'untrained')}. "
            f"The code f(y) = the ball's column has share {num(column_share(), 3)}, exactly")
    claim = (f"\"specify less\": the unpredictable share of every encoder that neither collapses nor misses its floor "
             f"({names(good) or 'none'}) below the pixel share, on every seed")
    return claim, verdict, text


def specify_less_verdict():
    """"Specify less", by rules.verdict over the settings that can test it: each setting passes when every sound
    encoder's share is below the pixel share (share_lower). The clean world cannot test it when a code that is the
    ball's column itself, leaving nothing out, is already below the pixels' (column_caveat)."""
    testable = [s for s in SETTINGS if s == "distractors" or not column_caveat()]
    word = rules.verdict(bool(sound()) and all(share_lower(s, loss) for loss in sound()) for s in testable)
    return word if len(testable) == len(SETTINGS) else f"{word} with distractor dots; the clean world cannot test it"


def complete(setting):
    """Every loss on every seed of the setting, and the pixel model on every pixel seed."""
    seeds = results()["seeds" if setting == "clean" else "dots_seeds"]
    block_ = results()[setting]
    return (all(loss in block_ and block_[loss]["seeds"] == seeds for loss in LOSSES)
            and "pixel" in block_ and len(block_["pixel"]["runs"]) == len(results()["pixel_seeds"]))


def dots_claim():
    verdict = "yes" if complete("distractors") else "no: runs are missing"
    text = (f"the second table; seeds {seed_list('dots_seeds')} per JEPA, seeds {seed_list('pixel_seeds')} "
            "per pixel model")
    return "the same numbers with distractor dots, for the pixel model and each JEPA", verdict, text


def seeds_claim():
    verdict = "yes (the untrained encoder is one initialisation, a control)" if all(map(complete, SETTINGS)) else "no"
    text = f"`bash run_jepa.sh` writes results/jepa.json; seeds {seed_list()}"
    return f"every number over {len(results()['seeds'])} seeds, made by one run script, quoted from its JSON", verdict, text


def claims_table():
    rows = [collapse_claim(), spread_claim(), position_claim(), direction_claim(), floor_claim(), share_claim(),
            dots_claim(), seeds_claim()]
    return table(["claim", "verdict", "numbers (`results/jepa.json`)"], [(c, f"**{v}**", t) for c, v, t in rows])


# ---- numbers in running text ----

def se_span(losses, setting_list):
    return span([x for s in setting_list for loss in losses for x in gap_se(s, loss)], 1)


def clean_share_word():
    """Whether the sound encoders' clean share is below the pixel share: the page's 'specify less' sentence."""
    return "below" if sound() and all(share_lower("clean", loss) for loss in sound()) else "not below"


def dots_share_word():
    return "below" if sound() and all(share_lower("distractors", loss) for loss in sound()) else "not below"


def share_moves():
    """How far the sound encoders' share moves when the dots are added (largest change of a mean)."""
    return num(max(abs(block("distractors", l)["mean"]["unpredictable_share"] -
                       block("clean", l)["mean"]["unpredictable_share"]) for l in sound()), 3)


def prediction_share_word():
    lower = block("clean", "prediction")["max"]["unpredictable_share"] < block("clean", "pixel")["mean"]["pixel_share"]
    return "lower than" if lower else "not lower than"


def barlow_ratio_span():
    return span([block(s, "barlow")["mean"]["ratio_to_latent_floor"] for s in SETTINGS], fmt=lambda x: num(x, 0))


TABLES = {
    "jepa.clean": lambda: results_table("clean"),
    "jepa.dots": lambda: results_table("distractors"),
    "jepa.claims": claims_table,
    "jepa.expander": expander_table,
}

NUMBERS = {
    "jepa.n.seeds": seed_list,
    "jepa.n.steps": lambda: str(results()["jepa_steps"]),
    "jepa.n.heldout": lambda: str(results()["heldout_pairs"]),
    "jepa.n.fit": lambda: str(results()["probe_fit_pairs"]),
    "jepa.n.dot_draws": lambda: str(results()["dot_draws"]),
    "jepa.n.dot_density": lambda: sig(results()["dot_density"], 2),
    "jepa.n.dot_variance": lambda: num(results()["dot_variance_per_pixel"], 4),
    "jepa.n.oracle_limit": lambda: num(block("clean", "vicreg")["mean"]["oracle_direction_limit"], 3),
    "jepa.n.oracle_pairs": lambda: num(block("clean", "vicreg")["mean"]["oracle_direction_accuracy"], 3),
    "jepa.n.se_regularised": lambda: se_span(REGULARISED, SETTINGS),
    "jepa.n.se_prediction_clean": lambda: se_span(["prediction"], ["clean"]),
    "jepa.n.se_prediction_dots": lambda: se_span(["prediction"], ["distractors"]),
    "jepa.n.pixel_ratio_clean": lambda: span(values("clean", "pixel", "ratio_to_bayes"), 3),
    "jepa.n.pixel_ratio_dots": lambda: span(values("distractors", "pixel", "ratio_to_bayes"), 3),
    "jepa.n.sound": lambda: names(sound()) or "no encoder",
    "jepa.n.verdict": specify_less_verdict,
    "jepa.n.clean_share_word": clean_share_word,
    "jepa.n.dots_share_word": dots_share_word,
    "jepa.n.share_moves": share_moves,
    "jepa.n.prediction_share_word": prediction_share_word,
    "jepa.n.barlow_ratio": barlow_ratio_span,
    "jepa.n.expander": expander_words,
    "jepa.n.column_share": lambda: num(column_share(), 3),
    "jepa.n.sound_clean_shares": lambda: " / ".join(num(block("clean", l)["mean"]["unpredictable_share"], 3) for l in sound()),
    "jepa.n.sound_dots_shares": lambda: " / ".join(num(block("distractors", l)["mean"]["unpredictable_share"], 3)
                                                   for l in sound()),
    "jepa.n.pixel_shares": lambda: " / ".join(num(block(s, "pixel")["mean"]["pixel_share"], 3) for s in SETTINGS),
}
