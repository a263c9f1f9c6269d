"""Smear vs position: the weight of the fainter ghost for every ball column, model vs exact E[y|x].

The article says the smear is widest mid-frame and tight near the walls. Writes the figure and
the numbers behind it (a JSON beside the PNG).
    python part1_pixel/fig_smear.py [--checkpoint checkpoints/pixel.pt]
"""

from common.ghosts import POSITIONS, is_ambiguous, smear, smear_summary
from common.oracle import conditional_mean
from common.training import predict
from common.world import render_frames
from part1_pixel import plotting
from part1_pixel.cli import DEFAULT_CHECKPOINT, ArgumentParser, beside, load_model, run_main, save_json


def parse_args(argv=None):
    p = ArgumentParser(prog="fig_smear.py", description=__doc__.split("\n")[0])
    p.add_argument("--checkpoint", default=DEFAULT_CHECKPOINT, help="a train.py checkpoint")
    p.add_argument("--out", type=plotting.figure_path, default="figures/smear_vs_position.png",
                   help="PNG to write; the JSON goes beside it")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    model, _ = load_model(args.checkpoint)
    x = POSITIONS
    model_smear = smear(predict(model, render_frames(x), "cpu"), x)
    oracle_smear = smear(conditional_mean(x), x)
    numbers = {"x": x.round(2).tolist(), "model": model_smear.tolist(), "oracle": oracle_smear.tolist(),
               "summary": {"model": smear_summary(x, model_smear), "oracle": smear_summary(x, oracle_smear)}}

    fig, ax = plotting.figure(figsize=(9, 4.2), layout="constrained")
    forced = ~is_ambiguous(x)
    ax.fill_between(x, 0, 0.55, where=forced, color="0.9", label="bounce decides the direction")
    ax.plot(x, oracle_smear, "--", color=plotting.COLORS["oracle"], lw=2, label="exact E[y|x]")
    ax.plot(x, model_smear, color=plotting.COLORS["prediction"], lw=1.5, label="MSE model")
    ax.set_xlabel("ball column x in the input frame")
    ax.set_ylabel("weight of the fainter ghost\nmin(a, b) / (a + b)")
    ax.set_ylim(-0.02, 0.55)
    ax.set_xlim(x[0], x[-1])
    ax.legend(loc="upper right", fontsize=9, framealpha=0.95)
    ax.grid(alpha=0.3)
    s = numbers["summary"]["model"]
    ax.set_title(f"Smear vs position: model {s['ambiguous_zone']:.2f} mid-frame zone (centre {s['centre']:.2f}), "
                 f"{s['walls']:.3f} near the walls")
    plotting.save_figure(fig, args.out)
    save_json(numbers, beside(args.out, ".json"))
    for who, v in numbers["summary"].items():
        print(f"  mean smear, {who}: centre {v['centre']:.3f}, mid-frame zone {v['ambiguous_zone']:.3f}, "
              f"walls {v['walls']:.3f}")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    run_main(main)
