"""Train the flow-matching sampler of the next frame (common/flow.py), which is not told how many futures there are.

    python part1_pixel/train_sampler.py                  # the defaults below: about 9 minutes of one CPU core
    python part1_pixel/train_sampler.py --world biased   # the world whose data is visibly biased
    python part1_pixel/train_sampler.py --quick          # smoke run into runs/quick/

The loop is common/training.py: train() with loss_fn = flow_matching_loss (Lipman et al. 2022; Liu et al. 2022).
Writes the checkpoint (state_dict under "model", settings under "config"), its metrics beside it (.json:
the loss of every step, and a check on held-out inputs: samples at the default NFE, their MSE to the nearer
true next frame and their share of valid single balls) and the wall times (.timing.json, not committed).
"""
import time

import numpy as np
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
from common.data import make_heldout
from common.files import beside, save_run
from common.flow import (
    NFE,
    PREDICTION,
    PREDICTIONS,
    RECIPE,
    STEPS,
    FlowNet,
    flow_config,
    flow_matching_loss,
    sample_frames,
)
from common.models import count_parameters
from common.smear import nearest_future, one_ball
from common.training import train

CHECKPOINT = "checkpoints/sampler.pt"   # the article world's; another world's goes in a subfolder
QUICK_STEPS = 30
CHECK_PAIRS = 512   # held-out inputs sampled once at the end of training (32 with --quick)


def parse_args(argv=None):
    p = ArgumentParser(prog="train_sampler.py", description=__doc__.split("\n")[0])
    p.add_argument("--steps", type=at_least(1), default=STEPS, help="optimizer steps")
    p.add_argument("--batch-size", type=at_least(1), default=RECIPE["batch_size"], help="pairs per step")
    p.add_argument("--lr", type=at_least(1e-12, float), default=RECIPE["lr"], help="peak AdamW learning rate")
    p.add_argument("--prediction", choices=PREDICTIONS, default=PREDICTION,
                   help="what the network outputs: the clean next frame or the velocity x1 - x0")
    add_world(p)
    add_seed(p)
    add_device(p)
    add_quick(p)
    p.add_argument("--out", help=f"checkpoint path (default {CHECKPOINT}, or checkpoints/WORLD/sampler.pt "
                                 "for another world); the metrics JSON goes beside it")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    args = p.parse_args(argv)
    if args.quick:
        args.steps = min(args.steps, QUICK_STEPS)
    args.out = args.out or output(in_world(CHECKPOINT, args.world), args.quick)
    if not args.out.endswith(".pt"):
        raise UsageError(f"--out must end in .pt, got {args.out!r}")
    return args


def main(argv=None):
    args = parse_args(argv)
    device = resolve_device(args.device)
    torch.manual_seed(args.seed)   # the flow-matching noise x0 and times s come from torch's generator
    model = FlowNet(prediction=args.prediction)
    config = {**vars(args), "world": args.world.name, **flow_config(model), "parameters": count_parameters(model)}
    del config["device"], config["quiet"]   # how it ran, not what it is: they go to the timing file
    print(f"FlowNet, {config['parameters']:,} parameters, {args.prediction} prediction, {args.world.name} world, "
          f"on {device}; {args.steps} steps of {args.batch_size} pairs")

    heldout = make_heldout(n=32 if args.quick else CHECK_PAIRS, world=args.world)
    # eval_points=0: train()'s held-out curve calls model(x) with one argument; the check below replaces it.
    history = train(model, device, heldout, steps=args.steps, seed=args.seed, world=args.world,
                    loss_fn=flow_matching_loss, batch_size=args.batch_size, lr=args.lr, warmup=RECIPE["warmup"],
                    eval_points=0, progress=not args.quiet)
    model = model.cpu().to(memory_format=torch.contiguous_format)
    samples = sample_frames(model, heldout["frame_t"], NFE, seed=args.seed)[:, None]
    error, _ = nearest_future(samples, heldout["col_t"])
    check = {"pairs": len(samples), "nfe": NFE, "sample_to_nearest_future": float(error.mean()),
             "valid_share": float(one_ball(samples, heldout["col_t"]).mean())}
    final_loss = float(np.mean(history["loss"][-100:]))
    save_run(args.out, model, config, {"config": config, "final_train_loss": final_loss, "heldout_check": check,
                                       "loss": history["loss"]},
             timing={"train_time_s": history["train_time_s"], "process_cpu_s": time.process_time(), "device": str(device),
                     "threads": torch.get_num_threads(), "torch": torch.__version__})
    print(f"final training loss {final_loss:.5f}; held-out samples at NFE {NFE}: MSE to the nearer future "
          f"{check['sample_to_nearest_future']:.5f}, valid single balls {check['valid_share']:.1%}")
    print(f"training time {history['train_time_s']:.1f} s on {device}")
    print(f"wrote {args.out}, {beside(args.out, '.json')} and {beside(args.out, '.timing.json')}")


if __name__ == "__main__":
    run_main(main)
