"""The article's first figure: input | actual next | prediction, plus the exact E[y|x] and the ball's row.

    python part1_pixel/fig_panels.py [--checkpoint checkpoints/pixel.pt] [--x 30.5]
"""
import numpy as np

from common.ghosts import ghost_weights
from common.oracle import conditional_mean, p_right
from common.training import predict
from common.world import BALL_ROW, FRAME_SIZE, SPEED, render_frames
from part1_pixel import plotting
from part1_pixel.cli import DEFAULT_CHECKPOINT, ArgumentParser, UsageError, load_model, run_main


def parse_args(argv=None):
    p = ArgumentParser(prog="fig_panels.py", description=__doc__.split("\n")[0])
    p.add_argument("--checkpoint", default=DEFAULT_CHECKPOINT, help="a train.py checkpoint")
    p.add_argument("--x", type=float, default=30.5, help="ball column in the input frame (mid-frame by default)")
    p.add_argument("--direction", default="right", help="which way the ball actually goes: 'right' or 'left'")
    p.add_argument("--out", type=plotting.figure_path, default="figures/panels.png",
                   help="PNG to write")
    args = p.parse_args(argv)
    if np.isnan(p_right(args.x)):
        raise UsageError(f"--x must be a column the ball visits in training (8 to 56), got {args.x}")
    if args.direction not in ("right", "left"):
        raise UsageError(f"--direction must be 'right' or 'left', got {args.direction!r}")
    return args


def main(argv=None):
    args = parse_args(argv)
    model, _ = load_model(args.checkpoint)
    x = np.array([args.x])
    frame = render_frames(x)[0]
    p = float(p_right(x)[0])
    going_right = args.direction == "right" if 0 < p < 1 else p == 1   # near a wall the bounce decides
    actual = render_frames(x + (SPEED if going_right else -SPEED))[0]
    pred = predict(model, frame[None], "cpu")[0]
    oracle = conditional_mean(x)[0]
    a, b = (float(w[0]) for w in ghost_weights(pred[None], x))

    fig = plotting.plt.figure(figsize=(12.5, 7), layout="constrained")
    grid = fig.add_gridspec(2, 4, height_ratios=[1.15, 1])
    panels = [(frame, f"input\nball at x = {args.x:g}"), (actual, f"actual next\n(it went {'right' if going_right else 'left'})"),
              (pred, f"MSE prediction\n= {a:.2f} right + {b:.2f} left"), (oracle, f"exact E[y|x]\n= {p:.2f} right + {1 - p:.2f} left")]
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
    ax.set_title("Intensity along the ball's row: the prediction is two ghosts of about half height, like E[y|x]")
    fig.suptitle("One frame cannot say which way the ball moves, so MSE predicts the average of both futures", fontsize=12)
    plotting.save_figure(fig, args.out)
    print(f"wrote {args.out}: prediction = {a:.3f} right + {b:.3f} left; data P(right | x) = {p:.3f}")


if __name__ == "__main__":
    run_main(main)
