"""Train the article's Encoder as a JEPA: predict the embedding of the next frame, not its pixels.

    python part2_jepa/train.py --loss sigreg                 # LeJEPA's SIGReg, the defaults below
    python part2_jepa/train.py --loss prediction             # no regulariser: watch it collapse
    python part2_jepa/train.py --loss vicreg --distractors   # frames carry fresh random dots
    python part2_jepa/train.py --loss barlow --expander      # the loss sees embeddings through an expander
    python part2_jepa/train.py --quick                       # smoke run into runs/quick/

The model and the four objectives are common/jepa.py; the loop is the pixel model's, common/training.py:
train(), with the JEPA loss in place of the MSE. Writes the checkpoint, its metrics beside it (.json:
the loss of every step and a first read-out: per-dimension std, RankMe, the position probe) and the wall
times (.timing.json, not committed). part2_jepa/measure.py does the full measurement.
"""
import torch

import cli
from common.distractors import DOT_DENSITY, with_dots
from common.files import save_run
from common.jepa import (
    EXPANDED_LOSSES,
    EXPANDER_WIDTH,
    JEPA,
    JEPA_LOSSES,
    JEPA_RECIPE,
    JEPA_STEPS,
    PREDICTOR_HIDDEN,
    jepa_checkpoint,
    run_name,
)
from common.models import count_parameters
from common.readout import jepa_readout, pairs
from common.training import RECIPE, timing, train

QUICK_STEPS = 20
QUICK_PAIRS = (256, 512)   # --quick: held-out pairs and probe-fitting pairs of the first read-out


def parse_args(argv=None):
    p = cli.ArgumentParser(prog="train.py", description=__doc__.split("\n")[0])
    p.add_argument("--loss", choices=list(JEPA_LOSSES), default="sigreg", help="objective (common/jepa.py)")
    p.add_argument("--steps", type=cli.at_least(1), default=JEPA_STEPS, help="optimizer steps")
    p.add_argument("--batch-size", type=cli.at_least(4), default=JEPA_RECIPE["batch_size"], help="pairs per step")
    p.add_argument("--lr", type=cli.LEARNING_RATE, default=JEPA_RECIPE["lr"], help="peak AdamW learning rate")
    p.add_argument("--distractors", action="store_true",
                   help=f"fresh random dots on every frame (density {DOT_DENSITY}, rows the ball never touches)")
    p.add_argument("--expander", type=cli.at_least(0), nargs="?", const=EXPANDER_WIDTH, default=0, metavar="WIDTH",
                   help=f"width of an expander between the embeddings and the loss, {' or '.join(EXPANDED_LOSSES)} only "
                        f"(0: none; alone, {EXPANDER_WIDTH}: the papers use 8192 on 2048-d features, 4x, and "
                        f"{EXPANDER_WIDTH} is 4x this encoder's 128)")
    cli.add_run_flags(p, "checkpoints/jepa/WORLD/LOSS[_expander][_dots]_seedN.pt")
    p.set_defaults(world="biased")
    args, device = cli.parse_run_args(
        p, argv, lambda a: jepa_checkpoint(run_name(a.loss, a.expander), a.seed, a.distractors, a.world.name), QUICK_STEPS)
    if args.expander and args.loss not in EXPANDED_LOSSES:
        p.error(f"--expander is for {' and '.join(EXPANDED_LOSSES)}, not --loss {args.loss}")
    # two width x width layers with their gradients and AdamW's two moments, or a batch of expanded embeddings
    cli.check_memory(4 * 4 * args.expander ** 2 + 4 * args.batch_size * args.expander, f"--expander {args.expander}")
    return args, device


def main(argv=None):
    args, device = parse_args(argv)
    torch.manual_seed(args.seed)   # weights and SIGReg's random directions
    model = JEPA(expander_width=args.expander)
    config = cli.run_config(args, predictor_hidden=PREDICTOR_HIDDEN, parameters=count_parameters(model))
    dots = " with distractor dots" if args.distractors else ""
    expanded = f" through a {args.expander}-wide expander" if args.expander else ""
    print(f"JEPA, {config['parameters']:,} parameters, {args.loss} loss{expanded}, {args.world.name} world{dots}, on {device}; "
          f"{args.steps} steps of {args.batch_size} pairs")

    loss_fn = JEPA_LOSSES[args.loss]
    if args.distractors:
        loss_fn = with_dots(loss_fn, args.seed, device)
    history = train(model, device, None, steps=args.steps, seed=args.seed, world=args.world, loss_fn=loss_fn,
                    batch_size=args.batch_size, lr=args.lr, eval_points=0, progress=not args.quiet)
    model = model.cpu()
    data = pairs(args.world, args.distractors, *QUICK_PAIRS) if args.quick else None
    readout = jepa_readout(model, args.world, args.distractors, floor=False, data=data)
    final_loss = sum(history["loss"][-50:]) / len(history["loss"][-50:])
    save_run(args.out, model, config, {"config": config, "recipe": {**RECIPE, **JEPA_RECIPE}, "readout": readout,
                                       "final_train_loss": final_loss, "loss": history["loss"]},
             timing=timing(history, device))
    print(f"final training loss {final_loss:.4f}; held-out embeddings: per-dimension std {readout['std_mean']:.4f} "
          f"(mean), RankMe {readout['rankme']:.1f}; position probe R^2 {readout['position_r2']:.4f} "
          f"({readout['position_mae_px']:.2f} px); direction probe {readout['direction_accuracy']:.3f} "
          f"(oracle {readout['oracle_direction_accuracy']:.3f})")
    cli.report_run(args.out, history["train_time_s"], device)


if __name__ == "__main__":
    cli.run_main(main)
