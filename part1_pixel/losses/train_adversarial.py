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

import cli
from common.adversarial import D_LR, LAMBDA_ADV, LAMBDA_GDL, LAMBDA_LP, train_adversarial
from common.data import heldout_pairs, make_heldout
from common.files import save_run
from common.models import WIDTHS, Discriminator, PixelPredictor, count_parameters
from common.training import STEPS, evaluate, timing

CHECKPOINT = "checkpoints/adversarial.pt"   # the article world's; another world's goes in a subfolder
QUICK_STEPS = 40


def parse_args(argv=None):
    p = cli.ArgumentParser(prog="train_adversarial.py", description=__doc__.split("\n")[0])
    p.add_argument("--steps", type=cli.at_least(1), default=STEPS, help="optimizer steps (one for D, one for G each)")
    p.add_argument("--lambda-adv", type=cli.at_least(0.0, float), default=LAMBDA_ADV, help="weight of the adversarial BCE")
    p.add_argument("--lambda-lp", type=cli.at_least(0.0, float), default=LAMBDA_LP, help="weight of the MSE (L_p, p = 2)")
    p.add_argument("--lambda-gdl", type=cli.at_least(0.0, float), default=LAMBDA_GDL, help="weight of the gradient difference")
    p.add_argument("--d-lr", type=cli.LEARNING_RATE, default=D_LR, help="the discriminator's Adam learning rate")
    cli.add_run_flags(p, CHECKPOINT)
    return cli.parse_run_args(p, argv, CHECKPOINT, QUICK_STEPS)


def main(argv=None):
    args, device = parse_args(argv)
    torch.manual_seed(args.seed)
    model, discriminator = PixelPredictor(WIDTHS), Discriminator()
    pairs = heldout_pairs(args.quick)
    config = cli.run_config(args, loss="adversarial", encoder_widths=list(WIDTHS), parameters=count_parameters(model),
                        discriminator_parameters=count_parameters(discriminator), heldout_pairs=pairs)
    print(f"PixelPredictor ({config['parameters']:,} parameters) against a Discriminator "
          f"({config['discriminator_parameters']:,}), {args.world.name} world, on {device}; {args.steps} steps; "
          f"lambda_adv {args.lambda_adv}, lambda_lp {args.lambda_lp}, lambda_gdl {args.lambda_gdl}")

    heldout = make_heldout(pairs, world=args.world)
    history = train_adversarial(model, discriminator, device, heldout, steps=args.steps, seed=args.seed,
                                world=args.world, lambda_adv=args.lambda_adv, lambda_lp=args.lambda_lp,
                                lambda_gdl=args.lambda_gdl, d_lr=args.d_lr, progress=not args.quiet)
    result = evaluate(model, heldout, device)
    tail = slice(-min(50, args.steps), None)
    final = {key: sum(history[key][tail]) / len(history[key][tail]) for key in ("loss_g", "loss_d")}
    save_run(args.out, model.cpu(), config,
             {"config": config, "heldout": result, "final_loss_g": final["loss_g"], "final_loss_d": final["loss_d"],
              "loss_g": history["loss_g"], "loss_d": history["loss_d"], "heldout_curve": history["heldout_curve"]},
             timing=timing(history, device))
    print(f"held-out MSE {result['mse']:.5f} = {result['ratio_to_bayes']:.3f} x the Bayes floor "
          f"{result['bayes_floor']:.5f}; last 50 steps: G loss {final['loss_g']:.4f}, "
          f"D loss {final['loss_d']:.3f} (ln 4 = 1.386: D cannot tell)")
    cli.report_run(args.out, history["train_time_s"], device)


if __name__ == "__main__":
    cli.run_main(main)
