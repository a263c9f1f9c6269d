"""The pixel side of Part 3: the article's PixelPredictor, trained with MSE, with or without distractor dots.

    python part2_jepa/train_pixel.py --distractors     # every frame carries fresh random dots
    python part2_jepa/train_pixel.py --quick           # smoke run into runs/quick/

The article's recipe and loop (common/training.py) on the world Part 3 uses; with --distractors the MSE
is taken on dotted frames (common/distractors.py: with_dots), so the best prediction is E[y|x] plus the
dots' mean, and the Bayes floor grows by their known variance. part2_jepa/measure.py scores it.
"""
import torch

import cli
from common.distractors import DOT_DENSITY, with_dots
from common.files import save_run
from common.jepa import jepa_checkpoint
from common.losses import mse_loss
from common.models import PixelPredictor, count_parameters
from common.readout import pixel_readout
from common.training import RECIPE, STEPS, timing, train

QUICK_STEPS = 20


def parse_args(argv=None):
    p = cli.ArgumentParser(prog="train_pixel.py", description=__doc__.split("\n")[0])
    p.add_argument("--steps", type=cli.at_least(1), default=STEPS, help="optimizer steps")
    p.add_argument("--distractors", action="store_true", help=f"fresh random dots on every frame (density {DOT_DENSITY})")
    cli.add_run_flags(p, "checkpoints/jepa/WORLD/pixel[_dots]_seedN.pt")
    p.set_defaults(world="biased")
    return cli.parse_run_args(p, argv, lambda a: jepa_checkpoint("pixel", a.seed, a.distractors, a.world.name), QUICK_STEPS)


def main(argv=None):
    args, device = parse_args(argv)
    torch.manual_seed(args.seed)
    model = PixelPredictor()
    config = cli.run_config(args, parameters=count_parameters(model))
    print(f"PixelPredictor, {args.world.name} world{' with distractor dots' if args.distractors else ''}, "
          f"{args.steps} steps on {device}")
    loss_fn = with_dots(mse_loss, args.seed, device) if args.distractors else mse_loss
    history = train(model, device, None, steps=args.steps, seed=args.seed, world=args.world, loss_fn=loss_fn,
                    eval_points=0, progress=not args.quiet)
    model = model.cpu()
    readout = pixel_readout(model, args.world, args.distractors)
    save_run(args.out, model, config, {"config": config, "recipe": RECIPE, "readout": readout, "loss": history["loss"]},
             timing=timing(history, device))
    print(f"held-out MSE {readout['mse']:.5f}, Bayes floor {readout['bayes_floor']:.5f}, "
          f"ratio {readout['ratio_to_bayes']:.3f}")
    cli.report_run(args.out, history["train_time_s"], device)


if __name__ == "__main__":
    cli.run_main(main)
