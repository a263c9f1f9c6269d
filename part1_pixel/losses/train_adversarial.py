"""Train the PixelPredictor with a conditional adversarial loss plus MSE and gradient difference.

    python part1_pixel/losses/train_adversarial.py --world biased            # checkpoints/biased/adversarial.pt
    python part1_pixel/losses/train_adversarial.py --quick                   # smoke run into runs/quick/

The predictor G minimises lambda_adv * BCE(D(x, G(x)), real) + lambda_lp * MSE + lambda_gdl * GDL
(Mathieu, Couprie & LeCun 2016); D is a small conditional PatchGAN (Isola et al. 2017) that sees the input
frame and a next frame (common/models.py: Discriminator). The loop is common/adversarial.py. Writes the
predictor's checkpoint (loadable like train.py's, with common.models.pixel_predictor), its metrics beside
it (.json: G's and D's loss at every step, a held-out curve, the held-out MSE next to the floors) and the
wall times (.timing.json, not committed). The discriminator is not saved: only the predictor is measured.
"""
import torch

from cli import (
    ArgumentParser,
    UsageError,
    add_device,
    add_quick,
    add_seed,
    add_world,
    at_least,
    in_world,
    output,
    resolve_device,
    run_main,
)
from common.adversarial import D_LR, LAMBDA_ADV, LAMBDA_GDL, LAMBDA_LP, train_adversarial
from common.data import HELDOUT_PAIRS, make_heldout
from common.files import beside, save_run
from common.models import WIDTHS, Discriminator, PixelPredictor, count_parameters
from common.training import evaluate

CHECKPOINT = "checkpoints/adversarial.pt"   # the article world's; another world's goes in a subfolder
STEPS = 800         # the budget every loss gets in run_losses.sh (notes/losses.md)
QUICK_STEPS = 40


def parse_args(argv=None):
    p = ArgumentParser(prog="train_adversarial.py", description=__doc__.split("\n")[0])
    p.add_argument("--steps", type=at_least(1), default=STEPS, help="optimizer steps (one for D, one for G each)")
    p.add_argument("--lambda-adv", type=at_least(0.0, float), default=LAMBDA_ADV, help="weight of the adversarial BCE")
    p.add_argument("--lambda-lp", type=at_least(0.0, float), default=LAMBDA_LP, help="weight of the MSE (L_p, p = 2)")
    p.add_argument("--lambda-gdl", type=at_least(0.0, float), default=LAMBDA_GDL, help="weight of the gradient difference")
    p.add_argument("--d-lr", type=at_least(1e-12, float), default=D_LR, help="the discriminator's Adam learning rate")
    add_world(p)
    add_seed(p)
    add_device(p)
    add_quick(p)
    p.add_argument("--out", help=f"checkpoint path (default {CHECKPOINT}, or checkpoints/WORLD/adversarial.pt "
                                 "for another world); the metrics JSON goes beside it")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    args = p.parse_args(argv)
    if args.quick:
        args.steps = min(args.steps, QUICK_STEPS)
    args.out = args.out or output(in_world(CHECKPOINT, args.world), args.quick)
    if not args.out.endswith(".pt"):
        raise UsageError(f"--out must end in .pt, got {args.out!r}")
    return args


def main(argv=None):
    args = parse_args(argv)
    device = resolve_device(args.device)
    torch.manual_seed(args.seed)
    model, discriminator = PixelPredictor(WIDTHS), Discriminator()
    config = {**vars(args), "world": args.world.name, "loss": "adversarial", "encoder_widths": list(WIDTHS),
              "parameters": count_parameters(model), "discriminator_parameters": count_parameters(discriminator),
              "heldout_pairs": HELDOUT_PAIRS}
    del config["device"], config["quiet"]
    print(f"PixelPredictor ({config['parameters']:,} parameters) against a Discriminator "
          f"({config['discriminator_parameters']:,}), {args.world.name} world, on {device}; {args.steps} steps; "
          f"lambda_adv {args.lambda_adv}, lambda_lp {args.lambda_lp}, lambda_gdl {args.lambda_gdl}")

    heldout = make_heldout(world=args.world)
    history = train_adversarial(model, discriminator, device, heldout, steps=args.steps, seed=args.seed,
                                world=args.world, lambda_adv=args.lambda_adv, lambda_lp=args.lambda_lp,
                                lambda_gdl=args.lambda_gdl, d_lr=args.d_lr, progress=not args.quiet)
    result = evaluate(model, heldout, device)
    tail = slice(-min(50, args.steps), None)
    final = {key: sum(history[key][tail]) / len(history[key][tail]) for key in ("loss_g", "loss_d")}
    save_run(args.out, model.cpu(), config,
             {"config": config, "heldout": result, "final_loss_g": final["loss_g"], "final_loss_d": final["loss_d"],
              "loss_g": history["loss_g"], "loss_d": history["loss_d"], "heldout_curve": history["heldout_curve"]},
             timing={"train_time_s": history["train_time_s"], "device": str(device),
                     "threads": torch.get_num_threads(), "torch": torch.__version__})
    print(f"held-out MSE {result['mse']:.5f} = {result['ratio_to_bayes']:.3f} x the Bayes floor "
          f"{result['bayes_floor']:.5f}; last 50 steps: G loss {final['loss_g']:.4f}, "
          f"D loss {final['loss_d']:.3f} (ln 4 = 1.386: D cannot tell)")
    print(f"training time {history['train_time_s']:.1f} s on {device}; wrote {args.out} and {beside(args.out, '.json')}")


if __name__ == "__main__":
    run_main(main)
