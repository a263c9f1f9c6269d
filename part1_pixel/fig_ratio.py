"""Brightness ratio vs training-data bias: the model's right-ghost share against P(right | x), per pixel column.

    python part1_pixel/fig_ratio.py [--checkpoint checkpoints/pixel.pt]
"""
import numpy as np

from common.ghosts import POSITIONS, right_share, share_vs_data
from common.training import predict
from common.world import render_frames
from part1_pixel import plotting
from part1_pixel.cli import DEFAULT_CHECKPOINT, ArgumentParser, beside, load_model, run_main, save_json


def parse_args(argv=None):
    p = ArgumentParser(prog="fig_ratio.py", description=__doc__.split("\n")[0])
    p.add_argument("--checkpoint", default=DEFAULT_CHECKPOINT, help="a train.py checkpoint")
    p.add_argument("--out", type=plotting.figure_path, default="figures/ratio_vs_data.png",
                   help="PNG to write; the JSON goes beside it")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    model, _ = load_model(args.checkpoint)
    x = POSITIONS
    numbers = share_vs_data(x, right_share(predict(model, render_frames(x), "cpu"), x))
    data, share = np.array(numbers["p_right"]), np.array(numbers["right_share"])
    mid = (data > 0) & (data < 1)

    fig, (ax_all, ax_mid) = plotting.figure(1, 2, figsize=(11, 4.6), layout="constrained")
    for ax, keep, title in [(ax_all, np.ones_like(mid), f"all columns: r = {numbers['corr_all']:.3f}"),
                            (ax_mid, mid, f"both directions possible: r = {numbers['corr_ambiguous']:.3f}")]:
        lo, hi = min(data[keep].min(), share[keep].min()), max(data[keep].max(), share[keep].max())
        pad = 0.05 * (hi - lo)
        ax.plot([lo - pad, hi + pad], [lo - pad, hi + pad], ":", color="0.5", label="y = x")
        ax.scatter(data[keep], share[keep], s=22, color=plotting.COLORS["prediction"], label="MSE model, one dot per column")
        ax.set_xlabel("training data: P(right | x)")
        ax.set_ylabel("model: right ghost share a / (a + b)")
        ax.set_title(title, fontsize=10)
        ax.grid(alpha=0.3)
        ax.legend(loc="upper left", fontsize=9)
    fig.suptitle("Does each ghost's brightness follow how often the training data went that way?", fontsize=12)
    plotting.save_figure(fig, args.out)
    save_json(numbers, beside(args.out, ".json"))
    print(f"wrote {args.out}: correlation all {numbers['corr_all']:.3f}, mid-frame {numbers['corr_ambiguous']:.3f}")


if __name__ == "__main__":
    run_main(main)
