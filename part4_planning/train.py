"""Train an action-conditioned world model of the pushed ball: pixels (MSE) or a JEPA (VICReg or SIGReg).

    python part4_planning/train.py --model pixel                 # frames + action -> next frame, MSE
    python part4_planning/train.py --model vicreg                # frames -> z; (z, action) -> next z; VICReg
    python part4_planning/train.py --model sigreg --distractors   # fresh dots on every frame
    python part4_planning/train.py --model pixel --frames 1      # the one-frame control
    python part4_planning/train.py --quick                       # smoke run into runs/quick/

The world and the models are common/pushed.py and common/world_models.py; the loop is common.training.train
on random-action batches (common.world_models.PushedSource). Writes the checkpoint, its metrics beside it
(.json: the loss of every step) and the wall times (.timing.json, not committed). part4_planning/plan.py
plans with it.
"""
import torch

import cli
from common.data import stream_rng
from common.files import save_run
from common.models import count_parameters
from common.training import RECIPE, timing, train
from common.world_models import KINDS, LOSSES, PushedSource, planning_checkpoint, world_model

STEPS = 5000
BATCH_SIZE = 32
LR = 2e-3
QUICK_STEPS = 20


def parse_args(argv=None):
    p = cli.ArgumentParser(prog="train.py", description=__doc__.split("\n")[0])
    p.add_argument("--model", choices=KINDS, default="sigreg", help="pixel (MSE on the next frame) or a JEPA loss")
    p.add_argument("--frames", type=int, choices=(1, 2), default=2, help="frames the model sees (1: the control)")
    p.add_argument("--distractors", action="store_true", help="fresh random dots on every frame (common/distractors.py)")
    p.add_argument("--steps", type=cli.at_least(1), default=STEPS, help="optimizer steps")
    p.add_argument("--batch-size", type=cli.at_least(4), default=BATCH_SIZE, help="steps of the world per batch")
    p.add_argument("--lr", type=cli.LEARNING_RATE, default=LR, help="peak AdamW learning rate")
    cli.add_seed(p)
    cli.add_device(p)
    cli.add_quick(p)
    p.add_argument("--out", help="checkpoint path (default checkpoints/planning/MODEL[_1frame][_dots]_seedN.pt); "
                                 "the metrics JSON goes beside it")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    args = p.parse_args(argv)
    args.out = cli.check_output(args.out or cli.output(planning_checkpoint(args.model, args.frames, args.distractors, args.seed),
                                                       args.quick), ".pt")
    return cli.ready_to_train(args, QUICK_STEPS)


def main(argv=None):
    args, device = parse_args(argv)
    torch.manual_seed(args.seed)   # weights and SIGReg's random directions
    config = {k: v for k, v in vars(args).items() if k not in ("device", "quiet", "threads")}
    model = world_model(config)
    config["parameters"] = count_parameters(model)
    dots = " with distractor dots" if args.distractors else ""
    print(f"{args.model} world model, {config['parameters']:,} parameters, {args.frames} frame(s) in{dots}, on {device}; "
          f"{args.steps} steps of {args.batch_size}")
    source = PushedSource(stream_rng(args.seed, "train"), args.batch_size, args.frames,
                          "frame" if args.model == "pixel" else "frames", args.distractors)
    history = train(model, device, None, steps=args.steps, seed=args.seed, loss_fn=LOSSES[args.model],
                    batch_size=args.batch_size, lr=args.lr, eval_points=0, progress=not args.quiet, source=source)
    final_loss = sum(history["loss"][-50:]) / len(history["loss"][-50:])
    save_run(args.out, model.cpu(), config, {"config": config, "recipe": {**RECIPE, "lr": args.lr},
                                             "final_train_loss": final_loss, "loss": history["loss"]},
             timing=timing(history, device))
    print(f"final training loss {final_loss:.5f}")
    cli.report_run(args.out, history["train_time_s"], device)


if __name__ == "__main__":
    cli.run_main(main)
