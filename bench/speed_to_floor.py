"""How fast does training reach the Bayes floor? The project's default vs a fixed reference, side by side.

Both configurations train in this one process, one after the other, on the same device with the same
thread count, and are scored on the same held-out pairs against the exact E[y|x].

The reference configuration (facts of a public companion setup, code written here):
  encoder  three 3x3 stride-2 convs 1 -> 16 -> 32 -> 64 with GELU, then Linear(64*8*8 -> 128)
  decoder  Linear(128 -> 64*8*8), three 4x4 stride-2 transposed convs 64 -> 32 -> 16 -> 1, GELU between, sigmoid
  training AdamW lr 3e-4, batch 64, 2000 steps, batches drawn from a fixed set of 4096 pairs of 24-frame episodes

    python bench/speed_to_floor.py            # the real comparison (a few minutes on a 2-core CPU)
    python bench/speed_to_floor.py --quick    # smoke test: both configurations, few steps
"""
import platform
import time

import torch
from torch import nn

from common.device import DEVICES
from common.models import PixelPredictor, count_parameters
from common.training import evaluate, make_heldout, train
from part1_pixel import train as train_script
from part1_pixel.cli import ArgumentParser, at_least, prepare_dir, resolve_device, run_main, save_json


class ReferencePredictor(nn.Module):
    """The reference configuration's encoder-decoder (about 1.1M parameters)."""

    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 16, 3, stride=2, padding=1), nn.GELU(),
            nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.GELU(),
            nn.Conv2d(32, 64, 3, stride=2, padding=1), nn.GELU(),
            nn.Flatten(), nn.Linear(64 * 8 * 8, 128))
        self.decoder = nn.Sequential(
            nn.Linear(128, 64 * 8 * 8), nn.Unflatten(1, (64, 8, 8)),
            nn.ConvTranspose2d(64, 32, 4, stride=2, padding=1), nn.GELU(),
            nn.ConvTranspose2d(32, 16, 4, stride=2, padding=1), nn.GELU(),
            nn.ConvTranspose2d(16, 1, 4, stride=2, padding=1), nn.Sigmoid())

    def forward(self, x):
        return self.decoder(self.encoder(x))


REFERENCE = {"make_model": ReferencePredictor, "steps": 2000, "batch_size": 64, "lr": 3e-4, "schedule": "constant",
             "warmup": 0, "betas": (0.9, 0.999), "fixed_pairs": 4096, "channels_last": False}
PROJECT = {"make_model": lambda: PixelPredictor(output=train_script.OUTPUT), "steps": train_script.STEPS,
           "fixed_pairs": 0, **train_script.RECIPE}


def run(name, setting, device, heldout, seed, quick):
    setting = dict(setting)
    if quick:
        setting["steps"] = max(1, setting["steps"] // 40)
    torch.manual_seed(seed)
    model = setting.pop("make_model")()
    start = time.perf_counter()
    train(model, device, heldout, seed=seed, eval_points=0, progress=True, **setting)
    wall = time.perf_counter() - start
    result = evaluate(model, heldout, device)
    print(f"  {name}: {wall:.1f} s, held-out MSE {result['mse']:.5f} = {result['ratio_to_bayes']:.3f} x Bayes floor")
    return {"name": name, "wall_s": wall, "parameters": count_parameters(model), **setting, **result}


def main(argv=None):
    p = ArgumentParser(prog="speed_to_floor.py", description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="1/40 of the steps: a smoke test, not a measurement")
    p.add_argument("--device", default="auto", help=f"one of {', '.join(DEVICES)}")
    p.add_argument("--seed", type=at_least(0), default=0, help="seed of both runs")
    p.add_argument("--out", default="bench/results.json", help="JSON with both rows")
    args = p.parse_args(argv)
    device = resolve_device(args.device)
    prepare_dir(args.out)
    heldout = make_heldout()
    print(f"device {device}, {torch.get_num_threads()} threads, torch {torch.__version__}")
    rows = [run("reference", REFERENCE, device, heldout, args.seed, args.quick),
            run("project default", PROJECT, device, heldout, args.seed, args.quick)]
    ratio = rows[1]["wall_s"] / rows[0]["wall_s"]

    print(f"\n{'configuration':16s} {'params':>9s} {'steps':>6s} {'batch':>6s} {'wall s':>8s} {'MSE':>8s} {'MSE/floor':>10s}")
    for r in rows:
        print(f"{r['name']:16s} {r['parameters']:9,d} {r['steps']:6d} {r['batch_size']:6d} {r['wall_s']:8.1f} "
              f"{r['mse']:8.5f} {r['ratio_to_bayes']:10.3f}")
    print(f"time project / reference: {ratio:.3f}   (Bayes floor {heldout['bayes_floor']:.5f})")
    save_json({"device": str(device), "threads": torch.get_num_threads(), "torch": torch.__version__,
               "machine": platform.machine(), "processor": platform.processor(), "quick": args.quick,
               "rows": rows, "time_ratio": ratio}, args.out)


if __name__ == "__main__":
    run_main(main)
