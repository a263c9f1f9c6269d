"""Generated parts of bench/README.md: the default recipe against the reference configuration.

Reads bench/results.json (bench/speed_to_floor.py).
"""
from blocks.fmt import load, num, table


def speed():
    results = load("bench/results.json")
    default = next(r for r in results["rows"] if r["name"] == "project default")
    rows = [[r["name"], f"{r['parameters']:,}", r["steps"], r["batch_size"], r["lr"], r["schedule"],
             r["betas"][1], "fixed 4,096" if r["fixed_pairs"] else "fresh", num(r["ratio_to_bayes"]),
             num(r["distance_to_oracle"], 5), num(r["wall_s"] / default["wall_s"], 2)] for r in results["rows"]]
    return table(["configuration", "parameters", "steps", "batch", "lr", "schedule", "beta2", "pairs",
                  "MSE / Bayes floor", "distance to E[y\\|x]", "wall time / default's"], rows)


TABLES = {"bench.speed": speed}
NUMBERS = {}
