"""Figure: what the embedding keeps, from results/jepa.json: the position probe's error in px, the direction
probe's accuracy with the oracle's limit drawn in, and the predictor's error over its latent floor.

    python part2_jepa/fig_probes.py        # figures/jepa_probes.png
"""
import numpy as np

from cli import figure_parser, parse_figure_args, run_main
from common.files import load_json
from common.plotting import figure, save_figure

FIGURE = "figures/jepa_probes.png"
RESULTS = "results/jepa.json"
LOSSES = ("prediction", "barlow", "vicreg", "sigreg", "untrained")   # untrained: the encoder at initialisation, a control
SETTINGS = {"clean": "tab:blue", "distractors": "tab:orange"}
PANELS = (("position_mae_px", "position probe: mean error (px)", True),
          ("direction_accuracy", "direction probe from one frame: accuracy", False),
          ("ratio_to_latent_floor", "predictor error / latent floor", True))


def main(argv=None):
    args = parse_figure_args(figure_parser("fig_probes.py", __doc__, results=RESULTS, out=FIGURE), argv)
    results, out = load_json(args.results, "python part2_jepa/measure.py"), args.out
    results["jepa_steps"]   # a file of another kind stops here, with one line naming it (a BadFile)
    fig, axes = figure(1, 3, figsize=(15, 4.5))
    x = np.arange(len(LOSSES))
    for ax, (key, title, log) in zip(axes, PANELS):
        for i, (setting, color) in enumerate(SETTINGS.items()):
            block = results.get(setting, {})
            runs = [[r[key] for r in block[loss]["runs"]] if loss in block else [] for loss in LOSSES]
            xs = x + (i - 0.5) * 0.3
            ax.bar(xs, [np.mean(r) if r else 0 for r in runs], 0.3, color=color, alpha=0.6, label=setting)
            for xi, r in zip(xs, runs):
                ax.scatter([xi] * len(r), r, color="k", s=8, zorder=3)
        if key == "direction_accuracy":
            for i, (setting, color) in enumerate(SETTINGS.items()):
                if "untrained" not in results.get(setting, {}):
                    continue
                oracle = results[setting]["untrained"]["mean"]["oracle_direction_accuracy"]
                ax.axhline(oracle, color=color, ls="--", lw=1.2,
                           label=f"oracle's limit on these pairs ({setting}): {oracle:.3f}")
            ax.axhline(results["clean"]["untrained"]["mean"]["oracle_direction_limit"], color="k", ls=":", lw=1,
                       label="oracle's limit, exact expectation")
            ax.set_ylim(0.55, 0.86)
        if log:
            ax.set_yscale("log")
        if key == "ratio_to_latent_floor":
            ax.axhline(1.0, color="k", ls="--", lw=1, label="the floor (1)")
        ax.set_xticks(x, LOSSES)
        ax.set_title(title, fontsize=10)
        ax.set_ylabel(title.split(": ")[-1])
        ax.legend(fontsize=7, loc="upper left" if key == "direction_accuracy" else "best")
        ax.grid(axis="y", alpha=0.3)
    fig.suptitle(f"JEPA read-outs on held-out frames ({results['world']} world; bars = mean, "
                 "dots = seeds; untrained = one initialisation, a control)")
    save_figure(fig, out)


if __name__ == "__main__":
    run_main(main)
