"""Figure: the unpredictable share, latent floor / Var f(y) for each JEPA beside the pixel Bayes floor / Var(y),
clean and with distractor dots (mean over seeds, bars = min to max), from results/jepa.json.

    python part2_jepa/fig_share.py        # figures/jepa_share.png
"""
import numpy as np

from cli import ArgumentParser, add_quick, figure_path, output, run_main
from common.files import load_json
from common.plotting import figure, save_figure

FIGURE = "figures/jepa_share.png"
RESULTS = "results/jepa.json"
NAMES = ("pixel", "prediction", "barlow", "vicreg", "sigreg", "untrained")
SETTINGS = {"clean": "tab:blue", "distractors": "tab:orange"}
LABELS = {"clean": "clean", "distractors": "with distractor dots"}


def main(argv=None):
    p = ArgumentParser(prog="fig_share.py", description=__doc__.split("\n")[0])
    p.add_argument("--out", type=figure_path, default=None, help=f"figure path (default {FIGURE})")
    add_quick(p)
    args = p.parse_args(argv)
    results = load_json(output(RESULTS, args.quick), "python part2_jepa/measure.py")
    out = args.out or output(FIGURE, args.quick)
    fig, ax = figure(1, 1, figsize=(10, 4.5))
    x = np.arange(len(NAMES))
    for i, (setting, color) in enumerate(SETTINGS.items()):
        block = results[setting]
        key = lambda name: "pixel_share" if name == "pixel" else "unpredictable_share"  # noqa: E731
        mean = np.array([block[n]["mean"][key(n)] for n in NAMES])
        low = mean - np.array([block[n]["min"][key(n)] for n in NAMES])
        high = np.array([block[n]["max"][key(n)] for n in NAMES]) - mean
        ax.bar(x + (i - 0.5) * 0.38, mean, 0.38, yerr=[low, high], capsize=3, color=color,
               label=LABELS[setting])
        for xi, m in zip(x + (i - 0.5) * 0.38, mean):
            ax.text(xi, m + 0.01, f"{m:.2f}", ha="center", fontsize=8)
    ax.set_xticks(x, ["pixel\n(Bayes floor)"] + [f"JEPA\n{n}" for n in NAMES[1:-1]] + ["untrained\nencoder\n(control)"])
    ax.set_ylabel("unpredictable share\n(floor / variance of the target)")
    ax.set_title(f"Share of the target's variance no one-frame predictor can explain ({results['world']} world)\n"
                 f"pixel: exact Bayes floor / Var(y); JEPA: latent floor / Var f(y), mean of {len(results['seeds'])} "
                 f"seeds clean, {len(results['dots_seeds'])} with dots, bars min to max; control: one initialisation",
                 fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    save_figure(fig, out)
    print(f"wrote {out}")


if __name__ == "__main__":
    run_main(main)
