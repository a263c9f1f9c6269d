"""Sampling from a 2-component mixture: one input, several samples, their mean, the MSE prediction and E[y|x].

    python part1_pixel/sampling/fig_mixture.py     # draws checkpoints/mixture.pt and results/mixture.json
"""
import numpy as np

from cli import (
    UsageError,
    add_paths,
    add_seed,
    at_least,
    check_memory,
    figure_parser,
    hint,
    parse_figure_args,
    run_main,
)
from common import plotting
from common.data import stream_rng
from common.files import load_json, load_run
from common.mixture import draw_samples
from common.models import MixturePredictor, pixel_predictor
from common.oracle import conditional_mean, p_right
from common.smear import nearest_future
from common.training import predict
from common.world import render_frames

COMMAND = "python part1_pixel/sampling/exp_mixture.py"
SHOWN = 6


def parse_args(argv=None):
    p = figure_parser("fig_mixture.py", __doc__, mixture="checkpoints/mixture.pt", results="results/mixture.json",
                      out="figures/mixture.png")
    add_paths(p, checkpoint="checkpoints/pixel.pt")
    p.add_argument("--x", type=float, default=30.5, help="ball column in the input frame")
    p.add_argument("--samples", type=at_least(SHOWN), default=2000, help="samples averaged for the mean panel")
    add_seed(p)
    args = parse_figure_args(p, argv)
    if np.isnan(p_right(args.x, args.world)):
        raise UsageError(f"--x must be a column the ball visits in training (8 to 56), got {args.x}")
    check_memory(args.samples * 64 * 64 * 4 * 4, "--samples")   # the samples and their read-outs
    return args


def main(argv=None):
    args = parse_args(argv)
    columns = load_json(args.results, COMMAND)["every_column"]
    mixture, _ = load_run(args.mixture, lambda config: MixturePredictor(config["hypotheses"]), hint(COMMAND, args),
                          expect={"world": args.world.name})
    mse_model, _ = load_run(args.checkpoint, pixel_predictor, hint("python part1_pixel/train.py", args),
                            expect={"world": args.world.name})
    x = np.array([args.x])
    frame = render_frames(x)
    samples = draw_samples(mixture, frame, args.samples, stream_rng(args.seed, "mixture_samples"))[0]
    went_right = nearest_future(samples[None], x)[1] == 1
    share = went_right.mean()

    fig, axes = plotting.figure(2, SHOWN, figsize=(2.1 * SHOWN, 5.2))
    for i in range(SHOWN):
        plotting.show_frame(axes[0, i], samples[i], f"sample {i + 1}: {'right' if went_right[0, i] else 'left'}")
    bottom = [(frame[0], f"input, x = {args.x:g}"), (samples.mean(0), f"mean of {args.samples} samples"),
              (predict(mse_model, frame, "cpu")[0], "MSE prediction"), (conditional_mean(x, args.world)[0], "exact E[y|x]")]
    for ax, (img, title) in zip(axes[1], bottom):
        image = plotting.show_frame(ax, img, title)
    for ax in axes.flat:
        ax.set_xticks([])
        ax.set_yticks([])
    for ax in axes[1, len(bottom):]:
        ax.remove()
    ax = fig.add_subplot(axes[0, 0].get_gridspec()[1, len(bottom):])
    ax.plot(columns["x"], columns["p_right"], color=plotting.COLORS["oracle"], lw=2, label="data: P(right | x)")
    ax.plot(columns["x"], columns["sample_right"], "o", ms=3, color=plotting.COLORS["prediction"],
            label="mixture: P(sample goes right)")
    ax.axvline(args.x, ls=":", color="0.3")
    ax.set_xlabel("ball column x")
    ax.set_ylabel("share going right")
    ax.yaxis.tick_right()   # decorations on the right keep the frame columns evenly spaced
    ax.yaxis.set_label_position("right")
    ax.set_title("Right vs left, at every column", fontsize=10)
    ax.legend(fontsize=7, loc="upper right")
    fig.colorbar(image, ax=[*axes[0], *axes[1, :len(bottom)]], shrink=0.8, label="intensity")
    fig.suptitle(f"A 2-component mixture samples one sharp ball at a time; {share:.1%} of these {args.samples} go right "
                 f"(data: {float(p_right(x, args.world)[0]):.1%}), and their mean is the blur", fontsize=11)
    plotting.save_figure(fig, args.out)


if __name__ == "__main__":
    run_main(main)
