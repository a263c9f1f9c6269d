"""Embeddings of any frames by a trained JEPA's encoder, so anyone can probe it.

    python part2_jepa/embed.py --checkpoint checkpoints/jepa/biased/sigreg_seed0.pt --frames frames.npy --out z.npy

frames.npy: an array (N, 64, 64) of frames (values as the renderer makes them, 0 to 1). z.npy: (N, 128)
float32. From Python, the same in three lines:

    from common.files import load_frames, load_run
    from common.jepa import embed, jepa_model
    model, _ = load_run("checkpoints/jepa/biased/sigreg_seed0.pt", jepa_model, "part2_jepa/train.py")
    z = embed(model.encoder, frames)
"""

import numpy as np

from cli import ArgumentParser, add_device, add_quick, npy_out, resolve_device, run_main
from common.files import atomic_write, load_frames, load_run
from common.jepa import embed, jepa_checkpoint, jepa_model

TRAIN_COMMAND = "python part2_jepa/train.py"


def parse_args(argv=None):
    p = ArgumentParser(prog="embed.py", description=__doc__.split("\n")[0])
    p.add_argument("--checkpoint", default=jepa_checkpoint("sigreg", 0), help="a part2_jepa/train.py checkpoint")
    p.add_argument("--frames", required=True, help="a .npy array of frames, shape (N, 64, 64)")
    p.add_argument("--out", help="where to write the embeddings (.npy, shape (N, 128)); default z.npy, "
                                 "under runs/quick/ with --quick")
    add_device(p)
    add_quick(p)
    args = p.parse_args(argv)
    args.out = npy_out(args.out, "z.npy", args.quick)
    return args


def main(argv=None):
    args = parse_args(argv)
    device = resolve_device(args.device)
    frames = load_frames(args.frames)
    model, config = load_run(args.checkpoint, jepa_model, TRAIN_COMMAND)
    z = embed(model.encoder, frames, device)
    atomic_write(args.out, lambda tmp: np.save(tmp, z))
    print(f"embedded {len(frames)} frames with the {config.get('loss', '?')} encoder of {args.checkpoint}: "
          f"wrote {args.out}, shape {z.shape}")


if __name__ == "__main__":
    run_main(main)
