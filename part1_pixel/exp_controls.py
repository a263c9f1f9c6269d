"""Control: put the missing information back and the blur goes away, with the same network.

Two PixelPredictors with the default recipe, whose first convolution takes a second channel:
  two_frames  the frame before and the current frame (the velocity is visible)
  direction   the current frame and a constant plane, +1 or -1, for the direction the ball arrived with
Given either, the next frame is fully determined, so their floor is 0, not the one-frame Bayes floor.
Writes results/controls.json.

    python part1_pixel/exp_controls.py [--steps 6000]
"""
import time

import torch

from common.device import DEVICES
from common.models import WIDTHS, PixelPredictor, count_parameters
from common.training import evaluate, make_heldout, train
from part1_pixel import train as defaults
from part1_pixel.cli import ArgumentParser, UsageError, prepare_dir, resolve_device, run_main, save_json

CONTROLS = ("two_frames", "direction")


def run_control(inputs, steps, device, seed, progress=True):
    heldout = make_heldout(inputs=inputs)
    torch.manual_seed(seed)
    model = PixelPredictor(WIDTHS, output=defaults.OUTPUT, in_channels=2)
    start = time.perf_counter()
    train(model, device, heldout, steps=steps, batch_size=defaults.BATCH_SIZE, lr=defaults.LR, seed=seed,
          schedule=defaults.SCHEDULE, warmup=defaults.WARMUP, betas=(0.9, defaults.BETA2), inputs=inputs,
          channels_last=defaults.CHANNELS_LAST and device.type == "cpu", eval_points=0, progress=progress)
    row = {"inputs": inputs, "parameters": count_parameters(model), "steps": steps,
           "wall_s": time.perf_counter() - start, **evaluate(model, heldout, device)}
    print(f"{inputs:11s} MSE {row['mse']:.5f} = {row['ratio_to_bayes']:.3f} x the one-frame Bayes floor "
          f"({row['bayes_floor']:.5f}); {row['wall_s']:.0f} s", flush=True)
    return row


def main(argv=None):
    p = ArgumentParser(prog="exp_controls.py", description=__doc__.split("\n")[0])
    p.add_argument("--steps", type=int, default=defaults.STEPS, help="training steps of each control")
    p.add_argument("--seed", type=int, default=defaults.SEED, help="seed of both runs")
    p.add_argument("--device", default="auto", help=f"one of {', '.join(DEVICES)}")
    p.add_argument("--out", default="results/controls.json", help="JSON with one row per control")
    args = p.parse_args(argv)
    if args.steps < 1:
        raise UsageError(f"--steps must be at least 1, got {args.steps}")
    device = resolve_device(args.device)
    prepare_dir(args.out)
    rows = [run_control(inputs, args.steps, device, args.seed) for inputs in CONTROLS]
    save_json({"device": str(device), "rows": rows}, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    run_main(main)
