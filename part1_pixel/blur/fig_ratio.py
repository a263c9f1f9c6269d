"""Brightness vs training-data bias: the model's right-ghost share against P(right | x), per pixel column.

The share is a / (a + b) of the least-squares fit prediction ~ a * right + b * left (common/smear.py);
for the exact E[y|x] it equals P(right | x), the dashed diagonal.

    python part1_pixel/blur/fig_ratio.py [--world biased]      # draws results/blur.json (measure.py)
"""
import numpy as np

from cli import figure_parser, parse_figure_args, run_main
from common import plotting
from common.files import load_json


def main(argv=None):
    p = figure_parser("fig_ratio.py", __doc__, blur="results/blur.json", out="figures/ratio_vs_data.png")
    args = parse_figure_args(p, argv)
    numbers = load_json(args.blur, "python part1_pixel/blur/measure.py")["share_vs_data"]
    data, share = np.array(numbers["p_right"]), np.array(numbers["right_share"])
    mid = (data > 0) & (data < 1)

    fig, (ax_all, ax_mid) = plotting.figure(1, 2, figsize=(11, 4.6))
    for ax, keep, title in [(ax_all, np.ones_like(mid), f"all columns: r = {numbers['corr_all']:.3f}"),
                            (ax_mid, mid, (f"both directions possible: r = {numbers['corr_ambiguous']:.3f}, "
                                           f"slope {numbers['slope_ambiguous']:.2f}"))]:
        lo, hi = min(data[keep].min(), share[keep].min()), max(data[keep].max(), share[keep].max())
        pad = 0.05 * (hi - lo)
        ax.plot([lo - pad, hi + pad], [lo - pad, hi + pad], ":", color="0.5", label="y = x")
        ax.scatter(data[keep], share[keep], s=22, color=plotting.COLORS["prediction"], label="MSE model, one dot per column")
        ax.set_xlabel("training data: P(right | x)")
        ax.set_ylabel("model: right ghost share a / (a + b)")
        ax.set_title(title, fontsize=10)
        ax.grid(alpha=0.3)
        ax.legend(loc="upper left", fontsize=9)
    fig.suptitle(f"{args.world.name} world: does each ghost's brightness follow how often the training data "
                 f"went that way?", fontsize=12)
    plotting.save_figure(fig, args.out)


if __name__ == "__main__":
    run_main(main)
