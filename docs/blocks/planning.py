"""Generated parts of docs/planning.md (Part 5: plan with the world model).

Reads results/planning.json (part4_planning/plan.py): the horizon, the episodes, the histogram of the exact
optimal steps over the start/goal pairs, and one row per model and setting.
"""
from blocks.fmt import load, num, table

RESULTS = "results/planning.json"
LABELS = {"simulator": "the true simulator", "random": "random actions", "pixel": "pixel model (MSE)",
          "vicreg": "JEPA, VICReg", "sigreg": "JEPA, SIGReg"}


def results():
    return load(RESULTS)


def rows_table():
    rows = []
    for r in results()["rows"]:
        frames = "-" if r["frames"] == 0 else str(r["frames"])
        over = "-" if r["steps_over_optimal"] is None else num(r["steps_over_optimal"], 3)
        spread = "" if r["seeds"] == 1 else f" ({num(r['success_min'], 3)} to {num(r['success_max'], 3)})"
        rows.append([LABELS[r["model"]], frames, "yes" if r["distractors"] else "no", f"{r['episodes']} x {r['seeds']}",
                     num(r["success"], 3) + spread, over, num(r["at_optimum"], 3), num(r["ms_per_action"], 2)])
    return table(["model", "frames seen", "distractor dots", "episodes x seeds", "success (seeds' range)",
                  "steps / optimal steps (successes)", "episodes at the optimum", "ms per action, one core"], rows)


def optimum_table():
    counts = results()["optimal_steps"]
    return table(["optimal steps", *map(str, range(len(counts)))], [["start/goal pairs", *map(str, counts)]])


TABLES = {"planning.rows": rows_table, "planning.optimum": optimum_table}
NUMBERS = {
    "planning.n.episodes": lambda: str(results()["episodes"]),
    "planning.n.horizon": lambda: str(results()["horizon"]),
    "planning.n.sequences": lambda: f"{3 ** results()['horizon']:,}",
}
