"""Figure: how well every model plans, clean and with distractor dots, and how far each
model's own rollouts drift from the true world.

    python part4_planning/fig_planning.py           # figures/planning.png from results/planning.json and
                                                    # results/planning_rollouts.json
    python part4_planning/fig_planning.py --quick   # from the --quick results, runs/quick/

Top: per model and frames seen, success over the start/goal pairs, steps taken / optimal steps (successful
episodes) and the share of episodes at exactly the optimal steps (bars: the mean over seeds; dots: the seeds). Bottom: the
position read out of rolled-out states against the true column over 10 random actions (two-frame models),
and the pixel rollouts' share of the ball's brightness within the ball's radius of the true column.
"""
import numpy as np

from cli import ArgumentParser, add_paths, add_quick, parse_figure_args, run_main
from common.files import load_json
from common.plotting import figure, save_figure

FIGURE = "figures/planning.png"
RESULTS = "results/planning.json"
ROLLOUTS = "results/planning_rollouts.json"
BARS = (("simulator", 2), ("random", 0), ("pixel", 2), ("vicreg", 2), ("sigreg", 2), ("pixel", 1), ("vicreg", 1),
        ("sigreg", 1))
SETTINGS = {False: ("clean", "tab:blue"), True: ("distractor dots", "tab:orange")}
MODEL_COLORS = {"pixel": "tab:red", "vicreg": "tab:purple", "sigreg": "tab:green"}
PANELS = (("success", "success (at rest at the goal within 20 steps)", False),
          ("steps_over_optimal", "steps taken / optimal steps (successes)", False),
          ("at_optimum", "episodes at exactly the optimal steps", False))
COMMAND = "bash run_planning.sh"


def label(model, frames):
    return model if frames == 0 or model == "simulator" else f"{model}\n{frames} frame{'s' if frames == 2 else ''}"


def main(argv=None):
    p = ArgumentParser(prog="fig_planning.py", description=__doc__.split("\n")[0])
    add_quick(p)
    add_paths(p, results=RESULTS, rollouts=ROLLOUTS, out=FIGURE)
    args = parse_figure_args(p, argv)
    results, rollouts = load_json(args.results, COMMAND), load_json(args.rollouts, COMMAND)
    rows = {(r["model"], r["frames"], r["distractors"]): r for r in results["rows"]}
    fig, axes = figure(2, 3, figsize=(16, 9))
    x = np.arange(len(BARS))
    for ax, (key, title, log) in zip(axes[0], PANELS):
        for i, (distractors, (setting, color)) in enumerate(SETTINGS.items()):
            found = [rows.get((model, frames, distractors)) for model, frames in BARS]
            xs = x + (i - 0.5) * 0.38
            means = [r[key] if r and r[key] is not None else np.nan for r in found]
            ax.bar(xs, means, 0.38, color=color, alpha=0.6, label=setting)
            for xi, r in zip(xs, found):
                seeds = [s[key] for s in (r["per_seed"] if r else []) if s[key] is not None]
                ax.scatter([xi] * len(seeds), seeds, color="k", s=7, zorder=3)
        if key == "steps_over_optimal":
            ax.axhline(1.0, color="k", lw=1, ls="--", label="the optimum (1)")
            ax.set_ylim(0.9, None)
        ax.set_yscale("log" if log else "linear")
        ax.set_xticks(x, [label(*bar) for bar in BARS], fontsize=7)
        ax.set_title(title, fontsize=10)
        ax.grid(axis="y", alpha=0.3)
        ax.legend(fontsize=7)
    horizon = np.arange(rollouts["horizon"] + 1)
    error_ax, mass_ax, mse_ax = axes[1]
    for r in rollouts["rows"]:
        if r["frames"] != 2:
            continue
        style = {"color": MODEL_COLORS[r["model"]], "ls": "--" if r["distractors"] else "-", "marker": "o", "ms": 3}
        name = f"{r['model']}, {SETTINGS[r['distractors']][0]}"
        error_ax.plot(horizon, r["position_error_px"], label=name, **style)
        if r["model"] == "pixel":
            mass_ax.plot(horizon[1:], r["ball_mass_share"], label=name, **style)
            mse_ax.plot(horizon[1:], r["mse"], label=name, **style)
    error_ax.set(yscale="log", xlabel="steps rolled out in the model", ylabel="mean |read-out - true column| (px)",
                 title="position read out of rolled-out states\n(JEPA: linear probe; pixel: the ball's column)")
    mass_ax.set(xlabel="steps rolled out", ylabel="share", ylim=(0, 1.02),
                title="pixel rollouts: brightness within the ball's\nradius of the true column (1 for the true frame)")
    mse_ax.set(xlabel="steps rolled out", ylabel="MSE", title="pixel rollouts: MSE against the true frame\n(dots included, with dots)")
    for ax in axes[1]:
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
        ax.title.set_fontsize(10)
    fig.suptitle(f"Planning with world models of the pushed ball: {results['episodes']} start/goal pairs "
                 f"({results['pixel_episodes']} for the pixel models), horizon {results['horizon']}; "
                 f"{rollouts['rollouts']} random-action rollouts")
    save_figure(fig, args.out)


if __name__ == "__main__":
    run_main(main)
