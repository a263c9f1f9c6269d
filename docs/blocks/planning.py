"""Generated parts of docs/planning.md (Part 5: plan with the world model).

Reads results/planning.json (part4_planning/plan.py): the horizon, the episodes, the histogram of the exact
optimal steps over the start/goal pairs, one row per model and setting (its numbers on the pixel planner's
tasks too) and the task-by-task counts of each model against the pixel planner; results/planning_rollouts.json
(part4_planning/rollouts.py): the position read out of rolled-out states; bench/plan_cost.json
(bench/plan_cost.py): each planner's milliseconds per action, alone on one thread.
"""
from blocks import rules
from blocks.fmt import load, num, span, table

RESULTS = "results/planning.json"
ROLLOUTS = "results/planning_rollouts.json"
COST = "bench/plan_cost.json"
JEPAS = (("vicreg", False), ("vicreg", True), ("sigreg", False), ("sigreg", True))
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
        first = r["on_first_tasks"]
        rows.append([LABELS[r["model"]], frames, "yes" if r["distractors"] else "no",
                     f"{r['episodes'] - r['trivial_tasks']} x {r['seeds']}", num(r["success"], 3) + spread,
                     over, num(r["at_optimum"], 3), f"{num(first['success'], 3)} / {num(first['steps_over_optimal'], 3)}"])
    first = results()["pixel_episodes"]
    return table(["model", "frames seen", "distractor dots", "tasks x seeds", "success (seeds' range)",
                  "steps / optimal steps (successes)", "episodes at the optimum",
                  f"on the first {first} tasks: success / steps over optimal"], rows)


def paired_rows():
    """The task-by-task counts against the pixel planner, summed over the seeds, per model, frames and setting."""
    out = {}
    for r in results()["paired"]:
        key = (r["model"], r["frames"], r["distractors"])
        total = out.setdefault(key, {"seeds": 0, "tasks": r["tasks"], "first_only": 0, "second_only": 0})
        total["seeds"] += 1
        total["first_only"] += r["first_only"]
        total["second_only"] += r["second_only"]
    return out


def paired_table():
    rows = [[LABELS[model], str(frames), "yes" if dots else "no", f"{t['tasks']} x {t['seeds']}", str(t["first_only"]),
             str(t["second_only"])] for (model, frames, dots), t in paired_rows().items()]
    return table(["model", "frames seen", "distractor dots", "tasks x seeds (the pixel planner's)",
                  "solved by the model, not by the pixel planner", "solved by the pixel planner, not by the model"],
                 rows)


def ms_per_action(model, frames=2):
    """bench/plan_cost.py's milliseconds per action for one model and frame count (the simulator: frames ignored)."""
    return load(COST)["ms_per_action"]["simulator" if model == "simulator" else f"{model}, {frames} frame(s)"]


def cost_table():
    rows = [[LABELS["simulator"], num(ms_per_action("simulator"), 1)]]
    rows += [[f"{LABELS[m]}, {f} frame(s)", num(ms_per_action(m, f), 1)] for m in ("pixel", "vicreg", "sigreg") for f in (2, 1)]
    return table(["planner's model", "ms per action (one thread, alone)"], rows)


def optimum_table():
    counts = results()["optimal_steps"]
    return table(["optimal steps", *map(str, range(len(counts)))], [["start/goal pairs", *map(str, counts)]])


def rollouts():
    return load(ROLLOUTS)


def rollout(model, frames=2, distractors=False):
    return next(r for r in rollouts()["rows"] if (r["model"], r["frames"], r["distractors"]) == (model, frames, distractors))


def controls_success():
    """The range of the one-frame controls' success, clean and with dots."""
    values = [r["success"] for r in results()["rows"] if r["frames"] == 1]
    return f"{min(values):.2f} to {max(values):.2f}"


def rollouts_table():
    steps = [t for t in (0, 1, 2, 3, 5, 10) if t <= rollouts()["horizon"]]
    rows = []
    for r in rollouts()["rows"]:
        error = r["position_error_px"]
        pixel = [f"{num(r['mse'][t - 1], 4)} / {num(r['ball_mass_share'][t - 1], 2)}" for t in (1, 5, 10)
                 if t <= rollouts()["horizon"]] if "mse" in r else []
        rows.append([LABELS[r["model"]], str(r["frames"]), "yes" if r["distractors"] else "no", str(r["seeds"]),
                     *[num(error[t], 2) for t in steps], " ; ".join(pixel) or "-"])
    return table(["model", "frames seen", "distractor dots", "seeds", *[f"error at step {t} (px)" for t in steps],
                  "pixel: MSE / ball mass share at steps 1 ; 5 ; 10"], rows)


def row_of(model, frames, distractors):
    return next(r for r in results()["rows"]
                if (r["model"], r["frames"], r["distractors"]) == (model, frames, distractors))


def jepa_values(model, distractors):
    """The numbers the JEPA summary quotes for one JEPA and setting (two frames seen)."""
    r = row_of(model, 2, distractors)
    return {"success": (r["success"], r["success_min"]), "steps_over_optimal": r["steps_over_optimal"]}


def jepa_table():
    """The JEPAs shown two frames beside what they are compared with: the true simulator as the model (how well
    the planner can do)."""
    values = {key: jepa_values(*key) for key in JEPAS}
    sim = {d: row_of("simulator", 2, d) for d in (False, True)}
    cells = {
        "success": lambda v: f"{num(v['success'][0], 3)} (worst seed {num(v['success'][1], 3)})",
        "steps_over_optimal": lambda v: num(v["steps_over_optimal"], 3),
    }
    reference = {
        "success": f"{span([sim[d]['success'] for d in sim])} (the true simulator)",
        "steps_over_optimal": f"{span([sim[d]['steps_over_optimal'] for d in sim])} (the true simulator)",
    }
    names = {"success": "success (mean over seeds)", "steps_over_optimal": "steps / optimal steps (successes)"}
    header = ["measured", *[f"{LABELS[m]}, {'dots' if d else 'clean'}" for m, d in JEPAS], "compared with"]
    return table(header, [[names[k], *[cells[k](values[key]) for key in JEPAS], reference[k]] for k in names])


def plans_like_the_simulator(model, distractors):
    """rules.plans_like_the_simulator on one model (two frames seen) against the true simulator, same setting."""
    r, sim = row_of(model, 2, distractors), row_of("simulator", 2, distractors)
    return rules.plans_like_the_simulator(r["success"], r["steps_over_optimal"], sim["success"], sim["steps_over_optimal"])


def jepa_verdict():
    """The verdict on the JEPAs shown two frames, by plans_like_the_simulator."""
    alike = [plans_like_the_simulator(*key) for key in JEPAS]
    if all(alike):
        return "every JEPA shown two frames plans as well as the true simulator does"
    if not any(alike):
        return "no JEPA shown two frames plans as well as the true simulator does"
    return "some JEPAs shown two frames plan as well as the true simulator does, some not"


TABLES = {"planning.rows": rows_table, "planning.optimum": optimum_table, "planning.rollouts": rollouts_table,
          "planning.jepas": jepa_table, "planning.paired": paired_table, "planning.cost": cost_table}


def trivial_counted():
    """How many of the tasks start at their goal (optimum 0): a success for every planner, random actions too,
    so success and steps leave them out."""
    return str(results()["rows"][0]["trivial_tasks"])


def paired_totals(frames=2):
    """Summed over the JEPAs (shown `frames` frames), settings and seeds: tasks a JEPA solves that the pixel
    planner does not, and the other way round."""
    rows = [t for (_, f, _), t in paired_rows().items() if f == frames]
    return sum(t["first_only"] for t in rows), sum(t["second_only"] for t in rows)


def pixel_cost_ratio():
    """The pixel planner's cost per action over the JEPAs' (two frames; the slower JEPA)."""
    return ms_per_action("pixel") / max(ms_per_action("vicreg"), ms_per_action("sigreg"))


NUMBERS = {
    "planning.n.trivial": trivial_counted,
    "planning.n.max_steps": lambda: str(results()["max_steps"]),
    "planning.n.paired.jepa_only": lambda: str(paired_totals()[0]),
    "planning.n.paired.pixel_only": lambda: str(paired_totals()[1]),
    "planning.n.cost.pixel": lambda: num(ms_per_action("pixel"), 0),
    "planning.n.cost.jepa": lambda: " / ".join(num(ms_per_action(m), 1) for m in ("vicreg", "sigreg")),
    "planning.n.cost.ratio": lambda: num(pixel_cost_ratio(), 0),
    "planning.n.holds": lambda: rules.verdict(plans_like_the_simulator(*key) for key in JEPAS),
    "planning.n.verdict": jepa_verdict,
    "planning.n.success_gap": lambda: num(rules.SUCCESS_GAP, 2),
    "planning.n.steps_gap": lambda: f"{100 * rules.STEPS_GAP:.0f}%",
    "planning.n.episodes": lambda: str(results()["episodes"]),
    "planning.n.horizon": lambda: str(results()["horizon"]),
    "planning.n.sequences": lambda: f"{3 ** results()['horizon']:,}",
    "planning.n.pixel_episodes": lambda: str(results()["pixel_episodes"]),
    "planning.n.rollouts": lambda: str(rollouts()["rollouts"]),
    "planning.n.first_over_optimal": lambda: "; ".join(
        f"{LABELS[m]} " + " / ".join(num(row_of(m, 2, d)["on_first_tasks"]["steps_over_optimal"], 3) for d in (False, True))
        for m in ("vicreg", "sigreg")),
    "planning.n.pixel_over_optimal": lambda: " / ".join(num(row_of("pixel", 2, d)["steps_over_optimal"], 3) for d in (False, True)),
    "planning.n.pixel_success_dots": lambda: num(row_of("pixel", 2, True)["success"], 3),
    "planning.n.controls": controls_success,
    "planning.n.random": lambda: num(row_of("random", 0, False)["success"], 2),
    "planning.n.drift.pixel": lambda: num(rollout("pixel")["position_error_px"][-1], 2),
    "planning.n.mass.pixel": lambda: num(rollout("pixel")["ball_mass_share"][-1], 2),
    "planning.n.drift.vicreg": lambda: num(rollout("vicreg")["position_error_px"][-1], 1),
    "planning.n.drift.sigreg": lambda: num(rollout("sigreg")["position_error_px"][-1], 1),
    "planning.n.probe.jepa": lambda: " / ".join(num(rollout(m)["position_error_px"][0], 2) for m in ("vicreg", "sigreg")),
    "planning.n.drift.controls": lambda: " to ".join(
        num(f(rollout(m, 1)["position_error_px"][1] for m in ("pixel", "vicreg", "sigreg")), 0) for f in (min, max)),
    "planning.n.mse.pixel": lambda: " / ".join(num(rollout("pixel", 2, d)["mse"][-1], 4) for d in (False, True)),
    "planning.n.horizon_steps": lambda: str(rollouts()["horizon"]),
    "planning.n.frames_per_action": lambda: f"{sum(3 ** t for t in range(1, results()['horizon'] + 1)):,}",
}
