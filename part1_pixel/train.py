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

from cli import (
    ArgumentParser,
    UsageError,
    add_device,
    add_quick,
    add_seed,
    add_world,
    at_least,
    in_world,
    output,
    resolve_device,
    run_main,
)
from common.data import HELDOUT_PAIRS, make_heldout
from common.files import beside, prepare_dir, save_run
from common.losses import LOSSES
from common.models import ACTIVATIONS, WIDTHS, PixelPredictor, count_parameters
from common.training import RECIPE, SCHEDULES, STEPS, evaluate, train

CHECKPOINT = "checkpoints/pixel.pt"   # the article world's; another world's goes in a subfolder
QUICK_STEPS = 100


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
    add_world(p)
    add_seed(p)
    add_device(p)
    add_quick(p)
    p.add_argument("--out", help=f"checkpoint path (default {CHECKPOINT}, or checkpoints/WORLD/pixel.pt "
                                 "for another world); the metrics JSON goes beside it")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    args = p.parse_args(argv)
    if not 0 <= args.beta2 < 1:
        raise UsageError(f"--beta2 must be in [0, 1), got {args.beta2}")
    if args.quick:
        args.steps = min(args.steps, QUICK_STEPS)
    args.out = args.out or output(in_world(CHECKPOINT, args.world), args.quick)
    if not args.out.endswith(".pt"):
        raise UsageError(f"--out must end in .pt, got {args.out!r}")
    prepare_dir(args.out)   # before the training, not after it
    return args


def print_table(result):
    rows = [("held-out MSE", result["mse"]), ("Bayes floor (exact E[y|x])", result["bayes_floor"]),
            ("copy-the-input floor", result["copy_floor"]), ("all-zeros floor", result["zeros_floor"])]
    print(f"\n{'':28s} MSE per pixel")
    for name, value in rows:
        print(f"{name:28s} {value:.5f}")
    print(f"{'MSE / Bayes floor':28s} {result['ratio_to_bayes']:.3f}")
    print(f"{'distance to E[y|x]':28s} {result['distance_to_oracle']:.5f}")


def main(argv=None):
    args = parse_args(argv)
    device = resolve_device(args.device)
    torch.manual_seed(args.seed)
    model = PixelPredictor(WIDTHS, activation=args.activation)
    config = {**vars(args), "world": args.world.name, "encoder_widths": list(WIDTHS),
              "parameters": count_parameters(model), "heldout_pairs": HELDOUT_PAIRS}
    del config["device"], config["quiet"]   # how it ran, not what it is: they go to the timing file
    print(f"PixelPredictor, {config['parameters']:,} parameters, {args.loss} loss, {args.world.name} world, on {device}; "
          f"{args.steps} steps of {args.batch_size} pairs")

    heldout = make_heldout(world=args.world)
    history = train(model, device, heldout, steps=args.steps, seed=args.seed, world=args.world,
                    loss_fn=LOSSES[args.loss], batch_size=args.batch_size, lr=args.lr, betas=(0.9, args.beta2),
                    schedule=args.schedule, warmup=args.warmup, fixed_pairs=args.fixed_pairs, progress=not args.quiet)
    result = evaluate(model, heldout, device)
    final_loss = sum(history["loss"][-50:]) / len(history["loss"][-50:])
    save_run(args.out, model.cpu(), config,
             {"config": config, "heldout": result, "final_train_loss": final_loss, "loss": history["loss"],
              "heldout_curve": history["heldout_curve"]},
             timing={"train_time_s": history["train_time_s"], "device": str(device),
                     "threads": torch.get_num_threads(), "torch": torch.__version__})
    print_table(result)
    print(f"{'training time':28s} {history['train_time_s']:.1f} s on {device}")
    print(f"wrote {args.out}, {beside(args.out, '.json')} and {beside(args.out, '.timing.json')}")


if __name__ == "__main__":
    run_main(main)
