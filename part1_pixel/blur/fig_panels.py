"""The article's first figure: input | actual next | prediction, plus the exact E[y|x] and the ball's row.

    python part1_pixel/blur/fig_panels.py [--world biased]   # the column and the fit come from measure.py's JSON
"""
import numpy as np

from cli import add_paths, figure_parser, hint, parse_figure_args, run_main
from common import plotting
from common.files import load_json, load_run
from common.models import pixel_predictor
from common.oracle import conditional_mean
from common.training import predict
from common.world import BALL_ROW, FRAME_SIZE, SPEED, render_frames

MEASURE, TRAIN = "python part1_pixel/blur/measure.py", "python part1_pixel/train.py"


def parse_args(argv=None):
    p = figure_parser("fig_panels.py", __doc__, blur="results/blur.json", out="figures/panels.png")
    add_paths(p, checkpoint="checkpoints/pixel.pt")
    p.add_argument("--direction", choices=("right", "left"), default="right",
                   help="which way the ball actually goes, where both are possible")
    return parse_figure_args(p, argv)


def main(argv=None):
    args = parse_args(argv)
    panel = load_json(args.blur, hint(MEASURE, args))["panel"]
    model, _ = load_run(args.checkpoint, pixel_predictor, hint(TRAIN, args), expect={"world": args.world.name})
    x, p = np.array([panel["x"]]), panel["p_right"]
    frame = render_frames(x)[0]
    going_right = args.direction == "right" if 0 < p < 1 else p == 1   # near a wall the bounce decides
    actual = render_frames(x + (SPEED if going_right else -SPEED))[0]
    pred = predict(model, frame[None], "cpu")[0]
    oracle = conditional_mean(x, args.world)[0]

    fig = plotting.figure(figsize=(12.5, 7))
    grid = fig.add_gridspec(2, 4, height_ratios=[1.15, 1])
    panels = [(frame, f"input\nball at x = {panel['x']:g}"),
              (actual, f"actual next\n(it went {'right' if going_right else 'left'})"),
              (pred, f"MSE prediction\n= {panel['right']:.2f} right + {panel['left']:.2f} left"),
              (oracle, f"exact E[y|x]\n= {p:.2f} right + {1 - p:.2f} left")]
    for i, (img, title) in enumerate(panels):
        ax = fig.add_subplot(grid[0, i])
        image = plotting.show_frame(ax, img, title)
        ax.set_xlabel("column")
        if i == 0:
            ax.set_ylabel("row")
    fig.colorbar(image, ax=fig.axes, shrink=0.9, label="intensity")

    ax = fig.add_subplot(grid[1, :])
    cols = np.arange(FRAME_SIZE)
    for img, name, style in [(frame, "input", ":"), (actual, "actual", "-"), (pred, "prediction", "-"), (oracle, "oracle", "--")]:
        ax.plot(cols, img[BALL_ROW], style, color=plotting.COLORS[name], lw=2,
                label={"oracle": "exact E[y|x]"}.get(name, name))
    ax.set_xlabel("column")
    ax.set_ylabel(f"intensity on row {BALL_ROW}")
    ax.set_ylim(-0.05, 1.1)
    ax.legend(loc="upper left", ncol=1, fontsize=9)
    ax.grid(alpha=0.3)
    ax.set_title("Intensity along the ball's row: the prediction is two ghosts weighted like E[y|x]")
    fig.suptitle(f"{args.world.name} world. One frame cannot say which way the ball moves, so MSE predicts the "
                 f"average of both futures", fontsize=12)
    plotting.save_figure(fig, args.out)


if __name__ == "__main__":
    run_main(main)
