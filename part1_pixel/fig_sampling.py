"""Sampling side-steps the blur: one input, several samples, their mean, the MSE prediction and E[y|x].

    python part1_pixel/fig_sampling.py [--mixture checkpoints/mixture.pt] [--checkpoint checkpoints/pixel.pt]
"""
import numpy as np

from common.ghosts import right_share
from common.models import MixturePredictor
from common.oracle import conditional_mean, p_right
from common.sampling import draw_samples, nearest_future, right_probability
from common.training import predict
from common.world import FRAME_SIZE, render_frames
from part1_pixel import plotting
from part1_pixel.cli import (
    DEFAULT_CHECKPOINT,
    ArgumentParser,
    UsageError,
    at_least,
    load_checkpoint,
    load_model,
    run_main,
)

COMMAND = "python part1_pixel/exp_sampling.py"
SHOWN = 6


def load_mixture(path):
    return load_checkpoint(path, lambda config: MixturePredictor(config["hypotheses"]), COMMAND)[0]


def parse_args(argv=None):
    p = ArgumentParser(prog="fig_sampling.py", description=__doc__.split("\n")[0])
    p.add_argument("--mixture", default="checkpoints/mixture.pt", help="checkpoint written by exp_sampling.py")
    p.add_argument("--checkpoint", default=DEFAULT_CHECKPOINT, help="the MSE model (train.py)")
    p.add_argument("--x", type=float, default=30.5, help="ball column in the input frame")
    p.add_argument("--samples", type=int, default=2000, help="samples averaged for the mean panel")
    p.add_argument("--seed", type=at_least(0), default=0, help="seed of the samples")
    p.add_argument("--out", type=plotting.figure_path, default="figures/sampling.png",
                   help="PNG to write")
    args = p.parse_args(argv)
    if np.isnan(p_right(args.x)):
        raise UsageError(f"--x must be a column the ball visits in training (8 to 56), got {args.x}")
    if args.samples < SHOWN:
        raise UsageError(f"--samples must be at least {SHOWN}")
    return args


def main(argv=None):
    args = parse_args(argv)
    mixture, (mse_model, _) = load_mixture(args.mixture), load_model(args.checkpoint)
    x = np.array([args.x])
    frame = render_frames(x)
    samples = draw_samples(mixture, frame, args.samples, np.random.default_rng(args.seed))[0]
    _, went_right = nearest_future(samples[None], x)
    share = went_right.mean()

    fig, axes = plotting.figure(2, SHOWN, figsize=(2.1 * SHOWN, 5.2), layout="constrained")
    for i in range(SHOWN):
        plotting.show_frame(axes[0, i], samples[i], f"sample {i + 1}: {'right' if went_right[0, i] else 'left'}")
    bottom = [(frame[0], f"input, x = {args.x:g}"), (samples.mean(0), f"mean of {args.samples} samples"),
              (predict(mse_model, frame, "cpu")[0], "MSE prediction"), (conditional_mean(x)[0], "exact E[y|x]")]
    for ax, (img, title) in zip(axes[1], bottom):
        image = plotting.show_frame(ax, img, title)
    for ax in axes.flat:
        ax.set_xticks([])
        ax.set_yticks([])
    for ax in axes[1, len(bottom):]:
        ax.remove()
    ax = fig.add_subplot(axes[0, 0].get_gridspec()[1, len(bottom):])
    cells = np.arange(FRAME_SIZE) + 0.5
    cells = cells[~np.isnan(p_right(cells))]
    ax.plot(cells, p_right(cells), color=plotting.COLORS["oracle"], lw=2, label="data: P(right | x)")
    ax.plot(cells, right_probability(mixture, cells), "o", ms=3, color=plotting.COLORS["prediction"],
            label="sampler: P(sample goes right)")
    ax.plot(cells, right_share(predict(mse_model, render_frames(cells), "cpu"), cells), "s", ms=3, mfc="none",
            color=plotting.COLORS["input"], label="MSE model: right ghost's share")
    ax.axvline(args.x, ls=":", color="0.3")
    ax.set_xlabel("ball column x")
    ax.set_ylabel("share going right")
    ax.yaxis.tick_right()   # decorations on the right keep the frame columns evenly spaced
    ax.yaxis.set_label_position("right")
    ax.set_title("Right vs left, at every column", fontsize=10)
    ax.legend(fontsize=7, loc="upper right")
    fig.colorbar(image, ax=[*axes[0], *axes[1, :len(bottom)]], shrink=0.8, label="intensity")
    fig.suptitle(f"Sampling instead of point prediction: each sample is one sharp ball; {share:.1%} go right "
                 f"(data: {float(p_right(x)[0]):.1%}), and their mean is the blur", fontsize=11)
    plotting.save_figure(fig, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    run_main(main)
