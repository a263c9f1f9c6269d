"""Train the flow-matching sampler of the next frame (common/flow.py), which is not told how many futures there are.

    python part1_pixel/train_sampler.py                  # the defaults below -> checkpoints/sampler.pt
    python part1_pixel/train_sampler.py --world biased   # the world whose data is visibly biased -> checkpoints/biased/sampler.pt
    python part1_pixel/train_sampler.py --quick          # smoke run into runs/quick/

The loop is common/training.py: train() with loss_fn = flow_matching_loss (Lipman et al. 2022; Liu et al. 2022).
Writes the checkpoint (state_dict under "model", settings under "config"), its metrics beside it (.json:
the loss of every step, and a check on held-out inputs: samples at the default NFE, their MSE to the nearer
true next frame and their share of valid single balls) and the wall times (.timing.json, not committed).
"""
import functools
import time

import numpy as np
import torch

import cli
from common.data import make_heldout
from common.files import save_run
from common.flow import (
    NFE,
    PREDICTION,
    PREDICTIONS,
    RECIPE,
    STEPS,
    TIME_POWER,
    WIDTHS,
    FlowNet,
    flow_config,
    flow_matching_loss,
    sample_frames,
)
from common.models import count_parameters
from common.smear import nearest_future, one_ball
from common.training import timing, train

CHECKPOINT = cli.SAMPLER_CHECKPOINT   # the article world's; another world's goes in a subfolder
QUICK_STEPS = 30
CHECK_PAIRS = 512   # held-out inputs sampled once at the end of training (32 with --quick)


def parse_args(argv=None):
    p = cli.ArgumentParser(prog="train_sampler.py", description=__doc__.split("\n")[0])
    p.add_argument("--steps", type=cli.at_least(1), default=STEPS, help="optimizer steps")
    p.add_argument("--batch-size", type=cli.at_least(1), default=RECIPE["batch_size"], help="pairs per step")
    p.add_argument("--lr", type=cli.LEARNING_RATE, default=RECIPE["lr"], help="peak AdamW learning rate")
    p.add_argument("--time-power", type=cli.at_least(1.0, float), default=TIME_POWER,
                   help="training flow times s = u ** POWER, u ~ U(0, 1): above 1 trains more often near the noise")
    p.add_argument("--widths", type=cli.at_least(1), nargs=len(WIDTHS), default=list(WIDTHS), metavar="C",
                   help="channels of the four stride-2 convolutions")
    p.add_argument("--prediction", choices=PREDICTIONS, default=PREDICTION,
                   help="what the network outputs: the clean next frame or the velocity x1 - x0")
    cli.add_run_flags(p, CHECKPOINT)
    return cli.parse_run_args(p, argv, CHECKPOINT, QUICK_STEPS)


def main(argv=None):
    args, device = parse_args(argv)
    torch.manual_seed(args.seed)   # the flow-matching noise x0 and times s come from torch's generator
    model = FlowNet(tuple(args.widths), prediction=args.prediction)
    config = cli.run_config(args, **flow_config(model), parameters=count_parameters(model))
    print(f"FlowNet, {config['parameters']:,} parameters, {args.prediction} prediction, {args.world.name} world, "
          f"on {device}; {args.steps} steps of {args.batch_size} pairs")

    heldout = make_heldout(n=32 if args.quick else CHECK_PAIRS, world=args.world)
    # eval_points=0: train()'s held-out curve calls model(x) with one argument; the check below replaces it.
    history = train(model, device, heldout, steps=args.steps, seed=args.seed, world=args.world,
                    loss_fn=functools.partial(flow_matching_loss, time_power=args.time_power),
                    batch_size=args.batch_size, lr=args.lr, warmup=RECIPE["warmup"],
                    eval_points=0, progress=not args.quiet)
    model = model.cpu().to(memory_format=torch.contiguous_format)
    samples = sample_frames(model, heldout["frame_t"], NFE, seed=args.seed)[:, None]
    error, _ = nearest_future(samples, heldout["col_t"])
    check = {"pairs": len(samples), "nfe": NFE, "sample_to_nearest_future": float(error.mean()),
             "valid_share": float(one_ball(samples, heldout["col_t"]).mean())}
    final_loss = float(np.mean(history["loss"][-100:]))
    save_run(args.out, model, config, {"config": config, "final_train_loss": final_loss, "heldout_check": check,
                                       "loss": history["loss"]},
             timing=timing(history, device, process_cpu_s=time.process_time()))
    print(f"final training loss {final_loss:.5f}; held-out samples at NFE {NFE}: MSE to the nearer future "
          f"{check['sample_to_nearest_future']:.5f}, valid single balls {check['valid_share']:.1%}")
    cli.report_run(args.out, history["train_time_s"], device)


if __name__ == "__main__":
    cli.run_main(main)
