"""Train the LLM-style sampler of the next frame (common/tokens.py): frame tokens predicted one at a time with
cross-entropy, not told how many futures there are.

    python part1_pixel/train_token_sampler.py                  # the defaults below
    python part1_pixel/train_token_sampler.py --world biased   # the world whose data is visibly biased
    python part1_pixel/train_token_sampler.py --quick          # smoke run into runs/quick/

First a k-means codebook of 8x8 patches is fitted on training next frames (their own random stream), then
the model trains with common/training.py's loop on fresh pairs, loss_fn = token_loss. Writes the checkpoint
(its config says kind "tokens", so part1_pixel/sample.py --checkpoint draws from it), its metrics beside it
(.json: the codebook's reconstruction MSE, the loss of every step, and a check on held-out inputs: samples
at temperature 1, their MSE to the nearer true next frame and their share of valid single balls) and the
wall times (.timing.json, not committed).
"""
import time

import numpy as np
import torch

import cli
from common.data import make_heldout, stream_rng
from common.files import save_run
from common.models import count_parameters
from common.smear import nearest_future, one_ball
from common.tokens import (
    CODEBOOK,
    CODEBOOK_FRAMES,
    OVERVIEW,
    TokenSampler,
    decode,
    encode,
    fit_codebook,
    nearest,
    fit_overview,
    thumbnails,
    token_config,
    token_loss,
    token_sample,
)
from common.training import timing, train
from common.world import render_frames, sample_positions

CHECKPOINT = "checkpoints/token_sampler.pt"   # the article world's; another world's goes in a subfolder
STEPS = 6000
RECIPE = {"batch_size": 32, "lr": 1e-3, "warmup": 200}
QUICK_STEPS = 20
CHECK_PAIRS = 256   # held-out inputs sampled once at the end of training (16 with --quick)


def parse_args(argv=None):
    p = cli.ArgumentParser(prog="train_token_sampler.py", description=__doc__.split("\n")[0])
    p.add_argument("--steps", type=cli.at_least(1), default=STEPS, help="optimizer steps")
    p.add_argument("--batch-size", type=cli.at_least(1), default=RECIPE["batch_size"], help="pairs per step")
    p.add_argument("--lr", type=cli.at_least(1e-12, float), default=RECIPE["lr"], help="peak AdamW learning rate")
    p.add_argument("--codebook", type=cli.at_least(2), default=CODEBOOK, help="k-means entries of the patch codebook")
    p.add_argument("--overview", type=cli.at_least(0), default=OVERVIEW,
                   help="k-means entries of the overview codebook (the first token: the frame's 8x8 thumbnail); 0: none")
    cli.add_run_flags(p, CHECKPOINT)
    return cli.parse_run_args(p, argv, CHECKPOINT, QUICK_STEPS)


def main(argv=None):
    args, device = parse_args(argv)
    torch.manual_seed(args.seed)   # the weights and the check's samples
    rng = stream_rng(args.seed, "codebook")
    frames = render_frames(sample_positions(2000 if args.quick else CODEBOOK_FRAMES, rng, args.world)[:, -1])
    codebook = fit_codebook(frames, rng, args.codebook)
    reconstruction = float(((decode(encode(frames, codebook), codebook) - frames) ** 2).mean())
    overview = fit_overview(frames, rng, args.overview) if args.overview else None
    thumbs = thumbnails(frames)
    overview_error = float(((overview[nearest(thumbs, overview)] - thumbs) ** 2).mean()) if args.overview else None
    model = TokenSampler(codebook, overview)
    config = cli.run_config(args, **token_config(model), parameters=count_parameters(model))
    print(f"TokenSampler, {config['parameters']:,} parameters, codebook {args.codebook} entries (reconstruction MSE "
          f"{reconstruction:.2g}), {args.world.name} world, on {device}; {args.steps} steps of {args.batch_size} pairs")
    if args.overview:
        print(f"overview codebook {args.overview} entries (thumbnail reconstruction MSE {overview_error:.2g})")
    heldout = make_heldout(n=16 if args.quick else CHECK_PAIRS, world=args.world)
    history = train(model, device, heldout, steps=args.steps, seed=args.seed, world=args.world, loss_fn=token_loss,
                    batch_size=args.batch_size, lr=args.lr, warmup=RECIPE["warmup"], eval_points=0,
                    progress=not args.quiet)
    model = model.cpu().eval()
    samples = token_sample(model, torch.from_numpy(heldout["frame_t"][:, None]), torch.Generator().manual_seed(args.seed))
    samples = samples[:, :1].numpy()
    error, _ = nearest_future(samples, heldout["col_t"])
    check = {"pairs": len(samples), "sample_to_nearest_future": float(error.mean()),
             "valid_share": float(one_ball(samples, heldout["col_t"]).mean())}
    final_loss = float(np.mean(history["loss"][-100:]))
    save_run(args.out, model, config, {"config": config, "codebook_reconstruction_mse": reconstruction,
                                       "overview_reconstruction_mse": overview_error,
                                       "final_train_loss": final_loss, "heldout_check": check, "loss": history["loss"]},
             timing=timing(history, device, process_cpu_s=time.process_time()))
    print(f"final training loss {final_loss:.4f}; held-out samples at temperature 1: MSE to the nearer future "
          f"{check['sample_to_nearest_future']:.5f}, valid single balls {check['valid_share']:.1%}")
    cli.report_run(args.out, history["train_time_s"], device)


if __name__ == "__main__":
    cli.run_main(main)
