"""Smear vs position: the weight of the fainter ghost for every ball column, model vs exact E[y|x].

    python part1_pixel/blur/fig_smear.py [--world biased]      # draws results/blur.json (measure.py)
"""
import numpy as np

from cli import figure_parser, parse_figure_args, run_main
from common import plotting
from common.files import load_json
from common.oracle import both_directions

MEASURE = "python part1_pixel/blur/measure.py"


def main(argv=None):
    args = parse_figure_args(figure_parser("fig_smear.py", __doc__, blur="results/blur.json",
                                           out="figures/smear_vs_position.png"), argv)
    numbers = load_json(args.blur, MEASURE)["smear"]
    x, model, oracle = (np.array(numbers[k]) for k in ("x", "model", "oracle"))

    fig, ax = plotting.figure(1, 1, figsize=(9, 4.2))
    ax.fill_between(x, 0, 0.55, where=~both_directions(x, args.world), color="0.9", label="bounce decides the direction")
    ax.plot(x, oracle, "--", color=plotting.COLORS["oracle"], lw=2, label="exact E[y|x]")
    ax.plot(x, model, color=plotting.COLORS["prediction"], lw=1.5, label="MSE model")
    ax.set_xlabel("ball column x in the input frame")
    ax.set_ylabel("weight of the fainter ghost\nmin(a, b) / (a + b)")
    ax.set_ylim(-0.02, 0.55)
    ax.set_xlim(x[0], x[-1])
    ax.legend(loc="upper right", fontsize=9, framealpha=0.95)
    ax.grid(alpha=0.3)
    s = numbers["summary"]["model"]
    ax.set_title(f"{args.world.name} world. Smear vs position: model {s['ambiguous_zone']:.2f} where both directions "
                 f"occur (centre {s['centre']:.2f}), {s['walls']:.3f} near the walls", fontsize=10)
    plotting.save_figure(fig, args.out)


if __name__ == "__main__":
    run_main(main)
