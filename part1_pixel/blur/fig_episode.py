"""The article's second figure: an 80-frame episode, input / actual next / prediction / E[y|x] over time.

Writes a PNG strip (every few frames, so it stays readable) and an animated GIF of all frames.
    python part1_pixel/blur/fig_episode.py [--world biased] [--frames 80]
"""
import numpy as np
from matplotlib.animation import FuncAnimation

from cli import (
    add_paths,
    add_seed,
    at_least,
    check_memory,
    figure_parser,
    hint,
    parse_figure_args,
    quick_sizes,
    run_main,
)
from common import plotting
from common.data import stream_rng
from common.files import beside, load_run
from common.models import pixel_predictor
from common.oracle import conditional_mean
from common.training import predict
from common.world import ARTICLE, render_frames, simulate_positions

ROWS = ["input", "actual next", "MSE prediction", "exact E[y|x]"]
QUICK_FRAMES = 12


def parse_args(argv=None):
    p = figure_parser("fig_episode.py", __doc__, out="figures/episode.png")
    add_paths(p, checkpoint="checkpoints/pixel.pt")
    p.add_argument("--frames", type=at_least(2), default=80, help="episode length")
    p.add_argument("--every", type=at_least(1), default=5, help="the PNG strip shows every N-th frame")
    add_seed(p, default=3)
    p.add_argument("--fps", type=at_least(0.1, float), default=6, help="frames per second of the GIF (beside the PNG)")
    args = parse_figure_args(p, argv)
    quick_sizes(args, frames=QUICK_FRAMES)
    check_memory(args.frames * 64 * 64 * 4 * 8, "--frames")   # the episode's rows and the GIF's frames
    return args


def episode_rows(model, frames, seed, world):
    """The four rows of the figure for one long episode of `world`: arrays of shape (frames - 1, 64, 64) each.
    The episode is simulated with the article's fair launch (a biased world's episodes are one step long);
    E[y|x] is the world's, since that is what its model was trained towards."""
    xs = simulate_positions(1, frames, stream_rng(seed, "episode"), ARTICLE)[0]
    inputs = render_frames(xs[:-1])
    return xs, [inputs, render_frames(xs[1:]), predict(model, inputs, "cpu"), conditional_mean(xs[:-1], world)]


def main(argv=None):
    args = parse_args(argv)
    model, _ = load_run(args.checkpoint, pixel_predictor, hint("python part1_pixel/train.py", args),
                        expect={"world": args.world.name})
    xs, rows = episode_rows(model, args.frames, args.seed, args.world)
    shown = np.arange(0, len(xs) - 1, args.every)

    fig, axes = plotting.figure(len(ROWS), len(shown), figsize=(1.25 * len(shown) + 1.5, 5.6), squeeze=False,
                                layout=None)
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
    fig.suptitle(f"{args.world.name} world. Prediction across an episode: two ghosts mid-frame, one sharp ball near "
                 f"the walls", fontsize=12)
    plotting.save_figure(fig, args.out)

    gif = beside(args.out, ".gif")
    fig, axes = plotting.figure(1, len(ROWS), figsize=(9, 2.7), layout=None)
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
    print(f"wrote {gif}")


if __name__ == "__main__":
    run_main(main)
