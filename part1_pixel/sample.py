"""Draw samples of the next frame from a trained sampler: flow matching (part1_pixel/train_sampler.py) or
frame tokens (part1_pixel/train_token_sampler.py); the checkpoint's config says which.

    python part1_pixel/sample.py --x 32 --n 16 --out samples.npy             # a ball at column 32
    python part1_pixel/sample.py --frame in.npy --n 16 --out samples.npy     # any (64, 64) input frame
    python part1_pixel/sample.py --quick                                     # the --quick checkpoint, into runs/quick/

    python part1_pixel/sample.py --checkpoint checkpoints/token_sampler.pt --x 32   # the token sampler

Writes a float32 array (N, 64, 64). From Python: common.flow.sample_next_frames(model, frame, n=, nfe=, seed=)
for the flow sampler, common.tokens.token_sample_frames(model, frames, seed=) for the token sampler.
"""

import numpy as np

from cli import (
    SAMPLER_CHECKPOINT,
    ArgumentParser,
    UsageError,
    add_quick,
    add_seed,
    at_least,
    check_memory,
    hint,
    npy_out,
    output,
    run_main,
)
from common.files import atomic_write, load_frames, load_run
from common.flow import NFE, sample_next_frames
from common.tokens import is_token_config, sampler_net, token_sample_frames
from common.world import BALL_RADIUS, FRAME_SIZE, render_frame

CHECKPOINT = SAMPLER_CHECKPOINT


def parse_args(argv=None):
    p = ArgumentParser(prog="sample.py", description=__doc__.split("\n")[0])
    p.add_argument("--checkpoint", help=f"train_sampler.py or train_token_sampler.py checkpoint (default {CHECKPOINT})")
    p.add_argument("--x", type=float, help=f"column of the input ball, in [{BALL_RADIUS}, {FRAME_SIZE - BALL_RADIUS}]")
    p.add_argument("--frame", help="an input frame instead: a .npy file holding a (64, 64) array")
    p.add_argument("--n", type=at_least(1), default=16, help="number of samples")
    p.add_argument("--nfe", type=at_least(1), default=NFE, help="Euler steps (network evaluations per sample; flow only)")
    add_seed(p)
    add_quick(p)
    p.add_argument("--out", help="output .npy (default samples.npy)")
    args = p.parse_args(argv)
    if args.quick and args.x is None and args.frame is None:
        args.x = 32.0
    if (args.x is None) == (args.frame is None):
        raise UsageError("give exactly one of --x COLUMN and --frame in.npy")
    if args.x is not None and not BALL_RADIUS <= args.x <= FRAME_SIZE - BALL_RADIUS:
        raise UsageError(f"--x must be in [{BALL_RADIUS}, {FRAME_SIZE - BALL_RADIUS}], got {args.x}")
    args.checkpoint = args.checkpoint or output(CHECKPOINT, args.quick)
    args.out = npy_out(args.out, "samples.npy", args.quick)
    check_memory(args.n * FRAME_SIZE * FRAME_SIZE * 4 * 8, "--n")   # the samples and the network's activations
    return args


def main(argv=None):
    args = parse_args(argv)
    frame = load_frames(args.frame, batch=False) if args.frame else None
    model, config = load_run(args.checkpoint, sampler_net, hint("python part1_pixel/train_sampler.py", args))
    if is_token_config(config) and "nfe" in args.given:
        raise UsageError(f"{args.checkpoint} is a token sampler: --nfe applies to the flow sampler only")
    if is_token_config(config):
        frame = render_frame(args.x) if frame is None else frame
        samples = token_sample_frames(model, np.broadcast_to(frame, (args.n, FRAME_SIZE, FRAME_SIZE)), seed=args.seed)
        how = "frame tokens at temperature 1"
    else:
        samples = sample_next_frames(model, frame, x=args.x, n=args.n, nfe=args.nfe, seed=args.seed)
        how = f"NFE {args.nfe}"
    atomic_write(args.out, lambda tmp: np.save(tmp, samples.astype(np.float32)))
    print(f"wrote {args.out}: {args.n} samples, float32 {samples.shape}, {how}, seed {args.seed}")



if __name__ == "__main__":
    run_main(main)
