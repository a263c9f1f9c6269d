"""Figure: sharpness, validity and share gap of the flow-matching sampler against NFE, in both worlds.

    python part1_pixel/sampling/fig_sampler_curves.py          # -> figures/sampler_curves.png
    python part1_pixel/sampling/fig_sampler_curves.py --quick  # from runs/quick/results/, into runs/quick/

Reads results/sampler.json and results/biased/sampler.json (measure_sampler.py). References: the MSE model
and the 2-component mixture from --mixture (results/mixture.json, keys sharpness.mse_output_to_nearest_future,
sharpness.sample_to_nearest_future and max_share_gap), drawn when that file exists.
"""
import os

import numpy as np

from cli import ArgumentParser, add_quick, figure_path, in_world, output, run_main
from common.files import load_json
from common.plotting import WORLD_COLORS, figure, save_figure
from common.world import WORLDS

MEASURE = "python part1_pixel/sampling/measure_sampler.py"


def main(argv=None):
    p = ArgumentParser(prog="fig_sampler_curves.py", description=__doc__.split("\n")[0])
    add_quick(p)
    p.add_argument("--mixture", default="results/mixture.json", help="the 2-component mixture's results (optional)")
    p.add_argument("--out", type=figure_path, help="default figures/sampler_curves.png")
    args = p.parse_args(argv)
    out = args.out or output("figures/sampler_curves.png", args.quick)
    results = {name: load_json(output(in_world("results/sampler.json", world), args.quick), f"{MEASURE} --world {name}")
               for name, world in WORLDS.items()}
    mixture = load_json(args.mixture, "python part1_pixel/sampling/exp_mixture.py") if os.path.exists(args.mixture) else None

    fig, axes = figure(2, 2, figsize=(12, 8.5))
    axes = axes.ravel()
    panels = [("sharpness_ambiguous", "MSE of a sample to the nearer true next frame", "log"),
              ("validity_ambiguous", "share of samples that are one ball within 1 px", "linear"),
              ("max_gap", "largest |share going right - P(right|x)| over cells", "linear"),
              ("sample_to_oracle_ambiguous", "MSE of a sample to E[y|x] (0: the sample is the blur)", "log")]
    for ax, (key, label, yscale) in zip(axes, panels):
        for name, res in results.items():
            nfe = [r["nfe"] for r in res["sweep"]]
            values = [r["share"][key] if key == "max_gap" else r[key] for r in res["sweep"]]
            ax.plot(nfe, values, "o-", color=WORLD_COLORS[name], label=f"flow matching, {name} world")
            d = res["default"]
            ax.plot([d["nfe"]], [d["share"][key] if key == "max_gap" else d[key]], "*", ms=13,
                    color=WORLD_COLORS[name], label=f"default NFE, {d['samples_per_cell']} samples/cell, {name}")
            if key in ("sharpness_ambiguous", "validity_ambiguous"):
                ax.axhline(res["oracle"][key], color=WORLD_COLORS[name], ls="-.", lw=1,
                           label=f"E[y|x] itself (the blur), {name}")
        if key == "sharpness_ambiguous":
            if mixture:
                ax.axhline(mixture["sharpness"]["mse_output_to_nearest_future"], color="tab:red", ls="--",
                           label="MSE model (its one output, held-out pairs)")
                ax.axhline(mixture["sharpness"]["sample_to_nearest_future"], color="tab:green", ls="--",
                           label="2-component mixture samples (held-out pairs)")
        if key == "max_gap" and mixture:
            ax.axhline(mixture["max_share_gap"], color="tab:green", ls="--", label="2-component mixture")
        ax.set_xscale("log", base=2)
        nfes = [r["nfe"] for res in results.values() for r in res["sweep"]]
        ax.set_xlim(min(nfes) / 1.4, max(nfes) * 1.4)   # set, so that a panel with no valid sample still draws
        drawn = np.concatenate([line.get_ydata() for line in ax.get_lines()])
        ax.set_yscale(yscale if yscale == "linear" or (drawn > 0).all() else "symlog", **(
            {"linthresh": 1e-5} if yscale == "log" and not (drawn > 0).all() else {}))   # a sample at 0: symlog
        ax.set_xlabel("NFE (Euler steps = network evaluations per sample)")
        ax.set_ylabel(label)
        ax.legend(fontsize=7)
    sweep_n = results["article"]["sweep"][0]["samples_per_cell"]
    axes[2].set_title(f"sweep: {sweep_n} samples per cell, so its gap is mostly binomial noise", fontsize=9)
    fig.suptitle("Flow-matching sampler against the number of Euler steps, at columns where both directions occur\n"
                 "(lines: the sweep over NFE; stars: the larger run at the default NFE)")
    save_figure(fig, out)


if __name__ == "__main__":
    run_main(main)
