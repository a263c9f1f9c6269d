"""The exact floor of the two-frame control: results/digits/two_frame_floor.json.

    python part1_pixel/digits/two_frame_floor.py            # -> results/digits/two_frame_floor.json (about 5 s)
    python part1_pixel/digits/two_frame_floor.py --quick    # 512 pairs, into runs/quick/

part1_pixel/claims/exp_controls.py --world digits shows a network the frame before and the current one, and
scores it on held-out pairs against the one-frame Bayes floor of those pairs. Two frames show the velocity except
where frame t sits at a wall that a bounce may just have redrawn it at, so the floor of a model shown both is
small but not 0: the MSE of the exact E[y | two frames] (common/digits_oracle.py: two_frame_conditional_mean)
on the same held-out pairs, written here. No training: it needs only the world and its oracle.
"""
import numpy as np

from cli import ArgumentParser, add_paths, add_quick, run_main
from common.data import HELDOUT_SEED, heldout_pairs, stream_rng
from common.digits import sample_two_frame_pairs
from common.digits_oracle import bayes_floor, two_frame_bayes_floor, two_frame_velocity_posterior
from common.files import save_json


def parse_args(argv=None):
    p = ArgumentParser(prog="two_frame_floor.py", description=__doc__.split("\n")[0])
    add_quick(p)
    add_paths(p, out="results/digits/two_frame_floor.json")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    n = heldout_pairs(args.quick)
    # the control's held-out pairs: common/data.py's make_heldout(n, inputs="two_frames", world=DIGITS)
    pairs, before_sx, before_sy = sample_two_frame_pairs(n, stream_rng(HELDOUT_SEED, "heldout"), held_out=True)
    _, frames_next = pairs.frames()
    one = bayes_floor(pairs.digit, pairs.sx, pairs.sy, frames_next)
    two = two_frame_bayes_floor(pairs.digit, before_sx, before_sy, pairs.sx, pairs.sy, frames_next)
    posterior = two_frame_velocity_posterior(before_sx, before_sy, pairs.sx, pairs.sy)
    uncertain = float(np.mean(posterior.max(axis=(1, 2)) < 1))
    save_json({"pairs": n, "heldout_seed": HELDOUT_SEED, "one_frame_bayes_floor": one, "two_frame_bayes_floor": two,
               "ratio_to_one_frame_floor": two / one, "uncertain_share": uncertain}, args.out)
    print(f"{n} held-out pairs: two-frame Bayes floor {two:.6f} = {two / one:.3f} x the one-frame floor ({one:.6f}); "
          f"the velocity is uncertain given both frames in {uncertain:.1%} of them")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    run_main(main)
