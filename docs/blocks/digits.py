"""Generated parts of docs/digits.md: the article's claims re-asked in the digits world, each with its verdict.

Reads results/digits/claims.json and claims_decoder.json (part1_pixel/digits/measure.py on the default network and
on the article's decoder), and, once their runs have written them,
results/digits/capacity.json and controls.json (part1_pixel/claims/) with results/digits/two_frame_floor.json
(part1_pixel/digits/two_frame_floor.py). Every verdict is computed from the numbers by the rules below or in
blocks/rules.py, so a new measurement rewrites the verdicts with the numbers.
"""
from itertools import pairwise

from blocks import rules
from blocks.fmt import load, load_if_run, num, pct, span, table

# Rules, each as (holds, holds in part): below the second the claim does not hold.
MIX_RESIDUAL = (0.05, 0.2)      # a: share of the prediction's energy the mix of futures leaves unexplained (median)
FLOOR_RATIO = (1.05, 1.25)      # d: MSE / Bayes floor (1.05 as docs/claims.md's "same blur")
FOLLOWS = (0.8, 0.2)            # b, e: the smaller of the slopes read back (1 = all of the data's position bias)
FOLLOWS_CORR = (0.8, 0.5)       # b, e: and the correlation of the implied P(moves right) with the exact one
SAME_SHARE = 0.05               # training and held-out digits' shares this close: no gap from new digits
TIGHTENS = 0.5                  # c: the model's drop in spread from mid-frame to the wall, as a share of the exact drop
NOT_RUN = "not run"             # f, g before their runs have written their JSON


# The networks whose claims are measured: the default (moved copies of the frame) and the article's decoder.
CLAIMS = {"shifts": "results/digits/claims.json", "decoder": "results/digits/claims_decoder.json"}
NAMES = {"shifts": "moved copies, the default", "decoder": "the article's decoder"}
DEFAULT = "shifts"


def claims(network=DEFAULT):
    return load(CLAIMS[network])


def verdict(level):
    return rules.graded(level)


def below(value, rule):
    """0 if value <= rule[0], 1 if <= rule[1], else 2."""
    return 0 if value <= rule[0] else 1 if value <= rule[1] else 2


def above(value, rule):
    return 0 if value >= rule[0] else 1 if value >= rule[1] else 2


def average(which="heldout", network=DEFAULT):
    return claims(network)["average"][which]


def position(which="heldout", network=DEFAULT):
    return claims(network)["position"][which]


def follows_level(slopes, corr):
    return max(above(min(slopes), FOLLOWS), above(corr, FOLLOWS_CORR))


def levels_of(c):
    """The verdict level (0 holds, 1 in part, 2 not) of each claim a..e in one claims file (measure.py's JSON)."""
    a, b, lat = c["average"]["heldout"], c["position"]["heldout"], c["lattice"]["mid"]
    s = b["spread"]
    model_drop, exact_drop = s["model_mid"] - s["model_wall"], s["exact_mid"] - s["exact_wall"]
    return {"a": below(a["fit_residual_median"], MIX_RESIDUAL),
            "b": follows_level([b["position_specific_share"], b["p_right_mid"]["slope"]], b["p_right_mid"]["corr"]),
            "c": 0 if model_drop >= TIGHTENS * exact_drop else 1 if model_drop > 0 else 2,
            "d": below(a["ratio_to_bayes"], FLOOR_RATIO),
            "e": follows_level([lat["slope"]], lat["corr"])}


def levels(network=DEFAULT):
    """levels_of a network's claims."""
    return levels_of(claims(network))


def measured(network):
    """Claims a..e as measured for a network: the table's cells."""
    a, b, s, lat = average(network=network), position(network=network), position(network=network)["spread"], \
        claims(network)["lattice"]["mid"]
    built = " (mid-frame by construction: it draws a mix of moved copies)" if claims(network).get("output") == "shifts" else ""
    return {"a": (f"a non-negative mix of the rendered futures leaves {num(a['fit_residual_median'])} of its energy "
                  f"(median){built}"),
            "b": (f"position-specific share drawn {num(b['position_specific_share'], 2)}; implied P(moves right) "
                  f"r = {num(b['p_right_mid']['corr'], 2)}, slope {num(b['p_right_mid']['slope'], 2)} (mid-frame)"),
            "c": f"spread across the nearest wall {num(s['model_mid'], 2)} px mid-frame, {num(s['model_wall'], 2)} px at a wall",
            "d": f"MSE = {num(a['ratio_to_bayes'])} (+- {num(a['ratio_standard_error'])}) x the Bayes floor",
            "e": f"read back along row {claims(network)['lattice']['row']}: r = {num(lat['corr'], 2)}, slope {num(lat['slope'], 2)}"}


def summary():
    s = position()["spread"]
    cells = {network: measured(network) for network in CLAIMS}
    v = {network: {k: verdict(level) for k, level in levels(network).items()} for network in CLAIMS}
    claim = {"a": "a. the prediction is a weighted average of the futures",
             "b": "b. the weights follow the data's bias for that position",
             "c": "c. it smears most mid-frame and tightens at the walls",
             "d": "d. the MSE optimum is E[y\\|x]: training lands on it",
             "e": "e. P(moves right) zigzags over columns (the lattice)"}
    exact = {"a": "0 (E[y\\|x] is such a mix)", "b": "1, 1, 1",
             "c": f"{num(s['exact_mid'], 2)} px, {num(s['exact_wall'], 2)} px",
             "d": f"1 (the blob alone: {blob_cost()} of the floor more, mid-frame)", "e": "1, 1"}
    rows = [[claim[k], f"{v['decoder'][k]} / {v[DEFAULT][k]}", cells["decoder"][k], cells[DEFAULT][k], exact[k]]
            for k in claim]
    rows += [["f. bigger encoder, longer training, transformer: same blob", f"- / {capacity_verdict()}", "-",
              capacity_measured(), "1, 1 (each)"],
             ["g. shown two frames, the blur goes: it is the missing information", f"- / {control_verdict()}", "-",
              control_measured(), control_exact()]]
    return table(["claim (held-out digits)", "verdict (decoder / moved copies)", f"measured: {NAMES['decoder']}",
                  f"measured: {NAMES[DEFAULT]}", "exact E[y\\|x] would give"], rows)


SEED_CLAIMS = ("results/digits/claims.json", "results/digits/claims_seed1.json", "results/digits/claims_seed2.json")


def seeds():
    """The default network's claims b, d and e for each seed (the shipped checkpoint is seed 0)."""
    rows = []
    for seed, path in enumerate(SEED_CLAIMS):
        c = load_if_run(path)
        if c is None:
            rows.append([seed, NOT_RUN, "-", "-", "-"])
            continue
        a, b, lat = c["average"]["heldout"], c["position"]["heldout"], c["lattice"]["mid"]
        rows.append([seed, num(a["ratio_to_bayes"]), num(b["position_specific_share"]),
                     f"{num(b['p_right_mid']['corr'], 2)} / {num(b['p_right_mid']['slope'], 2)}",
                     f"{num(lat['corr'], 2)} / {num(lat['slope'], 2)}"])
    return table(["seed (moved copies)", "MSE / Bayes floor", "position-specific share drawn",
                  "implied P(moves right), mid-frame: r / slope", "along the lattice row: r / slope"], rows)


def seed_range():
    """The default's share over the seeds measured, and whether claims b and e get one verdict on all of them."""
    found = [c for c in map(load_if_run, SEED_CLAIMS) if c]
    shares = [c["position"]["heldout"]["position_specific_share"] for c in found]
    b, e = ({verdict(levels_of(c)[k]) for c in found} for k in "be")
    same = (f", and claims b and e get the same verdict on every seed ({b.pop()}, {e.pop()})" if len(b) == len(e) == 1
            else ", and the verdicts of b or e differ between seeds")
    return f"{span(shares, 2)} over {len(shares)} seeds{same}"


def train_time():
    """The default's training time and result, alone on one core (bench/speed_to_floor.py --world digits)."""
    bench = load_if_run("bench/digits/results.json")
    if bench is None:
        return "not timed yet (`python bench/speed_to_floor.py --world digits`)"
    row = next(r for r in bench["rows"] if r["name"] == "project default")
    return (f"{row['wall_s'] / 60:.1f} min with {bench['threads']} thread(s) on {bench['device']}, to "
            f"{num(row['ratio_to_bayes'])} x the Bayes floor on its held-out pairs (`python bench/speed_to_floor.py "
            f"--world digits`, [bench/README.md](../bench/README.md))")


def blob_cost():
    """What drawing only the blob adds to the MSE mid-frame, as a share of the Bayes floor (held-out digits)."""
    return pct(position()["position_specific_mse"] / average()["bayes_floor"], 1)


def parameters(network):
    """The network's parameter count, from its checkpoint's metrics beside it."""
    return load(claims(network)["checkpoint"].replace(".pt", ".json"))["config"]["parameters"]


def what_draws():
    """How much of E[y|x]'s position-specific part each network draws, beside a learner that counts as many pairs."""
    c = claims()["counted"]
    scores = [(NAMES[n], f"{parameters(n):,}", claims(n)["counted"]["pairs_seen"], average(network=n), position(network=n))
              for n in ("decoder", DEFAULT)]
    scores.append(("counting the next offset of as many pairs at their exact positions (`counted_posterior`)", "",
                   c["pairs_seen"], c, c))
    rows = [[name, size, f"{pairs:,}", num(a["ratio_to_bayes"]), num(a["distance_to_oracle"], 5),
             num(b["position_specific_share"], 2), num(b["p_right_mid"]["slope"], 2)] for name, size, pairs, a, b in scores]
    rows.append(["exact E[y\\|x]", "", "", num(1), "0", num(1, 2), num(1, 2)])
    return table(["next frame drawn by", "parameters", "pairs seen", "MSE / Bayes floor", "distance to E[y\\|x]",
                  "position-specific share drawn", "implied P(moves right): slope"], rows)


def counting_shows():
    """What the learner that counts says about the default's share."""
    share, counted = position()["position_specific_share"], claims()["counted"]
    return (f"The default draws {num(share, 2)} of E[y|x]'s position-specific part; counting where the same number of "
            f"pairs ({counted['pairs_seen']:,}) went draws {num(counted['position_specific_share'], 2)}, so the pairs "
            f"hold the pattern and what the network leaves out, {num(1 - share, 2)} of it, is the network's at this budget")


def averages():
    rows = []
    for network in ("decoder", DEFAULT):
        for which, name in (("heldout", "held-out"), ("train", "training")):
            a = average(which, network)
            rows.append([NAMES[network], name, f"{a['pairs']:,}", num(a["mse"], 5), num(a["bayes_floor"], 5),
                         f"{num(a['ratio_to_bayes'])} +- {num(a['ratio_standard_error'])}",
                         num(a["distance_to_oracle"], 5), num(a["copy_floor"], 5), num(a["zeros_floor"], 5),
                         num(a["fit_residual_median"]), num(a["weight_total_median"])])
    header = ["network", "digits", "pairs", "model MSE", "Bayes floor (same pairs)", "MSE / floor", "distance to E[y\\|x]",
              "copy floor", "zeros floor", "mix of futures leaves (median)", "mix weights sum to (median)"]
    return table(header, rows)


def positions():
    rows = []
    for network in ("decoder", DEFAULT):
        for which, name in (("heldout", "held-out"), ("train", "training")):
            b = position(which, network)
            mid, walls = b["p_right_mid"], b["p_right_walls"]
            rows.append([NAMES[network], name, num(b["position_specific_share"]),
                         f"{num(mid['corr'])} / {num(mid['slope'])} ({mid['n']})",
                         num(b["p_right_gap_mid"]), f"{num(walls['corr'])} / {num(walls['slope'])} ({walls['n']})"])
    header = ["network", "digits", "position-specific share drawn, mid-frame",
              "implied vs exact P(moves right), mid-frame: r / slope (n)", "mean gap, mid-frame",
              "the same within 4 px of a wall: r / slope (n)"]
    return table(header, rows)


def spreads():
    shown = [0, 1, 2, 3]
    rows = [[f"{NAMES[network]} (implied)"] + [num(position(network=network)["spread"]["model"][d], 2) for d in shown]
            + [num(position(network=network)["spread"]["model_mid"], 2)] for network in ("decoder", DEFAULT)]
    s = position()["spread"]
    rows.append(["exact posterior"] + [num(s["exact"][d], 2) for d in shown] + [num(s["exact_mid"], 2)])
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
    """The training digits' position-specific share against the held-out digits', for each network."""
    parts = []
    for network in ("decoder", DEFAULT):
        train, held = position("train", network)["position_specific_share"], position(network=network)["position_specific_share"]
        parts.append(f"{num(train, 2)} against {num(held, 2)} ({NAMES[network]})")
    close = all(abs(position("train", n)["position_specific_share"] - position(network=n)["position_specific_share"])
                <= SAME_SHARE for n in CLAIMS)
    return "; ".join(parts) + (f": within {SAME_SHARE} each, so what is missing is missing for the digits they trained "
                               "on too, not a failure to generalise to new ones" if close else "")


CHECKPOINT_METRICS = "checkpoints/digits/pixel.json"   # train.py's scores of the default checkpoint


def capacity():
    """results/digits/capacity.json's rows, or [] before it is written; with no steps variant among them, the default
    checkpoint (train.py's own scores, on the same held-out pairs) stands in as the longer training."""
    rows = (load_if_run("results/digits/capacity.json") or {"rows": []})["rows"]
    if rows and not any(r["name"].startswith("steps") for r in rows):
        metrics = load(CHECKPOINT_METRICS)
        config = metrics["config"]
        rows = rows + [{"name": "longer training: the default checkpoint", "parameters": config["parameters"],
                        "steps": config["steps"], **metrics["heldout"]}]
    return rows


def capacity_default():
    return next((r for r in capacity() if r["name"] == "default"), None)


def same_blob(row):
    return rules.same_blob(row["ratio_to_bayes"], row["position_specific_share"],
                           capacity_default()["position_specific_share"])


def capacity_verdict():
    """rules.same_blob for every variant against the default (which must have run)."""
    if capacity_default() is None:
        return NOT_RUN
    return rules.verdict(same_blob(r) for r in capacity())


def capacity_measured():
    if capacity_default() is None:
        return NOT_RUN
    rows = capacity()
    shares = ", ".join(f"{num(r['position_specific_share'], 2)} ({r['name'].split(':')[0]}, {r['steps']:,} steps)" for r in rows)
    return f"share {shares}; MSE / floor {span([r['ratio_to_bayes'] for r in rows])}"


def capacity_table():
    header = ["variant", "parameters", "steps", "MSE / Bayes floor", "distance to E[y\\|x]",
              "position-specific share drawn", "same blob as the default?"]
    if capacity_default() is None:
        return table(header, [[NOT_RUN] + ["-"] * (len(header) - 1)])
    rows = [[r["name"], f"{r['parameters']:,}", f"{r['steps']:,}", num(r["ratio_to_bayes"]),
             num(r["distance_to_oracle"], 5), num(r["position_specific_share"]), "yes" if same_blob(r) else "**no**"]
            for r in capacity()]
    rows.append(["exact E[y\\|x] (for reference)", "", "", num(1), "0", num(1), ""])
    return table(header, rows)


def capacity_runs():
    """Which variants ran, and from how many steps."""
    if capacity_default() is None:
        return "none yet (the command is under *How to run*)"
    data = load("results/digits/capacity.json")
    names = [r["name"] for r in capacity()]
    return (f"{', '.join(names)}; the variants from base steps {data['base_steps']:,}, the checkpoint at "
            f"{load(CHECKPOINT_METRICS)['config']['steps']:,}, all scored on the same held-out pairs (train.py's; on the "
            f"claims' own pairs above, the checkpoint scores {num(average()['ratio_to_bayes'])} x the floor and a share "
            f"of {num(position()['position_specific_share'], 2)})")


def two_frames():
    """The two-frame control's row of results/digits/controls.json, or None before it is written."""
    data = load_if_run("results/digits/controls.json")
    return next((r for r in data["rows"] if r["inputs"] == "two_frames"), None) if data else None


def two_frame_floor():
    """results/digits/two_frame_floor.json, or None if it is missing or measured on other pairs than the control's
    (its one-frame floor must be the control row's bayes_floor, the one-frame E[y|x]'s MSE on the same pairs)."""
    floor, row = load_if_run("results/digits/two_frame_floor.json"), two_frames()
    if floor is None or (row is not None and abs(floor["one_frame_bayes_floor"] / row["bayes_floor"] - 1) > 1e-9):
        return None
    return floor


def control_verdict():
    """rules.blur_gone_to: the control closes the gap from the one-frame floor down to the two-frame floor."""
    row, floor = two_frames(), two_frame_floor()
    if row is None or floor is None:
        return NOT_RUN
    return rules.gap_verdict(row["ratio_to_bayes"], floor["ratio_to_one_frame_floor"])


def control_measured():
    row, floor = two_frames(), two_frame_floor()
    if row is None:
        return NOT_RUN
    also = (f"; {num(row['mse'] / floor['two_frame_bayes_floor'], 2)} x the two-frame floor "
            f"({rules.gap_closed(row['ratio_to_bayes'], floor['ratio_to_one_frame_floor']):.0%} of the gap closed)") if floor else ""
    return f"MSE = {num(row['ratio_to_bayes'])} x the one-frame floor{also}"


def control_exact():
    floor = two_frame_floor()
    return f"{num(floor['ratio_to_one_frame_floor'])} (E[y\\|two frames])" if floor else "-"


def controls_table():
    row, floor = two_frames(), two_frame_floor()
    model = "the default network shown the frame before and the current one"
    if row:
        rows = [[model, f"{row['parameters']:,}", f"{row['steps']:,}", num(row["mse"], 5), num(row["ratio_to_bayes"]),
                 num(row["mse"] / floor["two_frame_bayes_floor"], 2) if floor else "-"]]
    else:
        rows = [[f"{model}: {NOT_RUN}", "-", "-", "-", "-", "-"]]
    for name, key in (("exact E[y\\|two frames] (`two_frame_conditional_mean`)", "two_frame_bayes_floor"),
                      ("exact E[y\\|x], one frame", "one_frame_bayes_floor")):
        rows.append([name, "", "", num(floor[key], 5), num(floor[key] / floor["one_frame_bayes_floor"]),
                     num(floor[key] / floor["two_frame_bayes_floor"], 2)] if floor else [name, "", "", "-", "-", "-"])
    header = ["next frame predicted by", "parameters", "steps", "held-out MSE", "/ one-frame Bayes floor (same pairs)",
              "/ two-frame Bayes floor (same pairs)"]
    return table(header, rows)


def control_floor_note():
    floor = two_frame_floor()
    if floor is None:
        return "not measured on these pairs yet"
    return (f"{num(floor['ratio_to_one_frame_floor'])} x the one-frame floor, over {floor['pairs']:,} held-out pairs, "
            f"in {pct(floor['uncertain_share'], 1)} of which the velocity is uncertain given both frames")


def rule_text():
    """The thresholds of f and g as the page states them, from blocks/rules.py."""
    return (f"f: every variant at most {rules.AT_FLOOR} x the Bayes floor and its position-specific share within "
            f"{rules.SAME_BLOB} of the default's (`rules.same_blob`), else \"holds in part\" if some are; "
            f"g: the two-frame control closes at least {1 - rules.GONE:.1f} of the gap from the one-frame floor down to "
            f"the two-frame floor (`rules.gap_verdict`; with a floor of 0 this is the MSE at most {rules.GONE} x the "
            f"floor of [claims.md](claims.md)), \"holds in part\" if at least {rules.PART_CLOSED}")


TABLES = {"digits.summary": summary, "digits.what_draws": what_draws, "digits.seeds": seeds, "digits.averages": averages, "digits.positions": positions,
          "digits.spreads": spreads, "digits.capacity": capacity_table, "digits.controls": controls_table}
NUMBERS = {
    "digits.capacity_runs": capacity_runs,
    "digits.capacity_verdict": capacity_verdict,
    "digits.control_verdict": control_verdict,
    "digits.control_floor": control_floor_note,
    "digits.rules_fg": rule_text,
    "digits.checkpoint": lambda: f"`{claims()['checkpoint']}`",
    "digits.steps": lambda: (f"{claims()['steps']:,}" if claims()["steps"] == claims("decoder")["steps"] else
                             f"{claims()['steps']:,} (moved copies) and {claims('decoder')['steps']:,} (decoder)"),
    "digits.ratio": lambda: num(average()["ratio_to_bayes"]),
    "digits.share": lambda: num(position()["position_specific_share"], 2),
    "digits.generalises": generalises,
    "digits.counting_shows": counting_shows,
    "digits.train_time": train_time,
    "digits.seed_range": seed_range,
    "digits.spread_shape": spread_shape,
    "digits.slope": lambda: num(position()["p_right_mid"]["slope"], 2),
    "digits.lattice_range": lambda: span(claims()["lattice"]["exact"][claims()["mid_frame_from_wall"]:
                                                                   -claims()["mid_frame_from_wall"]], 2),
    "digits.lattice_slope": lambda: num(claims()["lattice"]["mid"]["slope"], 2),
    "digits.decoder_lattice_slope": lambda: num(claims("decoder")["lattice"]["mid"]["slope"], 2),
    "digits.blob_cost": blob_cost,
    "digits.sizes": lambda: (f"{claims()['sizes']['pairs']:,} pairs per digit set, {claims()['sizes']['per_distance']} "
                             f"positions per distance to the wall (24 distances) per set, "
                             f"{claims()['sizes']['row_digits']} digits per column of the lattice row"),
}
