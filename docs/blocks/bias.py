"""Generated parts of docs/bias.md: the ghosts' brightness against the data's P(right | x), 3 seeds per world.

Reads results/brightness.json (part1_pixel/bias/measure_brightness.py).
"""
from blocks import rules
from blocks.fmt import load, num, span, table


def brightness():
    rows = []
    for name, w in load("results/brightness.json")["worlds"].items():
        low, high = w["p_right_range_both_directions"]
        corr, slope = w["corr_ambiguous"], w["slope_ambiguous"]
        gap, ratio = w["max_abs_diff_ambiguous"], w["ratio_to_bayes"]
        rows.append([name, f"{num(low)} to {num(high)}", len(w["runs"]),
                     f"{num(corr['mean'])} +- {num(corr['std'])} ({num(corr['min'])} to {num(corr['max'])})",
                     f"{num(slope['mean'], 2)} ({num(slope['min'], 2)} to {num(slope['max'], 2)})",
                     f"{num(gap['min'])} to {num(gap['max'])}", f"{num(ratio['min'])} to {num(ratio['max'])}"])
    return table(["world", "P(right\\|x) where both directions occur", "seeds", "r, share against P(right\\|x)",
                  "slope", "largest gap", "MSE / Bayes floor"], rows)


def world(name):
    return load("results/brightness.json")["worlds"][name]


def panel():
    return load("results/biased/blur.json")["panel"]


TABLES = {"bias.brightness": brightness}
NUMBERS = {
    "bias.verdict": lambda: rules.verdict(rules.follows_bias(world(w)["corr_ambiguous"]["min"]) for w in ("biased", "article")),
    "bias.follows_corr": lambda: num(rules.FOLLOWS_CORR, 1),
    "bias.seeds": lambda: str(len(world("article")["runs"])),
    "bias.ratio_article": lambda: span([r["ratio_to_bayes"] for r in world("article")["runs"]]),
    "bias.ratio_biased": lambda: span([r["ratio_to_bayes"] for r in world("biased")["runs"]]),
    "bias.panel_x": lambda: str(panel()["x"]),
    "bias.panel_p": lambda: num(panel()["p_right"]),
    "bias.panel_fit": lambda: f"{num(panel()['right'])} x right + {num(panel()['left'])} x left",
    "bias.r_biased": lambda: num(world("biased")["corr_ambiguous"]["min"]),
    "bias.slope_biased": lambda: num(world("biased")["slope_ambiguous"]["mean"], 2),
    "bias.r_article": lambda: f"{num(world('article')['corr_ambiguous']['min'], 2)} to "
                              f"{num(world('article')['corr_ambiguous']['max'], 2)}",
    "bias.max_bias_article": lambda: num(max(0.5 - world("article")["p_right_range_both_directions"][0],
                                             world("article")["p_right_range_both_directions"][1] - 0.5), 3),
}
