"""Figure: each sampler's share of right-going samples against P(right|x) in the biased world, and every
sampler's share error in both worlds.

    python part1_pixel/sampling/fig_samplers.py          # -> figures/samplers.png
    python part1_pixel/sampling/fig_samplers.py --quick  # from runs/quick/results/samplers.json, into runs/quick/

Reads results/samplers.json (compare_samplers.py). One panel per sampler: its share per cell where both
directions occur against the exact P(right | x) (the diagonal is faithful; every seed drawn), with the
binomial standard error of an exact sampler with as many samples. The last panel: the root mean square share
error (noise removed) per sampler and world, mean over seeds, each with the 95th percentile a perfect sampler
would score with the same samples per cell (a tick; none for a read-out, which has no sampling noise).
"""
import numpy as np

from cli import ArgumentParser, add_quick, figure_path, output, run_main
from common.files import load_json
from common.plotting import WORLD_COLORS, figure, save_figure


def points(summary):
    """A summary's mean share error in points; nan where no sample was counted (share_rms None)."""
    return np.nan if summary is None or summary["share_rms"] is None else 100 * summary["share_rms"]["mean"]


def main(argv=None):
    p = ArgumentParser(prog="fig_samplers.py", description=__doc__.split("\n")[0])
    add_quick(p)
    p.add_argument("--out", type=figure_path, help="default figures/samplers.png")
    args = p.parse_args(argv)
    out = args.out or output("figures/samplers.png", args.quick)
    result = load_json(output("results/samplers.json", args.quick), "python part1_pixel/sampling/compare_samplers.py")
    rows = result["biased"]["rows"]
    names = list(dict.fromkeys(r["sampler"] for r in rows))
    rows_of_panels = -(-(len(names) + 1) // 3)
    fig, axes = figure(rows_of_panels, 3, figsize=(13, 3.9 * rows_of_panels))
    axes = axes.ravel()
    for ax, name in zip(axes, names):
        mine = [r for r in rows if r["sampler"] == name]
        for i, r in enumerate(mine):
            pr, share = np.array(r["p_right"]), np.array([np.nan if s is None else s for s in r["share"]])
            se = None if r["samples_per_cell"] is None else np.sqrt(pr * (1 - pr) / r["samples_per_cell"])
            label = f"seed {r['seed']}" if len(mine) > 1 else None
            ax.errorbar(pr, share, yerr=se, fmt="o", ms=3, alpha=0.8, label=label, color=f"C{i}")
        ax.plot([0, 1], [0, 1], "k-", lw=0.8)
        s = result["biased"]["summary"][name]
        slope = "" if s["slope"] is None else f", slope {s['slope']['mean']:.2f}"
        ax.set_title(f"{name}\nshare error {points(s):.1f} points{slope}", fontsize=9)
        ax.set_xlim(0.05, 0.95)
        ax.set_ylim(0.05, 0.95)
        ax.set_xlabel("P(right | x), exact")
        ax.set_ylabel("share going right")
        if len(mine) > 1:
            ax.legend(fontsize=7, loc="upper left")
    bars = axes[len(names)]
    every = list(dict.fromkeys(name for w in ("article", "biased") for name in result[w]["summary"]))
    for j, world in enumerate(("article", "biased")):
        summary = result[world]["summary"]
        values = [points(summary.get(n)) for n in every]
        y = np.arange(len(every)) + 0.4 * j - 0.2
        bars.barh(y, values, height=0.4, color=WORLD_COLORS[world], label=f"{world} world")
        perfect = [np.mean([np.nan if r["perfect_p95"] is None else r["perfect_p95"]
                            for r in result[world]["rows"] if r["sampler"] == n])
                   if n in summary and summary[n]["sharpness"] is not None or n.startswith("exact") else np.nan
                   for n in every]
        bars.plot(100 * np.array(perfect), y, "k|", ms=9, mew=1.5,
                  label="a perfect sampler, same counts (95th pct.)" if j == 0 else None)
    bars.set_yticks(np.arange(len(every)), every, fontsize=7)
    bars.invert_yaxis()
    bars.set_xlabel("share error, points (RMS over cells, noise removed)")
    bars.legend(fontsize=7, loc="lower right")
    for ax in axes[len(names) + 1:]:
        ax.axis("off")
    fig.suptitle("Biased world: the share of samples going right against P(right | x), per cell where both "
                 "directions occur (error bars: an exact sampler's binomial s.e.)")
    save_figure(fig, out)


if __name__ == "__main__":
    run_main(main)
