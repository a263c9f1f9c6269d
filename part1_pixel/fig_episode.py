"""The article's second figure: an 80-frame episode, input / actual next / prediction / E[y|x] over time.

Writes a PNG strip (every few frames, so it stays readable) and an animated GIF of all frames.
    python part1_pixel/fig_episode.py [--checkpoint checkpoints/pixel.pt] [--frames 80]
"""
import numpy as np
from matplotlib.animation import FuncAnimation

from common.oracle import conditional_mean
from common.training import predict
from common.world import render_frames, simulate_positions
from part1_pixel import plotting
from part1_pixel.cli import (
    DEFAULT_CHECKPOINT,
    ArgumentParser,
    UsageError,
    at_least,
    beside,
    load_model,
    run_main,
)

ROWS = ["input", "actual next", "MSE prediction", "exact E[y|x]"]


def parse_args(argv=None):
    p = ArgumentParser(prog="fig_episode.py", description=__doc__.split("\n")[0])
    p.add_argument("--checkpoint", default=DEFAULT_CHECKPOINT, help="a train.py checkpoint")
    p.add_argument("--frames", type=int, default=80, help="episode length")
    p.add_argument("--every", type=int, default=5, help="PNG strip shows every N-th frame")
    p.add_argument("--seed", type=at_least(0), default=3, help="seed of the episode")
    p.add_argument("--out", type=plotting.figure_path, default="figures/episode.png",
                   help="PNG to write; the GIF goes beside it")
    p.add_argument("--fps", type=float, default=6, help="frames per second of the GIF")
    args = p.parse_args(argv)
    if args.frames < 2 or args.every < 1 or args.fps <= 0:
        raise UsageError("--frames must be at least 2, --every at least 1 and --fps positive")
    return args


def episode_rows(model, frames, seed):
    """The four rows of the figure for one episode: arrays of shape (frames - 1, 64, 64) each."""
    xs = simulate_positions(1, frames, np.random.default_rng(seed))[0]
    inputs = render_frames(xs[:-1])
    return xs, [inputs, render_frames(xs[1:]), predict(model, inputs, "cpu"), conditional_mean(xs[:-1])]


def main(argv=None):
    args = parse_args(argv)
    model, _ = load_model(args.checkpoint)
    xs, rows = episode_rows(model, args.frames, args.seed)
    shown = np.arange(0, len(xs) - 1, args.every)

    fig, axes = plotting.figure(len(ROWS), len(shown), figsize=(1.25 * len(shown) + 1.5, 5.6), squeeze=False)
    for r, (name, images) in enumerate(zip(ROWS, rows)):
        for c, t in enumerate(shown):
            ax = axes[r, c]
            image = plotting.show_frame(ax, images[t])
            ax.set_xticks([])
            ax.set_yticks([])
            if r == 0:
                ax.set_title(f"t={t}\nx={xs[t]:.0f}", fontsize=8)
        axes[r, 0].set_ylabel(name, fontsize=9)
    fig.colorbar(image, ax=axes, fraction=0.012, pad=0.01, label="intensity")
    fig.supxlabel(f"time step t (one frame in {args.every} of an episode of {args.frames} frames)", fontsize=10)
    fig.suptitle("Prediction across an episode: two ghosts mid-frame, one sharp ball near the walls", fontsize=12)
    plotting.save_figure(fig, args.out)

    gif = beside(args.out, ".gif")
    fig, axes = plotting.figure(1, len(ROWS), figsize=(9, 2.7))
    images = [plotting.show_frame(ax, rows[i][0], name) for i, (ax, name) in enumerate(zip(axes, ROWS))]
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    label = fig.suptitle("")

    def draw(t):
        for image, frames in zip(images, rows):
            image.set_data(frames[t])
        label.set_text(f"step {t} of {len(xs) - 1}: ball at x = {xs[t]:.1f}")
        return images

    animation = FuncAnimation(fig, draw, frames=len(xs) - 1)
    plotting.save_animation(animation, gif, fps=args.fps)
    print(f"wrote {args.out} and {gif}")


if __name__ == "__main__":
    run_main(main)
