"""Generated parts of docs/blur.md and docs/world.md: the MSE model against the floors, the smear, the panel's fit.

Reads checkpoints/[biased/]pixel.json (train.py's metrics) and results/[biased/]blur.json (blur/measure.py).
"""
from blocks import rules
from blocks.fmt import load, num, table

WORLDS = ("article", "biased")


def metrics(world):
    return load("checkpoints/pixel.json" if world == "article" else f"checkpoints/{world}/pixel.json")


def blur(world):
    return load("results/blur.json" if world == "article" else f"results/{world}/blur.json")


def floors():
    rows = []
    for world in WORLDS:
        m = metrics(world)
        h, c = m["heldout"], m["config"]
        rows += [[world, f"PixelPredictor ({c['parameters']:,} parameters, {c['steps']} steps of {c['batch_size']} pairs)",
                  num(h["mse"], 5), num(h["ratio_to_bayes"])],
                 [world, "**Bayes floor**: the exact E[y\\|x]", num(h["bayes_floor"], 5), "1"],
                 [world, "copy the input frame", num(h["copy_floor"], 5), num(h["copy_floor"] / h["bayes_floor"], 2)],
                 [world, "predict all zeros", num(h["zeros_floor"], 5), num(h["zeros_floor"] / h["bayes_floor"], 2)]]
    return table(["world", "predictor", "held-out MSE per pixel", "/ Bayes floor"], rows)


def model_vs_oracle():
    rows = []
    for world in WORLDS:
        m, b = metrics(world), blur(world)
        s, p = b["smear"]["summary"], b["panel"]
        rows.append([world, num(m["heldout"]["distance_to_oracle"], 5), num(m["final_train_loss"], 4),
                     f"{num(s['model']['ambiguous_zone'])} ({num(s['oracle']['ambiguous_zone'])})",
                     f"{num(s['model']['centre'])} ({num(s['oracle']['centre'])})",
                     f"{num(s['model']['walls'])} ({num(s['oracle']['walls'])})",
                     f"x = {p['x']}: {num(p['right'])} x right + {num(p['left'])} x left (P(right\\|x) = {num(p['p_right'])})"])
    return table(["world", "output to exact E[y\\|x] (MSE)", "final training loss",
                  "smear where both directions occur (exact)", "smear within 4 px of the centre (exact)",
                  "smear where the bounce decides the direction (exact)", "panel fitted as a mix of the two futures"], rows)


def is_optimum(world):
    """The model draws E[y|x]: at the Bayes floor (rules.at_floor) and its output at E[y|x] (rules.at_oracle)."""
    h = metrics(world)["heldout"]
    return rules.at_floor(h["ratio_to_bayes"]) and rules.at_oracle(h["distance_to_oracle"], h["bayes_floor"])


def per_world(value):
    """'article value / biased value' of one number."""
    return " / ".join(value(world) for world in WORLDS)


def worlds_table():
    """What each world's held-out pairs cost: the exact E[y|x] (the Bayes floor) and the two naive yardsticks."""
    rows = []
    for world in WORLDS:
        h = metrics(world)["heldout"]
        rows.append([world, p_range(world), num(h["bayes_floor"], 4), num(h["copy_floor"], 4), num(h["zeros_floor"], 4)])
    return table(["world", "P(right\\|x) where both directions occur", "Bayes floor: MSE of the exact E[y\\|x]",
                  "copy the input frame", "predict all zeros"], rows)


def p_range(world):
    cells = [p for p in blur(world)["share_vs_data"]["p_right"] if 0 < p < 1]
    return f"{num(min(cells))} to {num(max(cells))}"


def smear_shape_text():
    """The smear across the frame in both worlds, with its shape by rules.smear_shape (the README says the same)."""
    a, b = blur("article"), blur("biased")
    sa, sb = rules.mid_frame_smear(a), rules.mid_frame_smear(b)
    ma, mb = a["smear"]["summary"]["model"], b["smear"]["summary"]["model"]
    return (f"in the article's world, mid-frame (where both directions occur), the smear is {num(sa.min())} to {num(sa.max())}, "
            f"{rules.smear_shape(a)}, and falls to {num(ma['walls'])} where the bounce decides the direction; "
            f"in the biased world it is {rules.smear_shape(b)}: {num(sb.min())} to {num(sb.max())} mid-frame, "
            f"{num(mb['centre'])} within {rules.CENTRE_HALFWIDTH:g} px of the centre, {num(mb['walls'])} at the walls")


TABLES = {"blur.floors": floors, "blur.model_vs_oracle": model_vs_oracle, "blur.worlds": worlds_table}
NUMBERS = {
    "blur.verdict": lambda: rules.verdict(is_optimum(world) for world in WORLDS),
    "blur.walls_verdict": lambda: rules.verdict(rules.tightens_at_walls(blur(world)) for world in WORLDS),
    "blur.smear_mid": lambda: per_world(lambda w: num(blur(w)["smear"]["summary"]["model"]["ambiguous_zone"])),
    "blur.smear_walls": lambda: per_world(lambda w: num(blur(w)["smear"]["summary"]["model"]["walls"])),
    "blur.ratio": lambda: num(metrics("article")["heldout"]["ratio_to_bayes"], 3),
    "blur.ratio_biased": lambda: num(metrics("biased")["heldout"]["ratio_to_bayes"], 3),
    "blur.distance_biased": lambda: num(metrics("biased")["heldout"]["distance_to_oracle"], 5),
    "blur.distance": lambda: num(metrics("article")["heldout"]["distance_to_oracle"], 5),
    "blur.zeros": lambda: num(metrics("article")["heldout"]["zeros_floor"], 4),
    "blur.p_range_article": lambda: p_range("article"),
    "blur.p_range_biased": lambda: p_range("biased"),
    "blur.smear_shape": smear_shape_text,
    "blur.plateau_span": lambda: num(rules.PLATEAU_SPAN, 2),
    "blur.wall_share": lambda: num(rules.WALL_SHARE, 1),
    "blur.oracle_share": lambda: num(rules.AT_ORACLE, 2),
}
