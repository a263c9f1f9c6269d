"""How fast does training reach the Bayes floor? The project's default vs a fixed reference, side by side.

Both configurations train in this one process, one after the other, on the same device with the same
thread count, and are scored on the same held-out pairs against the exact E[y|x].

The reference configuration (facts of a public companion setup, code written here):
  encoder  three 3x3 stride-2 convs 1 -> 16 -> 32 -> 64 with GELU, then Linear(64*8*8 -> 128)
  decoder  Linear(128 -> 64*8*8), three 4x4 stride-2 transposed convs 64 -> 32 -> 16 -> 1, GELU between, sigmoid
  training AdamW lr 3e-4, batch 64, 2000 steps, batches drawn from a fixed set of 4096 pairs of 24-frame episodes

    python bench/speed_to_floor.py                  # the real comparison
    python bench/speed_to_floor.py --world digits   # the same in the digits world, the project's digits recipe
    python bench/speed_to_floor.py --quick          # smoke test: both configurations, 1/40 of the steps (50 at most), into runs/quick/

Its JSON holds wall times by nature, so only this script rewrites it; run_all.sh does not run it.
"""
import platform
import time

import torch
from torch import nn

from cli import add_world, experiment_parser, parse_experiment_args, run_main
from common.data import PAIR_WORLDS, heldout_pairs, make_heldout
from common.files import save_json
from common.models import PixelPredictor, count_parameters
from common.training import evaluate, recipe_of, train


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


QUICK_STEPS = 50   # --quick: 1/40 of each configuration's steps, at most this many
REFERENCE = {"make_model": ReferencePredictor, "steps": 2000, "batch_size": 64, "lr": 3e-4, "schedule": "constant",
             "warmup": 0, "betas": (0.9, 0.999), "fixed_pairs": 4096}


def project(world):
    """The project's default for `world`: its recipe and PixelPredictor options (common/training.py)."""
    steps, recipe, options = recipe_of(world)
    return {"make_model": lambda: PixelPredictor(**options), "steps": steps, "fixed_pairs": 0, **recipe,
            "model_options": options}


def run(name, setting, device, heldout, seed, quick, world):
    setting = dict(setting)
    if quick:
        setting["steps"] = max(1, min(QUICK_STEPS, setting["steps"] // 40))
    torch.manual_seed(seed)
    model = setting.pop("make_model")()
    options = setting.pop("model_options", {})   # the model's, not train()'s
    start = time.perf_counter()
    train(model, device, heldout, seed=seed, world=world, eval_points=0, progress=True, **setting)
    wall = time.perf_counter() - start
    result = evaluate(model, heldout, device)
    print(f"  {name}: {wall:.1f} s, held-out MSE {result['mse']:.5f} = {result['ratio_to_bayes']:.3f} x Bayes floor")
    return {"name": name, "wall_s": wall, "parameters": count_parameters(model), **setting, **options, **result}


def main(argv=None):
    p = experiment_parser("speed_to_floor.py", __doc__, out="bench/results.json")
    add_world(p, PAIR_WORLDS)   # another world's results go to bench/WORLD/results.json
    args, device = parse_experiment_args(p, argv)
    heldout = make_heldout(heldout_pairs(args.quick), world=args.world)
    print(f"device {device}, {torch.get_num_threads()} threads, torch {torch.__version__}, {args.world.name} world")
    rows = [run("reference", REFERENCE, device, heldout, args.seed, args.quick, args.world),
            run("project default", project(args.world), device, heldout, args.seed, args.quick, args.world)]
    ratio = rows[1]["wall_s"] / rows[0]["wall_s"]

    print(f"\n{'configuration':16s} {'params':>9s} {'steps':>6s} {'batch':>6s} {'wall s':>8s} {'MSE':>8s} {'MSE/floor':>10s}")
    for r in rows:
        print(f"{r['name']:16s} {r['parameters']:9,d} {r['steps']:6d} {r['batch_size']:6d} {r['wall_s']:8.1f} "
              f"{r['mse']:8.5f} {r['ratio_to_bayes']:10.3f}")
    print(f"time project / reference: {ratio:.3f}   (Bayes floor {heldout['bayes_floor']:.5f})")
    save_json({"world": args.world.name, "device": str(device), "threads": torch.get_num_threads(), "torch": torch.__version__,
               "machine": platform.machine(), "processor": platform.processor(), "quick": args.quick,
               "rows": rows, "time_ratio": ratio}, args.out)


if __name__ == "__main__":
    run_main(main)
