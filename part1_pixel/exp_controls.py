"""Control: put the missing information back and the blur goes away, with the same network.

Two PixelPredictors with the default recipe, whose first convolution takes a second channel:
  two_frames  the frame before and the current frame (the velocity is visible)
  direction   the current frame and a constant plane, +1 or -1, for the direction the ball arrived with
Given either, the next frame is fully determined, so their floor is 0, not the one-frame Bayes floor.
Writes results/controls.json.

    python part1_pixel/exp_controls.py [--steps 6000]
"""
import torch

from common.device import DEVICES
from common.models import WIDTHS, PixelPredictor, count_parameters
from common.training import evaluate, make_heldout, train
from part1_pixel import train as defaults
from part1_pixel.cli import ArgumentParser, UsageError, at_least, prepare_dir, resolve_device, run_main, save_json

CONTROLS = ("two_frames", "direction")


def run_control(inputs, steps, device, seed, one_frame_floor, progress=True):
    heldout = make_heldout(inputs=inputs)
    torch.manual_seed(seed)
    model = PixelPredictor(WIDTHS, output=defaults.OUTPUT, in_channels=2)
    history = train(model, device, heldout, steps=steps, seed=seed, inputs=inputs, eval_points=0, progress=progress,
                    **defaults.RECIPE)
    row = {"inputs": inputs, "parameters": count_parameters(model), "steps": steps,
           "wall_s": history["train_time_s"], **evaluate(model, heldout, device)}
    # Their held-out pairs need a frame before (t >= 1), where the one-frame E[y|x] is not exactly optimal;
    # so the yardstick is the Bayes floor of the article's one-frame task, on its own held-out pairs.
    row["one_frame_bayes_floor"] = one_frame_floor
    row["ratio_to_one_frame_floor"] = row["mse"] / one_frame_floor
    print(f"{inputs:11s} MSE {row['mse']:.5f} = {row['ratio_to_one_frame_floor']:.3f} x the one-frame Bayes floor "
          f"({one_frame_floor:.5f}); {row['wall_s']:.0f} s", flush=True)
    return row


def main(argv=None):
    p = ArgumentParser(prog="exp_controls.py", description=__doc__.split("\n")[0])
    p.add_argument("--steps", type=int, default=defaults.STEPS, help="training steps of each control")
    p.add_argument("--seed", type=at_least(0), default=defaults.SEED, help="seed of both runs")
    p.add_argument("--device", default="auto", help=f"one of {', '.join(DEVICES)}")
    p.add_argument("--out", default="results/controls.json", help="JSON with one row per control")
    args = p.parse_args(argv)
    if args.steps < 1:
        raise UsageError(f"--steps must be at least 1, got {args.steps}")
    device = resolve_device(args.device)
    prepare_dir(args.out)
    one_frame_floor = make_heldout()["bayes_floor"]
    rows = [run_control(inputs, args.steps, device, args.seed, one_frame_floor) for inputs in CONTROLS]
    save_json({"device": str(device), "rows": rows}, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    run_main(main)
