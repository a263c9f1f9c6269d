"""Loss curve: training loss and held-out MSE against steps, with the zeros, copy and Bayes floors.

    python part1_pixel/blur/fig_loss.py [--world biased]     # draws the metrics JSON that train.py writes
"""
import numpy as np

from cli import figure_parser, parse_figure_args, run_main
from common import plotting
from common.files import load_json

SMOOTH = 25   # steps in the running mean of the training loss


def main(argv=None):
    args = parse_figure_args(figure_parser("fig_loss.py", __doc__, metrics="checkpoints/pixel.json",
                                           out="figures/loss_curve.png"), argv)
    metrics = load_json(args.metrics, "python part1_pixel/train.py")
    loss, curve, held = np.array(metrics["loss"]), np.array(metrics["heldout_curve"]), metrics["heldout"]
    steps = np.arange(1, len(loss) + 1)

    fig, ax = plotting.figure(1, 1, figsize=(8, 4.6))
    ax.plot(steps, loss, color=plotting.COLORS["actual"], alpha=0.25, lw=0.8)
    if len(loss) >= SMOOTH:
        ax.plot(steps[SMOOTH - 1:], np.convolve(loss, np.ones(SMOOTH) / SMOOTH, "valid"), color=plotting.COLORS["actual"],
                label=f"training loss ({SMOOTH}-step mean)")
    if len(curve):
        ax.plot(curve[:, 0], curve[:, 1], "o-", color=plotting.COLORS["prediction"], label="held-out MSE")
    for key, name, style in [("zeros_floor", "all zeros", ":"), ("copy_floor", "copy the input", "-."),
                             ("bayes_floor", "Bayes floor (exact E[y|x])", "--")]:
        ax.axhline(held[key], ls=style, color="black", lw=1.2, label=f"{name}: {held[key]:.4f}")
    ax.set_yscale("log")
    ax.set_xlabel("training step")
    ax.set_ylabel("MSE per pixel (log scale)")
    ax.set_ylim(held["bayes_floor"] * 0.9, max(held["zeros_floor"] * 1.6, float(loss[: max(1, len(loss) // 50)].max())))
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=9)
    ax.set_title(f"{args.world.name} world. Training converges to the Bayes floor, not to zero: final held-out MSE = "
                 f"{held['ratio_to_bayes']:.3f} x floor", fontsize=11)
    plotting.save_figure(fig, args.out)


if __name__ == "__main__":
    run_main(main)
