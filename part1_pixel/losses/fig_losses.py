"""Draw what each loss predicts in the biased world, and which future it draws.

    python part1_pixel/losses/fig_losses.py            # figures/losses.png from checkpoints/losses/ and results/losses.json
    python part1_pixel/losses/fig_losses.py --quick    # reads and writes under runs/quick/

Left: one row per loss (seed 0), one column per input ball position from wall to wall; each panel is the
predicted next frame around the ball's row, with the two true futures marked (right-moving: cyan,
left-moving: white). Right: the fitted right-ghost share of each loss's output (mean over the seeds in
results/losses.json) against the data's P(right|x); E[y|x] is the diagonal. Loads and draws only.
"""
import os

import numpy as np

from cli import ArgumentParser, add_quick, figure_path, hint, run_main
from common.files import load_json, load_run
from common.models import pixel_predictor
from common.oracle import p_right
from common.plotting import CMAP, FRAME_LIMITS, figure, save_figure
from common.training import predict
from common.world import BALL_ROW, BIASED, SPEED, render_frames

LOSS_NAMES = ("mse", "l1", "gdl", "adversarial")
LABELS = {"mse": "MSE", "l1": "L1", "gdl": "MSE + GDL", "adversarial": "adversarial"}
COLUMNS = (11.5, 17.5, 23.5, 29.5, 34.5, 40.5, 46.5, 52.5)   # input ball positions, left wall to right wall
CROP = 12                                                     # rows shown above and below the ball's row
COMMAND = "bash run_losses.sh"


def parse_args(argv=None):
    p = ArgumentParser(prog="fig_losses.py", description=__doc__.split("\n")[0])
    p.add_argument("--checkpoints", default=None, help="folder of WORLD/LOSS-seedS.pt (default checkpoints/losses)")
    p.add_argument("--results", default=None, help="measure_losses.py's JSON (default results/losses.json)")
    p.add_argument("--out", type=figure_path, default=None, help="figure path (default figures/losses.png)")
    add_quick(p)
    args = p.parse_args(argv)
    root = "runs/quick/" if args.quick else ""
    args.checkpoints = args.checkpoints or root + "checkpoints/losses"
    args.results = args.results or root + "results/losses.json"
    args.out = args.out or root + "figures/losses.png"
    return args


def main(argv=None):
    args = parse_args(argv)
    results = load_json(args.results, COMMAND)["runs"]["biased"]
    losses = [name for name in LOSS_NAMES if name in results["losses"]]
    x = np.array(COLUMNS)
    frames = render_frames(x)[:, None]
    fig = figure(figsize=(16, 0.8 * len(losses) + 2.0))
    grid, curves = fig.subfigures(1, 2, width_ratios=(3.2, 1))
    axes = grid.subplots(len(losses) + 1, len(x), squeeze=False)
    rows = slice(BALL_ROW - CROP, BALL_ROW + CROP + 1)
    extent = (-0.5, 63.5, BALL_ROW + CROP + 0.5, BALL_ROW - CROP - 0.5)
    for j, (column, frame) in enumerate(zip(x, frames[:, 0])):
        axes[0, j].imshow(frame[rows], cmap=CMAP, extent=extent, **FRAME_LIMITS)
        axes[0, j].set_title(f"x = {column:.1f}\nP(right|x) = {p_right(column, BIASED):.2f}", fontsize=9)
    axes[0, 0].set_ylabel("input", fontsize=9)
    for i, loss in enumerate(losses, start=1):
        model, _ = load_run(os.path.join(args.checkpoints, "biased", f"{loss}-seed0.pt"), pixel_predictor,
                            hint(COMMAND, args), expect={"world": "biased", "seed": 0})
        pred = predict(model, frames, "cpu")
        for j, column in enumerate(x):
            image = axes[i, j].imshow(pred[j][rows], cmap=CMAP, extent=extent, **FRAME_LIMITS)
            axes[i, j].axvline(column + SPEED, color="cyan", lw=0.8, ls="--")
            axes[i, j].axvline(column - SPEED, color="white", lw=0.8, ls=":")
        axes[i, 0].set_ylabel(LABELS[loss], fontsize=9)
    for ax in axes.flat:
        ax.set_xticks([0, 32, 63])
        ax.set_yticks([])
    grid.colorbar(image, ax=axes, shrink=0.6, label="pixel value")
    grid.suptitle("Biased world: the predicted next frame of each loss (seed 0); "
                  "dashed cyan = right-moving future, dotted white = left-moving", fontsize=10)

    ax = curves.subplots()
    ax.plot([0, 1], [0, 1], color="black", lw=1, label="E[y|x] (follows the data)")
    for loss in losses:
        seeds = results["losses"][loss]["seeds"].values()
        data = [r["share_vs_data"] for r in seeds]
        share = np.mean([d["right_share"] for d in data], axis=0)
        p = np.array(data[0]["p_right"])
        ax.plot(p, share, "o-", ms=3, lw=1, label=f"{LABELS[loss]} (mean of {len(data)} seeds)")
    ax.set_xlabel("data's P(right | x) at the input column")
    ax.set_ylabel("right-ghost share of the output  a / (a + b)")
    ax.set_title("Which future does each loss draw?", fontsize=10)
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.05, 1.05)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    save_figure(fig, args.out)


if __name__ == "__main__":
    run_main(main)
