"""Train the article's PixelPredictor to predict the next frame from one frame.

    python part1_pixel/train.py                          # the recipe of common/training.py
    python part1_pixel/train.py --world biased           # the world whose data is visibly biased
    python part1_pixel/train.py --world digits           # Stochastic Moving Digits, with its own recipe
    python part1_pixel/train.py --world digits --network decoder   # the article's decoder there: pixel-decoder.pt
    python part1_pixel/train.py --quick                  # smoke run into runs/quick/

The loop is common/training.py: train(); with --loss mse each step is the article's
`loss = F.mse_loss(model(x_t), x_next)` (common/losses.py). Writes the checkpoint (state_dict under
"model", settings under "config"), its metrics beside it (.json: the loss of every step, a held-out
curve, the held-out MSE next to the zeros, copy and Bayes floors) and the wall times (.timing.json,
not committed). The Bayes floor is the MSE of the exact E[y|x]: no model shown one frame goes below it.
The digits world is scored on held-out digits ("heldout") and on training digits ("heldout_training_digits"),
each with the share of E[y|x]'s position-specific part the model draws (common/digits_readout.py).
"""
import torch

from cli import (
    LEARNING_RATE,
    ArgumentParser,
    UsageError,
    add_run_flags,
    at_least,
    in_world,
    parse_run_args,
    report_run,
    run_config,
    run_main,
)
from common.data import PAIR_WORLDS, heldout_pairs, heldout_sets
from common.digits import DIGITS
from common.files import save_run
from common.losses import LOSSES
from common.models import WIDTHS, PixelPredictor, count_parameters
from common.training import evaluate, networks_of, recipe_of, timing, train
from common.world import ARTICLE

CHECKPOINT = "checkpoints/pixel.pt"   # the article world's; another world's goes in a subfolder
QUICK_STEPS = 30


def parse_args(argv=None):
    p = ArgumentParser(prog="train.py", description=__doc__.split("\n")[0])
    p.add_argument("--steps", type=at_least(1), help=f"optimizer steps {world_default('steps')}")
    p.add_argument("--batch-size", type=at_least(1), help=f"pairs per step {world_default('batch_size')}")
    p.add_argument("--lr", type=LEARNING_RATE, help=f"peak AdamW learning rate {world_default('lr')}")
    p.add_argument("--loss", choices=sorted(LOSSES), default="mse", help="training objective (common/losses.py)")
    p.add_argument("--network", help="digits world: shifts (default) or decoder")
    add_run_flags(p, CHECKPOINT + ", -seedS or -NETWORK beside it, checkpoints/losses/ for a loss",
                  worlds=PAIR_WORLDS)
    return parse_run_args(p, argv, default_out, QUICK_STEPS, world_defaults=flag_defaults)


def flag_defaults(world):
    """The world's recipe as this script's flags (a flag given on the command line wins)."""
    steps, recipe, _ = recipe_of(world)
    return {"steps": steps, "batch_size": recipe["batch_size"], "lr": recipe["lr"],
            "network": next(iter(networks_of(world)))}


def network_options(args):
    """The PixelPredictor options of --network, which must be one of the world's networks."""
    networks = networks_of(args.world)
    if args.network not in networks:
        raise UsageError(f"--network {args.network!r} is not one of the {args.world.name} world's: {', '.join(networks)}")
    return networks[args.network]


def world_default(flag):
    """The defaults of a flag for --help: the article world's, and the digits world's (common/training.py)."""
    return f"(default: {flag_defaults(ARTICLE)[flag]:g}; digits world: {flag_defaults(DIGITS)[flag]:g})"


def default_out(args):
    """Seed 0 of the MSE model is the world's default checkpoint, another seed goes beside it (where
    run_all.sh --seeds puts it), another loss where run_losses.sh puts it: no default overwrites another."""
    if args.loss != "mse":
        return f"checkpoints/losses/{args.world.name}/{args.loss}-seed{args.seed}.pt"
    name = CHECKPOINT if args.seed == 0 else CHECKPOINT.replace(".pt", f"-seed{args.seed}.pt")
    network_options(args)   # an unknown network stops here, before any work
    if args.network != flag_defaults(args.world)["network"]:
        name = name.replace(".pt", f"-{args.network}.pt")
    return in_world(name, args.world)


def print_table(name, result):
    rows = [("held-out MSE", result["mse"]), ("Bayes floor (exact E[y|x])", result["bayes_floor"]),
            ("copy-the-input MSE", result["copy_floor"]), ("all-zeros MSE", result["zeros_floor"])]
    print(f"\n{name:28s} MSE per pixel")
    for row, value in rows:
        print(f"{row:28s} {value:.5f}")
    print(f"{'MSE / Bayes floor':28s} {result['ratio_to_bayes']:.3f}")
    print(f"{'distance to E[y|x]':28s} {result['distance_to_oracle']:.5f}")
    if "position_specific_share" in result:
        print(f"{'position-specific share':28s} {result['position_specific_share']:.3f}")


def main(argv=None):
    args, device = parse_args(argv)
    torch.manual_seed(args.seed)
    _, recipe, _ = recipe_of(args.world)
    options = network_options(args)
    model = PixelPredictor(WIDTHS, **options)
    pairs = heldout_pairs(args.quick)
    config = run_config(args, recipe=recipe, encoder_widths=list(WIDTHS), **options,
                        parameters=count_parameters(model), heldout_pairs=pairs)
    print(f"PixelPredictor, {config['parameters']:,} parameters, {args.loss} loss, {args.world.name} world, on {device}; "
          f"{args.steps} steps of {args.batch_size} pairs")

    sets = heldout_sets(pairs, world=args.world)
    history = train(model, device, sets["heldout"], steps=args.steps, seed=args.seed, world=args.world,
                    loss_fn=LOSSES[args.loss], batch_size=args.batch_size, lr=args.lr,
                    **{k: v for k, v in recipe.items() if k not in ("batch_size", "lr")}, progress=not args.quiet)
    results = {name: evaluate(model, heldout, device) for name, heldout in sets.items()}
    final_loss = sum(history["loss"][-50:]) / len(history["loss"][-50:])
    save_run(args.out, model.cpu(), config,
             {"config": config, **results, "final_train_loss": final_loss, "loss": history["loss"],
              "heldout_curve": history["heldout_curve"]},
             timing=timing(history, device))
    for name, result in results.items():
        print_table(name, result)
    report_run(args.out, history["train_time_s"], device)


if __name__ == "__main__":
    run_main(main)
