"""The brightness claim in both worlds: each model's right-ghost share against P(right | x), one dot per
column and seed, the article's flat band beside the biased world's ramp.

    python part1_pixel/bias/fig_brightness.py      # draws results/brightness.json (measure_brightness.py)
"""
import numpy as np

from cli import figure_parser, parse_figure_args, run_main
from common import plotting
from common.files import load_json

COMMAND = "python part1_pixel/bias/measure_brightness.py"
MARKERS = "os^Dv<>"


def main(argv=None):
    args = parse_figure_args(figure_parser("fig_brightness.py", __doc__, results="results/brightness.json",
                                           out="figures/brightness.png"), argv)
    worlds = load_json(args.results, COMMAND)["worlds"]
    fig, axes = plotting.figure(1, len(worlds), figsize=(6 * len(worlds), 5.2), squeeze=False)
    for ax, (name, world) in zip(axes[0], worlds.items()):
        lo, hi = world["p_right_range_both_directions"]
        for i, run in enumerate(world["runs"]):
            data, share = np.array(run["p_right"]), np.array(run["right_share"])
            both = (data > 0) & (data < 1)
            lo, hi = min(lo, share[both].min()), max(hi, share[both].max())
            ax.scatter(data[both], share[both], s=22, marker=MARKERS[i % len(MARKERS)], alpha=0.75,
                       color=f"C{i}", label=f"seed {run['seed']}: r = {run['corr_ambiguous']:.2f}, "
                                            f"slope {run['slope_ambiguous']:.2f}")
        pad = 0.05 * (hi - lo)
        ax.plot([lo - pad, hi + pad], [lo - pad, hi + pad], "--", color=plotting.COLORS["oracle"],
                label="exact E[y|x]: share = P(right | x)")
        ax.set_xlim(lo - pad, hi + pad)
        ax.set_ylim(lo - pad, hi + pad)
        ax.set_aspect("equal")
        ax.set_xlabel("training data: P(right | x) at the column")
        ax.set_ylabel("MSE model: right ghost's share a / (a + b)")
        low, high = world["p_right_range_both_directions"]
        ax.set_title(f"{name} world: P(right | x) from {low:.2f} to {high:.2f}\n"
                     f"r = {world['corr_ambiguous']['mean']:.2f} +- {world['corr_ambiguous']['std']:.2f} over "
                     f"{len(world['runs'])} seeds", fontsize=10)
        ax.grid(alpha=0.3)
        ax.legend(loc="upper left", fontsize=8)
    fig.suptitle("Does the ghosts' brightness follow the data's bias? One dot per column where both directions occur",
                 fontsize=12)
    plotting.save_figure(fig, args.out)


if __name__ == "__main__":
    run_main(main)
