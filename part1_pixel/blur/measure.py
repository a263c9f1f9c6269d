"""What the MSE model draws, as numbers: its smear, its ghost shares, the panel's fit.

The smear at every column, the ghost shares against the data's P(right | x), and the weighted-average fit
at one input column. The blur figures draw this file.

    python part1_pixel/blur/measure.py                  # checkpoints/pixel.pt -> results/blur.json
    python part1_pixel/blur/measure.py --world biased   # checkpoints/biased/pixel.pt -> results/biased/blur.json
"""
import numpy as np

from cli import ArgumentParser, UsageError, add_paths, add_quick, add_world, hint, run_main
from common.files import load_run, save_json
from common.models import pixel_predictor
from common.oracle import p_right
from common.smear import blur_numbers

PANEL_COLUMN = {"article": 30.5, "biased": 20.5}   # mid-frame; in the biased world where P(right | x) = 0.75
TRAIN = "python part1_pixel/train.py"


def parse_args(argv=None):
    p = ArgumentParser(prog="measure.py", description=__doc__.split("\n")[0])
    add_world(p)
    add_quick(p)
    p.add_argument("--x", type=float, help=f"input column of the panel figure (default: {PANEL_COLUMN})")
    add_paths(p, checkpoint="checkpoints/pixel.pt", out="results/blur.json")
    args = p.parse_args(argv)
    args.x = PANEL_COLUMN[args.world.name] if args.x is None else args.x
    if np.isnan(p_right(args.x, args.world)):
        raise UsageError(f"--x must be a column the ball visits in training (8 to 56), got {args.x}")
    return args


def main(argv=None):
    args = parse_args(argv)
    model, config = load_run(args.checkpoint, pixel_predictor, hint(TRAIN, args), expect={"world": args.world.name})
    world = args.world
    numbers = {"checkpoint": args.checkpoint, **blur_numbers(model, world, args.x)}
    save_json(numbers, args.out)
    s, r, panel = numbers["smear"]["summary"], numbers["share_vs_data"], numbers["panel"]
    print(f"{world.name} world: at x = {panel['x']:g} the prediction is {panel['right']:.3f} x right + "
          f"{panel['left']:.3f} x left (data P(right|x) = {panel['p_right']:.3f})")
    for who in ("model", "oracle"):
        print(f"  smear, {who}: centre {s[who]['centre']:.3f}, both directions {s[who]['ambiguous_zone']:.3f}, "
              f"walls {s[who]['walls']:.3f}")
    print(f"  right-ghost share vs P(right|x): r = {r['corr_all']:.3f} over all columns, "
          f"{r['corr_ambiguous']:.3f} where both directions occur (slope {r['slope_ambiguous']:.2f}, "
          f"largest gap {r['max_abs_diff_ambiguous']:.3f})")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    run_main(main)
