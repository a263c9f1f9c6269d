"""Figure: samples of the flow-matching sampler at NFE 1, 4, 16 and 64 for one mid-frame input, beside E[y|x].

    python part1_pixel/sampling/fig_sampler_samples.py          # -> figures/sampler_samples.png
    python part1_pixel/sampling/fig_sampler_samples.py --quick  # the --quick checkpoint, into runs/quick/

Shows the first few of COUNT samples per row; each row's label says how many of the COUNT went right (nearer
the right-moving future), so six samples that happen to go one way are not read as the sampler's share.
Every other number the pages quote comes from measure_sampler.py's JSON.
"""
import numpy as np

from cli import ArgumentParser, add_sampler_flags, figure_path, hint, in_world, output, run_main, sampler_checkpoint
from common.files import load_run
from common.flow import flow_net, sample_next_frames
from common.oracle import conditional_mean, p_right
from common.plotting import figure, save_figure, show_frame
from common.smear import nearest_future
from common.world import render_frame

ROWS = (1, 4, 16, 64)
SAMPLES = 10   # shown
COUNT = 200    # drawn per row, for the share going right in the row's label (--quick: only those shown)
X = 30.5   # a mid-frame column where both directions occur


def main(argv=None):
    p = ArgumentParser(prog="fig_sampler_samples.py", description=__doc__.split("\n")[0])
    add_sampler_flags(p)
    p.add_argument("--out", type=figure_path, help="default figures/sampler_samples.png (figures/WORLD/... for another world)")
    args = p.parse_args(argv)
    checkpoint = sampler_checkpoint(args)
    out = args.out or output(in_world("figures/sampler_samples.png", args.world), args.quick)
    model, _ = load_run(checkpoint, flow_net, hint("python part1_pixel/train_sampler.py", args),
                        expect={"world": args.world.name})
    count = SAMPLES if args.quick else COUNT
    fig, axes = figure(len(ROWS), SAMPLES + 2, figsize=(1.6 * (SAMPLES + 2), 1.75 * len(ROWS)))
    for row, nfe in zip(axes, ROWS):
        samples = sample_next_frames(model, x=X, n=count, nfe=nfe, seed=args.seed)
        right = nearest_future(samples[:, None], np.full(count, X))[1] == 1
        show_frame(row[0], render_frame(X), "input frame" if nfe == ROWS[0] else None)
        image = show_frame(row[1], conditional_mean(X, args.world), "E[y|x]" if nfe == ROWS[0] else None)
        row[0].set_ylabel(f"NFE {nfe}\n{int(right.sum())}/{count} right", fontsize=10)
        for i, (ax, frame) in enumerate(zip(row[2:], samples)):
            show_frame(ax, frame.clip(0, 1), f"sample {i + 1}" if nfe == ROWS[0] else None)
        for ax in row:
            ax.set_xticks([])
            ax.set_yticks([])
    fig.colorbar(image, ax=axes, shrink=0.6, label="intensity (samples clipped to [0, 1])")
    fig.suptitle(f"Flow-matching samples for a ball at x = {X} ({args.world.name} world, P(right|x) = "
                 f"{float(p_right(X, args.world)):.2f}), rows: number of Euler steps (NFE), same noise seed in every row")
    save_figure(fig, out)


if __name__ == "__main__":
    run_main(main)
