"""Train the LLM-style sampler of the next frame (common/tokens.py): frame tokens predicted one at a time with
cross-entropy, not told how many futures there are.

    python part1_pixel/train_token_sampler.py                  # the defaults below
    python part1_pixel/train_token_sampler.py --world biased   # the world whose data is visibly biased
    python part1_pixel/train_token_sampler.py --quick          # smoke run into runs/quick/

First two k-means codebooks are fitted on training next frames (their own random stream): 8x8 patches, and
the frames' 8x8 thumbnails (the overview token, the first of the sequence). Then the model trains with
common/training.py's loop on fresh pairs, loss_fn = token_loss, and at the end the head's overview rows are
refitted by maximum likelihood on --refit-pairs fresh pairs (common.tokens.refit_overview; the network is
frozen). Writes the checkpoint (its config says kind "tokens", so part1_pixel/sample.py --checkpoint draws
from it), the same network before the refit beside it (_no_refit.pt), its metrics (.json: the codebooks'
reconstruction MSE, the loss of every step, the refit's cross-entropy before and after, and a check on
held-out inputs: samples at temperature 1, their MSE to the nearer true next frame and their share of valid
single balls) and the wall times (.timing.json, not committed).
"""
import time

import numpy as np
import torch

import cli
from common.data import make_heldout, stream_rng
from common.files import atomic_write, beside, save_run
from common.models import count_parameters
from common.smear import nearest_future, one_ball
from common.tokens import (
    CODEBOOK,
    CODEBOOK_FRAMES,
    OVERVIEW,
    REFIT_PAIRS,
    TokenSampler,
    decode,
    encode,
    fit_codebook,
    fit_overview,
    nearest,
    refit_overview,
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
    p.add_argument("--lr", type=cli.LEARNING_RATE, default=RECIPE["lr"], help="peak AdamW learning rate")
    p.add_argument("--codebook", type=cli.at_least(2), default=CODEBOOK, help="k-means entries of the patch codebook")
    p.add_argument("--overview", type=cli.at_least(0), default=OVERVIEW,
                   help="k-means entries of the overview codebook (the first token: the frame's 8x8 thumbnail); 0: none")
    p.add_argument("--refit-pairs", type=cli.at_least(0), default=REFIT_PAIRS,
                   help="fresh pairs the overview read-out is refitted on after training; 0: no refit")
    cli.add_run_flags(p, CHECKPOINT)
    args, device = cli.parse_run_args(p, argv, CHECKPOINT, QUICK_STEPS)
    cli.quick_sizes(args, refit_pairs=2000)
    # the logits of a batch (64 patches and the overview token, each scoring every entry), their gradient and
    # the softmax's copy; the refit's pairs as positions before they are counted per frame
    cli.check_memory(3 * 4 * args.batch_size * 65 * (args.codebook + args.overview), "--codebook / --overview")
    cli.check_memory(8 * 8 * args.refit_pairs, "--refit-pairs")
    return args, device


def main(argv=None):
    args, device = parse_args(argv)
    began = time.perf_counter()   # the whole run: codebooks, training, refit and check
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
    refit, start = None, time.perf_counter()
    if args.overview and args.refit_pairs:
        unrefitted = {"model": {k: v.clone() for k, v in model.state_dict().items()}, "config": config}
        before, after = refit_overview(model, args.seed, args.refit_pairs, world=args.world,
                                       progress=not args.quiet)
        refit = {"pairs": args.refit_pairs, "cross_entropy_before": before,
                 "cross_entropy_after": after, "seconds": time.perf_counter() - start}
        print(f"overview read-out refitted on {refit['pairs']:,} fresh pairs: its cross-entropy {before:.4f} -> "
              f"{after:.4f} ({refit['seconds']:.0f} s)")
    samples = token_sample(model, torch.from_numpy(heldout["frame_t"][:, None]), torch.Generator().manual_seed(args.seed))
    samples = samples[:, :1].numpy()
    error, _ = nearest_future(samples, heldout["col_t"])
    check = {"pairs": len(samples), "sample_to_nearest_future": float(error.mean()),
             "valid_share": float(one_ball(samples, heldout["col_t"]).mean())}
    final_loss = float(np.mean(history["loss"][-100:]))
    save_run(args.out, model, config, {"config": config, "codebook_reconstruction_mse": reconstruction,
                                       "overview_reconstruction_mse": overview_error,
                                       "final_train_loss": final_loss, "overview_refit": refit, "heldout_check": check, "loss": history["loss"]},
             timing=timing(history, device, process_cpu_s=time.process_time(), total_s=time.perf_counter() - began,
                           refit_s=refit["seconds"] if refit else 0.0))
    if refit:   # the same network before the refit, to measure what the refit changed
        atomic_write(beside(args.out, "_no_refit.pt"), lambda tmp: torch.save(unrefitted, tmp))
    print(f"final training loss {final_loss:.4f}; held-out samples at temperature 1: MSE to the nearer future "
          f"{check['sample_to_nearest_future']:.5f}, valid single balls {check['valid_share']:.1%}")
    print(f"whole run (codebooks, training, refit, check) {time.perf_counter() - began:.0f} s")
    cli.report_run(args.out, history["train_time_s"], device)
    if refit:
        print(f"wrote {beside(args.out, '_no_refit.pt')} (the network before the refit)")


if __name__ == "__main__":
    cli.run_main(main)
