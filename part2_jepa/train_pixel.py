"""The pixel side of Part 3: the article's PixelPredictor, trained with MSE, with or without distractor dots.

    python part2_jepa/train_pixel.py --distractors     # every frame carries fresh random dots
    python part2_jepa/train_pixel.py --quick           # smoke run into runs/quick/

The article's recipe and loop (common/training.py) on the world Part 3 uses; with --distractors the MSE
is taken on dotted frames (common/distractors.py: with_dots), so the best prediction is E[y|x] plus the
dots' mean, and the Bayes floor grows by their known variance. part2_jepa/measure.py scores it.
"""
import torch

from cli import (
    ArgumentParser,
    UsageError,
    add_device,
    add_quick,
    add_seed,
    add_world,
    at_least,
    output,
    resolve_device,
    run_main,
)
from common.distractors import DOT_DENSITY, with_dots
from common.files import beside, save_run
from common.jepa import jepa_checkpoint
from common.losses import mse_loss
from common.models import PixelPredictor, count_parameters
from common.readout import pixel_readout
from common.training import RECIPE, STEPS, train

QUICK_STEPS = 20


def parse_args(argv=None):
    p = ArgumentParser(prog="train_pixel.py", description=__doc__.split("\n")[0])
    p.add_argument("--steps", type=at_least(1), default=STEPS, help="optimizer steps")
    p.add_argument("--distractors", action="store_true", help=f"fresh random dots on every frame (density {DOT_DENSITY})")
    add_world(p)
    p.set_defaults(world="biased")
    add_seed(p)
    add_device(p)
    add_quick(p)
    p.add_argument("--out", help="checkpoint path (default checkpoints/jepa/WORLD/pixel[_dots]_seedN.pt)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    args = p.parse_args(argv)
    if args.quick:
        args.steps = min(args.steps, QUICK_STEPS)
    args.out = args.out or output(jepa_checkpoint("pixel", args.seed, args.distractors, args.world.name), args.quick)
    if not args.out.endswith(".pt"):
        raise UsageError(f"--out must end in .pt, got {args.out!r}")
    return args


def main(argv=None):
    args = parse_args(argv)
    device = resolve_device(args.device)
    torch.manual_seed(args.seed)
    model = PixelPredictor()
    config = {**vars(args), "world": args.world.name, "parameters": count_parameters(model)}
    del config["device"], config["quiet"]
    print(f"PixelPredictor, {args.world.name} world{' with distractor dots' if args.distractors else ''}, "
          f"{args.steps} steps on {device}")
    loss_fn = with_dots(mse_loss, args.seed, device) if args.distractors else mse_loss
    history = train(model, device, None, steps=args.steps, seed=args.seed, world=args.world, loss_fn=loss_fn,
                    eval_points=0, progress=not args.quiet)
    model = model.cpu()
    readout = pixel_readout(model, args.world, args.distractors)
    save_run(args.out, model, config, {"config": config, "recipe": RECIPE, "readout": readout, "loss": history["loss"]},
             timing={"train_time_s": history["train_time_s"], "device": str(device), "threads": torch.get_num_threads()})
    print(f"held-out MSE {readout['mse']:.5f}, Bayes floor {readout['bayes_floor']:.5f}, "
          f"ratio {readout['ratio_to_bayes']:.3f}; training time {history['train_time_s']:.1f} s")
    print(f"wrote {args.out} and {beside(args.out, '.json')}")


if __name__ == "__main__":
    run_main(main)
