"""Generated parts of docs/digits.md: the article's claims re-asked in the digits world, each with its verdict.

Reads results/digits/claims.json (part1_pixel/digits/measure.py). Every verdict is computed from the numbers
by the rules below, so a new measurement rewrites the verdicts with the numbers.
"""
from itertools import pairwise

from blocks.fmt import load, num, span, table

# Rules, each as (holds, holds in part): below the second the claim does not hold.
MIX_RESIDUAL = (0.05, 0.2)      # a: share of the prediction's energy the mix of futures leaves unexplained (median)
FLOOR_RATIO = (1.05, 1.25)      # d: MSE / Bayes floor (1.05 as docs/claims.md's "same blur")
FOLLOWS = (0.8, 0.2)            # b, e: the smaller of the slopes read back (1 = all of the data's position bias)
FOLLOWS_CORR = (0.8, 0.5)       # b, e: and the correlation of the implied P(moves right) with the exact one
SAME_SHARE = 0.05               # training and held-out digits' shares this close: no gap from new digits
TIGHTENS = 0.5                  # c: the model's drop in spread from mid-frame to the wall, as a share of the exact drop


def claims():
    return load("results/digits/claims.json")


def verdict(level):
    return ("holds", "holds in part", "does not hold")[level]


def below(value, rule):
    """0 if value <= rule[0], 1 if <= rule[1], else 2."""
    return 0 if value <= rule[0] else 1 if value <= rule[1] else 2


def above(value, rule):
    return 0 if value >= rule[0] else 1 if value >= rule[1] else 2


def average(which="heldout"):
    return claims()["average"][which]


def position(which="heldout"):
    return claims()["position"][which]


def follows_level(slopes, corr):
    return max(above(min(slopes), FOLLOWS), above(corr, FOLLOWS_CORR))


def spread_drop():
    s = position()["spread"]
    return s["model_mid"] - s["model_wall"], s["exact_mid"] - s["exact_wall"]


def levels():
    """The verdict level (0 holds, 1 in part, 2 not) of each claim a..e."""
    a, b, lat = average(), position(), claims()["lattice"]["mid"]
    model_drop, exact_drop = spread_drop()
    return {"a": below(a["fit_residual_median"], MIX_RESIDUAL),
            "b": follows_level([b["position_specific_share"], b["p_right_mid"]["slope"]], b["p_right_mid"]["corr"]),
            "c": 0 if model_drop >= TIGHTENS * exact_drop else 1 if model_drop > 0 else 2,
            "d": below(a["ratio_to_bayes"], FLOOR_RATIO),
            "e": follows_level([lat["slope"]], lat["corr"])}


def summary():
    a, b, s, lat = average(), position(), position()["spread"], claims()["lattice"]["mid"]
    v = {k: verdict(level) for k, level in levels().items()}
    rows = [["a. the prediction is a weighted average of the futures",
             (f"a non-negative mix of the rendered futures leaves {num(a['fit_residual_median'])} of its energy "
             f"(median); weights sum to {num(a['weight_total_median'], 2)}"), "0 (E[y\\|x] is such a mix)", v["a"]],
            ["b. the weights follow the data's bias for that position",
             (f"position-specific share drawn {num(b['position_specific_share'], 2)}; implied P(moves right) "
             f"r = {num(b['p_right_mid']['corr'], 2)}, slope {num(b['p_right_mid']['slope'], 2)} (mid-frame)"), "1, 1, 1",
             v["b"]],
            ["c. it smears most mid-frame and tightens at the walls",
             f"spread across the nearest wall {num(s['model_mid'], 2)} px mid-frame, {num(s['model_wall'], 2)} px at a wall",
             f"{num(s['exact_mid'], 2)} px, {num(s['exact_wall'], 2)} px", v["c"]],
            ["d. the MSE optimum is E[y\\|x]: training lands on it", f"MSE = {num(a['ratio_to_bayes'])} (+- {num(a['ratio_standard_error'])}) x the Bayes floor", "1", v["d"]],
            ["e. P(moves right) zigzags over columns (the lattice)",
             f"read back along row {claims()['lattice']['row']}: r = {num(lat['corr'], 2)}, slope {num(lat['slope'], 2)}",
             "1, 1", v["e"]]]
    return table(["claim (held-out digits)", "measured", "exact E[y\\|x] would give", "verdict"], rows)


def averages():
    rows = []
    for which, name in (("heldout", "held-out digits"), ("train", "training digits")):
        a = average(which)
        rows.append([name, f"{a['pairs']:,}", num(a["mse"], 5), num(a["bayes_floor"], 5),
                     f"{num(a['ratio_to_bayes'])} +- {num(a['ratio_standard_error'])}",
                     num(a["distance_to_oracle"], 5), num(a["copy_floor"], 5), num(a["zeros_floor"], 5),
                     num(a["fit_residual_median"]), num(a["weight_total_median"])])
    header = ["digits", "pairs", "model MSE", "Bayes floor (same pairs)", "MSE / floor", "distance to E[y\\|x]",
              "copy floor", "zeros floor", "mix of futures leaves (median)", "mix weights sum to (median)"]
    return table(header, rows)


def positions():
    rows = []
    for which, name in (("heldout", "held-out digits"), ("train", "training digits")):
        b = position(which)
        mid, walls = b["p_right_mid"], b["p_right_walls"]
        rows.append([name, num(b["position_specific_share"]), f"{num(mid['corr'])} / {num(mid['slope'])} ({mid['n']})",
                     num(b["p_right_gap_mid"]), f"{num(walls['corr'])} / {num(walls['slope'])} ({walls['n']})"])
    header = ["digits", "position-specific share drawn, mid-frame", "implied vs exact P(moves right), mid-frame: r / slope (n)",
              "mean gap, mid-frame", "the same within 4 px of a wall: r / slope (n)"]
    return table(header, rows)


def spreads():
    s = position()["spread"]
    shown = [0, 1, 2, 3]
    rows = [[name] + [num(s[key][d], 2) for d in shown] + [num(s[f"{key}_mid"], 2)]
            for key, name in (("model", "MSE model (implied)"), ("exact", "exact posterior"))]
    return table(["spread of the next position across the nearest wall (px)"] + [f"{d} px from a wall" for d in shown]
                 + ["mid-frame (4+ px)"], rows)


def spread_shape():
    """How the model's spread compares with the exact one: wider or narrower mid-frame, and whether it rises
    steadily from the wall to mid-frame (the exact spread does not: the lattice)."""
    s = position()["spread"]
    model = [*s["model"][:4], s["model_mid"]]
    steady = all(a < b for a, b in pairwise(model))
    wider = s["model_mid"] - s["exact_mid"]
    shape = ("rises steadily from the wall to mid-frame: it tightens at the walls without the lattice's ups and downs"
             if steady else "does not rise steadily from the wall to mid-frame")
    return f"{'wider' if wider > 0 else 'narrower'} than the exact one mid-frame by {num(abs(wider), 2)} px, and {shape}"


def generalises():
    """The training digits' position-specific share against the held-out digits'."""
    train, held = position("train")["position_specific_share"], position()["position_specific_share"]
    if abs(train - held) <= SAME_SHARE:
        return (f"{num(train, 2)}, within {SAME_SHARE} of the held-out digits' {num(held, 2)}: what is missing "
                "is missing for the digits it trained on too, not a failure to generalise to new ones")
    return f"{num(train, 2)}, against {num(held, 2)} for the held-out digits"


TABLES = {"digits.summary": summary, "digits.averages": averages, "digits.positions": positions,
          "digits.spreads": spreads}
NUMBERS = {
    "digits.checkpoint": lambda: f"`{claims()['checkpoint']}`",
    "digits.steps": lambda: f"{claims()['steps']}",
    "digits.ratio": lambda: num(average()["ratio_to_bayes"]),
    "digits.share": lambda: num(position()["position_specific_share"], 2),
    "digits.generalises": generalises,
    "digits.spread_shape": spread_shape,
    "digits.slope": lambda: num(position()["p_right_mid"]["slope"], 2),
    "digits.lattice_range": lambda: span(claims()["lattice"]["exact"][claims()["mid_frame_from_wall"]:
                                                                   -claims()["mid_frame_from_wall"]], 2),
    "digits.lattice_slope": lambda: num(claims()["lattice"]["mid"]["slope"], 2),
    "digits.sizes": lambda: (f"{claims()['sizes']['pairs']:,} pairs per digit set, {claims()['sizes']['per_distance']} "
                             f"positions per distance to the wall (24 distances) per set, "
                             f"{claims()['sizes']['row_digits']} digits per column of the lattice row"),
}
