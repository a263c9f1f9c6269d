"""Train the article's PixelPredictor to predict the next frame from one frame.

    python part1_pixel/train.py                          # the defaults below, about 50 s on a 2-core CPU
    python part1_pixel/train.py --world biased           # the world whose data is visibly biased
    python part1_pixel/train.py --quick                  # smoke run into runs/quick/

The loop is common/training.py: train(); with --loss mse each step is the article's
`loss = F.mse_loss(model(x_t), x_next)` (common/losses.py). Writes the checkpoint (state_dict under
"model", settings under "config"), its metrics beside it (.json: the loss of every step, a held-out
curve, the held-out MSE next to the zeros, copy and Bayes floors) and the wall times (.timing.json,
not committed). The Bayes floor is the MSE of the exact E[y|x]: no model shown one frame goes below it.
"""
import torch

from cli import ArgumentParser, UsageError, add_run_flags, at_least, parse_run_args, report_run, run_config, run_main
from common.data import heldout_pairs, make_heldout
from common.files import save_run
from common.losses import LOSSES
from common.models import ACTIVATIONS, WIDTHS, PixelPredictor, count_parameters
from common.training import RECIPE, SCHEDULES, STEPS, evaluate, timing, train

CHECKPOINT = "checkpoints/pixel.pt"   # the article world's; another world's goes in a subfolder
QUICK_STEPS = 30


def parse_args(argv=None):
    p = ArgumentParser(prog="train.py", description=__doc__.split("\n")[0])
    p.add_argument("--steps", type=at_least(1), default=STEPS, help="optimizer steps")
    p.add_argument("--batch-size", type=at_least(1), default=RECIPE["batch_size"], help="pairs per step")
    p.add_argument("--lr", type=at_least(1e-12, float), default=RECIPE["lr"], help="peak AdamW learning rate")
    p.add_argument("--beta2", type=float, default=RECIPE["betas"][1], help="AdamW beta2, in [0, 1)")
    p.add_argument("--schedule", choices=SCHEDULES, default=RECIPE["schedule"], help="learning-rate schedule")
    p.add_argument("--warmup", type=at_least(0), default=RECIPE["warmup"], help="warm-up steps of the cosine schedule")
    p.add_argument("--loss", choices=sorted(LOSSES), default="mse", help="training objective (common/losses.py)")
    p.add_argument("--activation", choices=ACTIVATIONS, default="linear", help="the decoder's output activation")
    p.add_argument("--fixed-pairs", type=at_least(0), default=0,
                   help="train on a fixed set of this many pairs (0: fresh pairs from the simulator every step)")
    add_run_flags(p, CHECKPOINT)
    args, device = parse_run_args(p, argv, CHECKPOINT, QUICK_STEPS)
    if not 0 <= args.beta2 < 1:
        raise UsageError(f"--beta2 must be in [0, 1), got {args.beta2}")
    return args, device


def print_table(result):
    rows = [("held-out MSE", result["mse"]), ("Bayes floor (exact E[y|x])", result["bayes_floor"]),
            ("copy-the-input floor", result["copy_floor"]), ("all-zeros floor", result["zeros_floor"])]
    print(f"\n{'':28s} MSE per pixel")
    for name, value in rows:
        print(f"{name:28s} {value:.5f}")
    print(f"{'MSE / Bayes floor':28s} {result['ratio_to_bayes']:.3f}")
    print(f"{'distance to E[y|x]':28s} {result['distance_to_oracle']:.5f}")


def main(argv=None):
    args, device = parse_args(argv)
    torch.manual_seed(args.seed)
    model = PixelPredictor(WIDTHS, activation=args.activation)
    pairs = heldout_pairs(args.quick)
    config = run_config(args, encoder_widths=list(WIDTHS), parameters=count_parameters(model), heldout_pairs=pairs)
    print(f"PixelPredictor, {config['parameters']:,} parameters, {args.loss} loss, {args.world.name} world, on {device}; "
          f"{args.steps} steps of {args.batch_size} pairs")

    heldout = make_heldout(pairs, world=args.world)
    history = train(model, device, heldout, steps=args.steps, seed=args.seed, world=args.world,
                    loss_fn=LOSSES[args.loss], batch_size=args.batch_size, lr=args.lr, betas=(0.9, args.beta2),
                    schedule=args.schedule, warmup=args.warmup, fixed_pairs=args.fixed_pairs, progress=not args.quiet)
    result = evaluate(model, heldout, device)
    final_loss = sum(history["loss"][-50:]) / len(history["loss"][-50:])
    save_run(args.out, model.cpu(), config,
             {"config": config, "heldout": result, "final_train_loss": final_loss, "loss": history["loss"],
              "heldout_curve": history["heldout_curve"]},
             timing=timing(history, device))
    print_table(result)
    report_run(args.out, history["train_time_s"], device)


if __name__ == "__main__":
    run_main(main)
