"""Figure: the unpredictable share, latent floor / Var f(y) for each JEPA beside the pixel Bayes floor / Var(y),
clean and with distractor dots (mean over seeds, bars = min to max), and the share of a code that is the ball's
column itself (dashed), from results/jepa.json.

    python part2_jepa/fig_share.py        # figures/jepa_share.png
"""
import numpy as np

from cli import figure_parser, parse_figure_args, run_main
from common.files import load_json
from common.plotting import figure, save_figure

FIGURE = "figures/jepa_share.png"
RESULTS = "results/jepa.json"
NAMES = ("pixel", "prediction", "barlow", "vicreg", "sigreg", "untrained")
SETTINGS = {"clean": "tab:blue", "distractors": "tab:orange"}
LABELS = {"clean": "clean", "distractors": "with distractor dots"}


def stat(block, name, s):
    """The share of one encoder (mean, min or max over seeds); nan for a model that was not trained in time."""
    key = "pixel_share" if name == "pixel" else "unpredictable_share"
    return block[name][s][key] if name in block else np.nan


def main(argv=None):
    args = parse_figure_args(figure_parser("fig_share.py", __doc__, results=RESULTS, out=FIGURE), argv)
    results, out = load_json(args.results, "python part2_jepa/measure.py"), args.out
    results["jepa_steps"]   # a file of another kind stops here, with one line naming it (a BadFile)
    fig, ax = figure(1, 1, figsize=(10, 4.5))
    x, top = np.arange(len(NAMES)), 0.0
    for i, (setting, color) in enumerate(SETTINGS.items()):
        block = results.get(setting, {})
        # a model that was not trained in time has no bar; the pixel share itself is exact either way
        mean = np.array([stat(block, n, "mean") for n in NAMES])
        if np.isnan(mean[0]) and block:
            mean[0] = next(iter(block.values()))["mean"]["pixel_share"]   # every read-out carries the exact pixel share
        low = np.nan_to_num(mean - np.array([stat(block, n, "min") for n in NAMES]))
        high = np.nan_to_num(np.array([stat(block, n, "max") for n in NAMES]) - mean)
        xs = x + (i - 0.5) * 0.38
        label = LABELS[setting] if block else f"{LABELS[setting]}: not run"
        ax.bar(xs, np.nan_to_num(mean), 0.38, yerr=[low, high], capsize=3, color=color, label=label)
        top = max(top, np.nanmax(mean) if block else 0)
        for xi, m, up, name in zip(xs, mean, high, NAMES):
            n_seeds = len(block[name]["runs"]) if name in block else 0
            text = "not run" if np.isnan(m) else (f"{m:.2f}" if name == "pixel" else f"{m:.2f}\n({n_seeds})")
            ax.text(xi, np.nan_to_num(m) + up + 0.01, text, ha="center", fontsize=7)   # above the error bar
    if "column_code_share" in results:   # the yardstick: a code that is the ball's column, nothing left out
        ax.axhline(results["column_code_share"], color="tab:gray", ls="--", lw=1,
                   label=f"a code that is the ball's column itself: {results['column_code_share']:.2f}")
    ax.set_xticks(x, ["pixel\n(Bayes floor)"] + [f"JEPA\n{n}" for n in NAMES[1:-1]] + ["untrained\nencoder\n(control)"])
    ax.set_ylim(0, 1.2 * top)
    ax.set_ylabel("unpredictable share\n(floor / variance of the target)")
    ax.set_title(f"Share of the target's variance no one-frame predictor can explain ({results['world']} world)\n"
                 "pixel: exact Bayes floor / Var(y); JEPA: latent floor / Var f(y), mean over (n) seeds, bars min to max; "
                 "control: one initialisation",
                 fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    save_figure(fig, out)


if __name__ == "__main__":
    run_main(main)
