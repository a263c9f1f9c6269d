"""Claim: the blur is not a capacity problem. Bigger encoder, longer training, a transformer: same blur.

Each variant trains with MSE on the one-frame task and is scored on the same held-out pairs: MSE /
Bayes floor, the distance of its prediction from the exact E[y|x], and its smear (weight of the fainter
ghost). If the article is right, better models move *towards* E[y|x] (distance -> 0) and keep the smear.
Writes results/capacity.json (wall times beside it, in capacity.timing.json); fig_capacity.py draws it.
With --world digits the variants train with that world's recipe and are scored on held-out digits, with the
share of E[y|x]'s position-specific part they draw in place of the smear: results/digits/capacity.json.

    python part1_pixel/claims/exp_capacity.py                  # every variant
    python part1_pixel/claims/exp_capacity.py --only transformer
    python part1_pixel/claims/exp_capacity.py --quick          # smoke run into runs/quick/
    python part1_pixel/claims/exp_capacity.py --world digits   # the digits world
"""
import os

import torch

from cli import add_world, at_least, experiment_parser, parse_experiment_args, run_main
from common.data import heldout_pairs, make_heldout
from common.digits import DIGITS
from common.files import beside, load_json, save_json
from common.models import WIDTHS, PatchTransformer, PixelPredictor, count_parameters
from common.smear import blur_numbers
from common.training import evaluate, recipe_of, train
from common.world import ARTICLE

# name: (network, encoder width multiple, steps multiple, learning rate; None = the recipe's)
VARIANTS = {
    "default": ("convnet", 1, 1, None),
    "encoder x2": ("convnet", 2, 1, None),
    "encoder x4": ("convnet", 4, 1, 1e-3),   # a smaller step for a network this wide (not tuned)
    "steps x4": ("convnet", 1, 4, None),
    "steps x16": ("convnet", 1, 16, None),
    "transformer": ("transformer", 1, 1, 1e-3),   # a smaller step, as usual for transformers (not tuned)
}
QUICK_STEPS = 2   # 'steps x16' then trains 32 steps
COMMAND = "python part1_pixel/claims/exp_capacity.py"
CAPACITY_WORLDS = {w.name: w for w in (ARTICLE, DIGITS)}


def build(network, widen, options):
    """The variant's network; a ConvNet takes the world's PixelPredictor options (the digits world's coordinate
    planes), the transformer has none (its patch positions are learned)."""
    return PatchTransformer() if network == "transformer" else PixelPredictor(tuple(widen * w for w in WIDTHS), **options)


def run_variant(name, base_steps, device, heldout, seed, progress=True, world=ARTICLE):
    network, widen, multiple, lr = VARIANTS[name]
    _, recipe, options = recipe_of(world)
    torch.manual_seed(seed)
    model = build(network, widen, options)
    steps, lr = base_steps * multiple, lr or recipe["lr"]
    history = train(model, device, heldout, steps=steps, seed=seed, world=world, batch_size=recipe["batch_size"],
                    lr=lr, eval_points=0, progress=progress)
    row = {"name": name, "parameters": count_parameters(model), "steps": steps, "lr": lr, **evaluate(model, heldout, device)}
    if world is DIGITS:   # evaluate adds the position-specific share; the ball's smear has no meaning here
        shape = f"position-specific share {row['position_specific_share']:.3f}"
    else:
        blur = blur_numbers(model, ARTICLE, 30.5, device)
        row.update(smear=blur["smear"]["summary"]["model"], share_corr_ambiguous=blur["share_vs_data"]["corr_ambiguous"])
        shape = (f"smear mid {row['smear']['ambiguous_zone']:.3f} walls {row['smear']['walls']:.3f}  "
                 f"ghost share vs data r = {row['share_corr_ambiguous']:.2f}")
    print(f"{name:12s} {row['parameters']:>10,d} params {steps:>7d} steps  MSE/floor {row['ratio_to_bayes']:.3f}  "
          f"distance to E[y|x] {row['distance_to_oracle']:.5f}  {shape}  ({history['train_time_s']:.0f} s)", flush=True)
    return row, history["train_time_s"]


def main(argv=None):
    p = experiment_parser("exp_capacity.py", __doc__, out="results/capacity.json")
    add_world(p, CAPACITY_WORLDS)
    p.add_argument("--only", action="append", choices=list(VARIANTS), help="run only this variant (repeatable)")
    p.add_argument("--steps", type=at_least(1), help="base steps (default: the world's recipe); 'steps x4' trains 4 times as long")
    args, device = parse_experiment_args(p, argv, QUICK_STEPS)
    args.steps = args.steps or recipe_of(args.world)[0]
    names = args.only or list(VARIANTS)
    kept = []   # re-running some variants keeps the others' rows; read them now, not after the training
    if args.only and os.path.exists(args.out):
        earlier = load_json(args.out, COMMAND)
        if earlier.get("base_steps") == args.steps:
            kept = [r for r in earlier.get("rows", []) if r.get("name") in VARIANTS and r["name"] not in names]
        else:
            print(f"{args.out} has base steps {earlier.get('base_steps')}, not {args.steps}: its rows are replaced")
    heldout = make_heldout(heldout_pairs(args.quick), world=args.world)
    runs = [run_variant(name, args.steps, device, heldout, args.seed, world=args.world) for name in names]
    rows = sorted([row for row, _ in runs] + kept, key=lambda r: list(VARIANTS).index(r["name"]))
    save_json({"world": args.world.name, "base_steps": args.steps, "seed": args.seed, "bayes_floor": heldout["bayes_floor"], "rows": rows}, args.out)
    save_json({"device": str(device), "threads": torch.get_num_threads(),
               "train_time_s": {name: seconds for name, (_, seconds) in zip(names, runs)}}, beside(args.out, ".timing.json"))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    run_main(main)
