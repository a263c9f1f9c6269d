"""The lattice: P(moves right | sx) along one mid row, exact and as the MSE model reproduces it.

    python part1_pixel/digits/fig_lattice.py    # reads only measure.py's claims.json (and claims_decoder.json)

Digits that bounce off a wall leave it at a speed of 1..4, so some columns are visited mostly going one way:
the exact P(moves right | position) zigzags from column to column. A model's value is its prediction
read back as a mix of the futures, averaged over the held-out digits of each column: the default network's,
and the article's decoder's if its claims file is there.
"""
import os

import numpy as np

from cli import ArgumentParser, add_paths, add_quick, hint, parse_figure_args, run_main
from common import plotting
from common.files import load_json

MEASURE = "python part1_pixel/digits/measure.py"


def parse_args(argv=None):
    p = ArgumentParser(prog="fig_lattice.py", description=__doc__.split("\n")[0])
    add_quick(p)
    add_paths(p, claims="results/digits/claims.json", decoder_claims="results/digits/claims_decoder.json",
              out="figures/digits/lattice.png")
    return parse_figure_args(p, argv)


def main(argv=None):
    args = parse_args(argv)
    numbers = load_json(args.claims, hint(MEASURE, args))
    lat, mid = numbers["lattice"], numbers["mid_frame_from_wall"]
    sx = np.array(lat["sx"])
    fig = plotting.figure(figsize=(10, 4.6))
    ax = fig.add_subplot()
    ax.axvspan(sx[0] - 0.5, sx[0] + mid - 0.5, color="0.9", label="within 4 px of a wall")
    ax.axvspan(sx[-1] - mid + 0.5, sx[-1] + 0.5, color="0.9")
    ax.plot(sx, lat["exact"], "o-", color=plotting.COLORS["oracle"], lw=1.5, ms=4, label="exact (data)")
    ax.plot(sx, lat["model"], "s--", color=plotting.COLORS["prediction"], lw=1.5, ms=4,
            label=f"moved copies (default), read back (mean of {lat['digits_per_column']} held-out digit(s) per column)")
    if os.path.exists(args.decoder_claims):
        decoder = load_json(args.decoder_claims, f"{MEASURE} --checkpoint checkpoints/digits/pixel-decoder.pt "
                                                 f"--out {args.decoder_claims}")["lattice"]
        ax.plot(sx, decoder["model"], "^:", color="0.45", lw=1.2, ms=4,
                label=f"the article's decoder, read back: r = {decoder['mid']['corr']:.2f}, slope {decoder['mid']['slope']:.2f}")
    ax.axhline(0.5, color="0.5", lw=0.8, ls=":")
    ax.set_xlim(sx[0] - 0.5, sx[-1] + 0.5)
    ax.set_ylim(0, 1)
    ax.set_xlabel(f"column of the digit's top-left corner, sx (row sy = {lat['row']})")
    ax.set_ylabel("P(next frame is to the right | x)")
    ax.legend(loc="upper center", fontsize=8.5, ncol=2)
    ax.grid(alpha=0.3)
    m = lat["mid"]
    ax.set_title(f"The data's zigzag over columns, and the default network's: mid-frame r = {m['corr']:.2f}, "
                 f"slope {m['slope']:.2f} (1 = reproduced in full)", fontsize=11)
    plotting.save_figure(fig, args.out)


if __name__ == "__main__":
    run_main(main)
