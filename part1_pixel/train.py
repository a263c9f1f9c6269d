"""Train the article's PixelPredictor to predict the next frame from one frame, with MSE.

    python part1_pixel/train.py                      # defaults below, ~1 minute on a laptop CPU
    python part1_pixel/train.py --steps 200 --out runs/quick/pixel.pt

Writes a checkpoint (state_dict under "model", settings under "config") and, beside it, a
metrics JSON: the loss of every step, a held-out curve, and at the end the held-out MSE next to
the zeros, copy and Bayes floors. The Bayes floor is the MSE of the exact E[y|x]: no model that
sees one frame can go below it, so MSE / Bayes floor is the distance left to go.
"""
import platform
import time

import torch

from common.device import DEVICES
from common.models import WIDTHS, PixelPredictor, count_parameters
from common.training import HELDOUT_PAIRS, evaluate, make_heldout, train
from part1_pixel.cli import (
    DEFAULT_CHECKPOINT,
    ArgumentParser,
    UsageError,
    at_least,
    metrics_path,
    prepare_dir,
    resolve_device,
    run_main,
    save_json,
    save_torch,
)

# Defaults, chosen by measurement (bench/README.md says what else was tried).
STEPS = 6000
BATCH_SIZE = 16
LR = 4e-3
BETA2 = 0.99            # AdamW's second-moment decay: 0.99 adapts faster than the usual 0.999
WARMUP = 30
SCHEDULE = "cosine"
OUTPUT = "linear"       # a sigmoid output can collapse to all zeros at this learning rate
CHANNELS_LAST = True    # NHWC activations: about 20% faster convolutions on CPU, same numbers
SEED = 0
# The default recipe as train() arguments, shared by the benchmark and the claim experiments.
RECIPE = {"batch_size": BATCH_SIZE, "lr": LR, "schedule": SCHEDULE, "warmup": WARMUP, "betas": (0.9, BETA2),
          "channels_last": CHANNELS_LAST}


def parse_args(argv=None):
    p = ArgumentParser(prog="train.py", description=__doc__.split("\n")[0])
    p.add_argument("--steps", type=int, default=STEPS, help="optimizer steps")
    p.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="pairs per step")
    p.add_argument("--lr", type=float, default=LR, help="peak AdamW learning rate")
    p.add_argument("--beta2", type=float, default=BETA2, help="AdamW beta2")
    p.add_argument("--schedule", default=SCHEDULE, help="'cosine' (warm-up, then cosine to 0) or 'constant'")
    p.add_argument("--warmup", type=int, default=WARMUP, help="warm-up steps of the cosine schedule")
    p.add_argument("--output", default=OUTPUT, help="decoder output: 'linear' or 'sigmoid'")
    p.add_argument("--fixed-pairs", type=int, default=0,
                   help="train on a fixed set of this many pairs (0: fresh pairs from the simulator every step)")
    p.add_argument("--seed", type=at_least(0), default=SEED, help="seed of the weights and the training data")
    p.add_argument("--device", default="auto", help=f"one of {', '.join(DEVICES)} (auto: cuda, then mps, then cpu)")
    p.add_argument("--out", default=DEFAULT_CHECKPOINT, help="checkpoint path; the metrics JSON goes beside it")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    args = p.parse_args(argv)
    for name in ("steps", "batch_size"):
        if getattr(args, name) < 1:
            raise UsageError(f"--{name.replace('_', '-')} must be at least 1, got {getattr(args, name)}")
    if not 0 <= args.beta2 < 1:
        raise UsageError(f"--beta2 must be in [0, 1), got {args.beta2}")
    if not args.lr > 0:
        raise UsageError(f"--lr must be positive, got {args.lr}")
    if args.schedule not in ("cosine", "constant"):
        raise UsageError(f"--schedule must be 'cosine' or 'constant', got {args.schedule!r}")
    if args.output not in ("linear", "sigmoid"):
        raise UsageError(f"--output must be 'linear' or 'sigmoid', got {args.output!r}")
    if args.warmup < 0 or args.fixed_pairs < 0 or args.seed < 0:
        raise UsageError("--warmup, --fixed-pairs and --seed must not be negative")
    if not args.out.endswith(".pt"):
        raise UsageError(f"--out must end in .pt, got {args.out!r}")
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
    prepare_dir(args.out)
    torch.manual_seed(args.seed)
    model = PixelPredictor(WIDTHS, output=args.output)
    config = {**vars(args), "device": str(device), "encoder_widths": list(WIDTHS),
              "parameters": count_parameters(model), "heldout_pairs": HELDOUT_PAIRS}
    print(f"PixelPredictor, {config['parameters']:,} parameters, on {device}; {args.steps} steps of {args.batch_size} pairs")

    start = time.perf_counter()
    heldout = make_heldout()
    history = train(model, device, heldout, steps=args.steps, batch_size=args.batch_size, lr=args.lr, seed=args.seed,
                    schedule=args.schedule, warmup=args.warmup, betas=(0.9, args.beta2), fixed_pairs=args.fixed_pairs,
                    channels_last=CHANNELS_LAST, progress=not args.quiet)
    result = evaluate(model, heldout, device)
    wall = time.perf_counter() - start

    save_torch({"model": model.state_dict(), "config": config}, args.out)
    final_loss = sum(history["loss"][-50:]) / len(history["loss"][-50:])
    save_json({"config": config, "heldout": result, "final_train_loss": final_loss, "wall_time_s": wall,
               "train_time_s": history["train_time_s"], "machine": platform.machine(),
               "torch": torch.__version__, "threads": torch.get_num_threads(),
               "loss": history["loss"], "heldout_curve": history["heldout_curve"]}, metrics_path(args.out))
    print_table(result)
    print(f"{'wall time':28s} {wall:.1f} s on {device}")
    print(f"wrote {args.out} and {metrics_path(args.out)}")


if __name__ == "__main__":
    run_main(main)
