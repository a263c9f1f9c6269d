"""Figure: the share of samples going right against P(right|x), per unit cell, in the biased world.

    python part1_pixel/sampling/fig_sampler_share.py          # -> figures/sampler_share.png
    python part1_pixel/sampling/fig_sampler_share.py --quick  # from runs/quick/results/, into runs/quick/

Reads the default-NFE run of results/biased/sampler.json (measure_sampler.py); error bars are the
binomial standard error of an exact sampler with as many samples.
"""
import numpy as np

from cli import ArgumentParser, add_quick, add_world, figure_path, in_world, output, run_main
from common.files import load_json
from common.plotting import WORLD_COLORS, figure, save_figure
from common.world import BIASED


def main(argv=None):
    p = ArgumentParser(prog="fig_sampler_share.py", description=__doc__.split("\n")[0])
    add_world(p)
    p.set_defaults(world=BIASED)
    add_quick(p)
    p.add_argument("--out", type=figure_path, help="default figures/sampler_share.png (figures/sampler_share_WORLD.png otherwise)")
    args = p.parse_args(argv)
    name = "figures/sampler_share.png" if args.world is BIASED else f"figures/sampler_share_{args.world.name}.png"
    out = args.out or output(name, args.quick)
    res = load_json(output(in_world("results/sampler.json", args.world), args.quick),
                    f"python part1_pixel/sampling/measure_sampler.py --world {args.world.name}")
    d = res["default"]
    s = d["share"]
    cells, p_right, share = (np.array(s[k]) for k in ("cells", "p_right", "sample_right"))
    n = d["samples_per_cell"]
    fig, (ax, gap_ax) = figure(1, 2, figsize=(11, 4.2))
    ax.plot(cells + 0.5, p_right, "k-", drawstyle="steps-mid", label="P(right | x), exact")
    ax.errorbar(cells + 0.5, share, yerr=np.sqrt(p_right * (1 - p_right) / n), fmt="o", ms=4,
                color=WORLD_COLORS[args.world.name], label=f"samples going right (NFE {d['nfe']}, {n} per cell)")
    ax.set_xlabel("ball column x (unit cells where both directions occur)")
    ax.set_ylabel("share going right")
    ax.legend(fontsize=8)
    gap_ax.axhspan(-0.03, 0.03, color="0.9", label="within 3 points")
    gap_ax.errorbar(cells + 0.5, share - p_right, yerr=np.sqrt(p_right * (1 - p_right) / n), fmt="o", ms=4,
                    color=WORLD_COLORS[args.world.name], label="share - P(right | x), +- 1 binomial s.e.")
    gap_ax.axhline(0, color="k", lw=0.8)
    gap_ax.set_xlabel("ball column x")
    gap_ax.set_ylabel("share going right - P(right | x)")
    gap_ax.legend(fontsize=8)
    fig.suptitle(f"{args.world.name} world, share of samples going right against P(right | x): "
                 f"{s['within_3_points']:.0%} of cells within 3 points (an exact sampler with {n} samples per cell: "
                 f"{s['exact_sampler_within_3_points']:.1%}), largest gap "
                 + ("- (no valid sample)" if s["max_gap"] is None else f"{s['max_gap']:.3f}"))
    save_figure(fig, out)


if __name__ == "__main__":
    run_main(main)
