"""One digits episode, frame by frame: input | actual next | MSE prediction | exact E[y|x].

    python part1_pixel/digits/fig_episode.py [--seed 0] [--frames 10]

The episode is the first of the seed's episodes (a held-out digit) that meets a wall within the frames shown,
so the strip shows the smear both mid-frame and at a bounce.
"""
import numpy as np

from cli import ArgumentParser, add_paths, add_quick, add_seed, at_least, hint, parse_figure_args, run_main
from common import plotting
from common.data import stream_rng
from common.digits import EPISODE_LENGTH, LAST_POSITION, digit_indices, render_frames, simulate_states
from common.digits_oracle import conditional_mean
from common.files import load_run
from common.models import pixel_predictor
from common.training import predict

TRAIN = "python part1_pixel/train.py --world digits"


def parse_args(argv=None):
    p = ArgumentParser(prog="fig_episode.py", description=__doc__.split("\n")[0])
    add_seed(p)
    add_quick(p)
    p.add_argument("--frames", type=at_least(2, maximum=EPISODE_LENGTH - 1), default=10, help="input frames shown")
    add_paths(p, checkpoint="checkpoints/digits/pixel.pt", out="figures/digits/episode.png")
    return parse_figure_args(p, argv)


def episode_with_a_wall(rng, frames):
    """(sx, sy) of the first of 100 episodes that touches a wall at one of frames 1..frames - 2 (else the first)."""
    sx, sy = simulate_states(100, rng)[:2]
    at_wall = (np.minimum(sx, sy) == 0) | (np.maximum(sx, sy) == LAST_POSITION)
    touches = at_wall[:, 1:frames - 1].any(axis=1)
    i = int(np.argmax(touches))
    return sx[i], sy[i]


def main(argv=None):
    args = parse_args(argv)
    model, _ = load_run(args.checkpoint, pixel_predictor, hint(TRAIN, args), expect={"world": "digits"})
    rng = stream_rng(args.seed, "digits_episode")
    sx, sy = episode_with_a_wall(rng, args.frames)
    digit = np.full(args.frames + 1, rng.choice(digit_indices(held_out=True)))
    frames = render_frames(digit, sx[:args.frames + 1], sy[:args.frames + 1])
    t = np.arange(args.frames)
    rows = [("input t", frames[:-1]), ("actual t + 1", frames[1:]),
            ("MSE prediction", predict(model, frames[:-1], "cpu")),
            ("exact E[y|x]", conditional_mean(digit[:-1], sx[t], sy[t]))]
    fig, axes = plotting.figure(len(rows), args.frames, figsize=(1.6 * args.frames + 1.2, 7.2))
    for r, (name, images) in enumerate(rows):
        for c in t:
            ax = axes[r, c]
            image = ax.imshow(images[c], cmap=plotting.CMAP, **plotting.FRAME_LIMITS)
            ax.set_xticks([])
            ax.set_yticks([])
            if r == 0:
                ax.set_title(f"t = {c}\n({sx[c]}, {sy[c]})", fontsize=9)
            if c == 0:
                ax.set_ylabel(name, fontsize=10)
    fig.colorbar(image, ax=axes, shrink=0.6, label="intensity")
    fig.suptitle("One held-out digit over an episode (its top-left corner under each t): the prediction smears "
                 "like E[y|x], tighter along the axis of a wall", fontsize=11)
    plotting.save_figure(fig, args.out)


if __name__ == "__main__":
    run_main(main)
