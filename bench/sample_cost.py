"""What a sample costs: milliseconds per sample of every sampler, beside one pass of the MSE model, in one process.

    python bench/sample_cost.py            # -> bench/sample_cost.json (run it on an otherwise idle machine)
    python bench/sample_cost.py --quick    # smoke run into runs/quick/

The one definition of cost that the pages quote: wall milliseconds per sample at the default settings, in
batches of BATCH input frames, one thread, after one untimed batch, with the PixelPredictor's forward pass (the
MSE model's whole cost per frame) timed in the same process. A sample's compute does not depend on the weights
(a fixed number of network passes, a fixed number of tokens), so the networks are built untrained from the
default configs that the committed metrics record: no checkpoint is needed, and the two worlds, whose networks
are the same, share one cost. The flow sampler is also timed at every NFE of the sweep on docs/flow.md.
"""
import os
import platform
import time

import numpy as np
import torch

from cli import ArgumentParser, add_paths, add_quick, run_main
from common.files import git_commit, load_json, save_json
from common.flow import NFE, euler_sample, flow_net, for_sampling
from common.models import PixelPredictor
from common.tokens import token_net, token_sample
from common.world import render_frames

BATCH = 512                                # frames per batch, as measure_sampler.py samples them
SWEEP_NFES = (1, 2, 4, 8, 16, 32, 64)      # measure_sampler.py's sweep
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPEATS = 3                                # timed batches of the MSE model's pass (it is short)


def per_frame(fn, frames, repeats=1):
    """Wall seconds per frame of fn(frames), after one untimed call."""
    with torch.no_grad():
        fn(frames)
        start = time.perf_counter()
        for _ in range(repeats):
            fn(frames)
    return (time.perf_counter() - start) / (repeats * len(frames))


def main(argv=None):
    p = ArgumentParser(prog="sample_cost.py", description=__doc__.split("\n")[0])
    add_quick(p)
    add_paths(p, out="bench/sample_cost.json")   # checked by parse_args, under runs/quick/ with --quick
    args = p.parse_args(argv)
    out = args.out
    batch, nfes = (8, (1, 2)) if args.quick else (BATCH, SWEEP_NFES)
    torch.set_num_threads(1)
    torch.manual_seed(0)
    frames = torch.from_numpy(render_frames(np.linspace(20.5, 43.5, batch))[:, None])   # mid-frame balls
    flow_config = load_json("checkpoints/sampler.json", "python part1_pixel/train_sampler.py")["config"]
    token_config = load_json("checkpoints/token_sampler.json", "python part1_pixel/train_token_sampler.py")["config"]
    flow = for_sampling(flow_net(flow_config).eval())
    tokens = token_net(token_config).eval()
    generator = torch.Generator().manual_seed(0)
    mse_pass = per_frame(PixelPredictor().eval(), frames, REPEATS)
    seconds = {
        f"flow ODE (Euler, NFE {NFE})": per_frame(lambda f: euler_sample(flow, f, NFE, generator), frames),
        f"flow stochastic (ancestral, NFE {NFE})": per_frame(lambda f: euler_sample(flow, f, NFE, generator, eta=1.0),
                                                            frames),
        "LLM-style (frame tokens)": per_frame(lambda f: token_sample(tokens, f, generator), frames),
    }
    sweep = {str(n): per_frame(lambda f, n=n: euler_sample(flow, f, n, generator), frames) for n in nfes}
    for name, s in seconds.items():
        print(f"{name:40s} {s * 1e3:7.2f} ms per sample = {s / mse_pass:5.1f}x an MSE-model pass")
    print(f"{'MSE model (PixelPredictor forward pass)':40s} {mse_pass * 1e3:7.3f} ms per frame")
    save_json({"batch": batch, "threads": torch.get_num_threads(), "mse_model_seconds_per_frame": mse_pass,
               "seconds_per_sample": seconds, "flow_seconds_per_sample_by_nfe": sweep,
               "commit": git_commit(ROOT), "machine": platform.machine(), "torch": torch.__version__}, out)
    print(f"wrote {out}")


if __name__ == "__main__":
    run_main(main)
