"""Generated parts of bench/README.md: the default recipe against the reference configuration.

Reads bench/results.json (bench/speed_to_floor.py).
"""
from blocks.fmt import load, load_if_run, num, sig, table


def speed(path="bench/results.json"):
    results = load_if_run(path)
    if results is None:
        return table(["configuration", "result"], [["not run yet", f"`python bench/speed_to_floor.py` writes {path}"]])
    default = next(r for r in results["rows"] if r["name"] == "project default")
    rows = [[r["name"], f"{r['parameters']:,}", r["steps"], r["batch_size"], r["lr"], r["schedule"],
             r["betas"][1], "fixed 4,096" if r["fixed_pairs"] else "fresh", num(r["ratio_to_bayes"]),
             num(r["distance_to_oracle"], 5), f"{r['wall_s'] / 60:.1f}", num(r["wall_s"] / default["wall_s"], 2)]
            for r in results["rows"]]
    return table(["configuration", "parameters", "steps", "batch", "lr", "schedule", "beta2", "pairs",
                  "MSE / Bayes floor", "distance to E[y\\|x]", "wall time (min)", "wall time / default's"], rows)


TABLES = {"bench.speed": speed, "bench.speed_digits": lambda: speed("bench/digits/results.json")}
NUMBERS = {"bench.digits_setup": lambda: (f"with {load('bench/digits/results.json')['threads']} thread(s) on "
                                         f"{load('bench/digits/results.json')['device']}, nothing else running"
                                         if load_if_run("bench/digits/results.json") else "not yet")}


def threads():
    rows = [[i + 1, num(r["policy_alone_vs_torch_default_alone"], 2), num(r["policy_side_by_side_vs_alone"], 2),
             num(r["torch_default_side_by_side_vs_alone"], 2), sig(r["weights_one_vs_two_threads"]),
             sig(r["weights_one_thread_twice"])] for i, r in enumerate(load("bench/threads.json")["rows"])]
    return table(["repeat", "1 thread alone / 2 threads alone", "1 thread each: two side by side / alone",
                  "2 threads each: two side by side / alone", "largest weight difference, 1 vs 2 threads",
                  "the same, 1 thread twice"], rows)


TABLES["bench.threads"] = threads
NUMBERS["bench.threads_steps"] = lambda: str(load("bench/threads.json")["steps"])
NUMBERS["bench.threads_alone"] = lambda: " to ".join(
    num(f(r["policy_alone_vs_torch_default_alone"] for r in load("bench/threads.json")["rows"]), 2) for f in (min, max))
