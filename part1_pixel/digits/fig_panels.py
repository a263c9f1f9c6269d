"""The digits world's panels: input | actual next | prediction | exact E[y|x] | P(velocity) exact | implied.

    python part1_pixel/digits/fig_panels.py     # the two examples come from measure.py's claims.json

One row mid-frame, one at the left wall. The two 9 x 9 maps are the exact P(next offset | x) (mid-frame the
offset is the velocity) and the model's implied one (its prediction fitted as a mix of the futures).
"""
import numpy as np

from cli import ArgumentParser, add_paths, add_quick, add_seed, hint, parse_figure_args, run_main
from common import plotting
from common.data import stream_rng
from common.digits import MAX_SPEED, render_frames
from common.digits_implied import exact_posterior, implied_posterior
from common.digits_oracle import conditional_mean
from common.files import load_json, load_run
from common.models import pixel_predictor
from common.training import predict

MEASURE, TRAIN = "python part1_pixel/digits/measure.py", "python part1_pixel/train.py --world digits"
TITLES = {"mid": "mid-frame", "wall": "at the left wall"}


def parse_args(argv=None):
    p = ArgumentParser(prog="fig_panels.py", description=__doc__.split("\n")[0])
    add_seed(p)
    add_quick(p)
    add_paths(p, claims="results/digits/claims.json", checkpoint="checkpoints/digits/pixel.pt",
              out="figures/digits/panels.png")
    return parse_figure_args(p, argv)


def show_offsets(ax, q, title):
    """A 9 x 9 distribution over offsets, x to the right and y down as in the frames."""
    image = ax.imshow(q.T, cmap=plotting.CMAP, vmin=0, extent=(-MAX_SPEED - 0.5, MAX_SPEED + 0.5) * 2)
    ax.set_ylim(MAX_SPEED + 0.5, -MAX_SPEED - 0.5)
    ax.set_xticks([-4, 0, 4])
    ax.set_yticks([-4, 0, 4])
    ax.set_xlabel("dx")
    ax.set_ylabel("dy")
    ax.set_title(title, fontsize=10)
    return image


def main(argv=None):
    args = parse_args(argv)
    examples = load_json(args.claims, hint(MEASURE, args))["panels"]
    model, _ = load_run(args.checkpoint, pixel_predictor, hint(TRAIN, args), expect={"world": "digits"})
    rng = stream_rng(args.seed, "digits_panel_future")
    fig = plotting.figure(figsize=(17, 6.4))
    axes = fig.subplots(2, 6)
    for row, (name, e) in zip(axes, examples.items()):
        digit, sx, sy = [e["digit"]], [e["sx"]], [e["sy"]]
        frame = render_frames(digit, sx, sy)
        exact = exact_posterior(sx, sy)[0]
        move = rng.choice(exact.size, p=exact.ravel() / exact.sum())    # one future, drawn from the exact posterior
        ox, oy = np.unravel_index(move, exact.shape)
        actual = render_frames(digit, [sx[0] + ox - MAX_SPEED], [sy[0] + oy - MAX_SPEED])
        pred = predict(model, frame, "cpu")
        implied = implied_posterior(pred, digit, sx, sy)[0][0]
        panels = [(frame[0], f"input ({TITLES[name]})\ndigit at ({sx[0]}, {sy[0]})"),
                  (actual[0], f"actual next\n(moved by ({ox - MAX_SPEED}, {oy - MAX_SPEED}))"),
                  (pred[0], f"MSE prediction\nP(moves right) read back = {e['p_right_model']:.2f}"),
                  (conditional_mean(digit, sx, sy)[0], f"exact E[y|x]\nP(moves right) = {e['p_right_exact']:.2f}")]
        for ax, (img, title) in zip(row, panels):
            frame_image = plotting.show_frame(ax, img, title)
        top = max(exact.max(), implied.max())
        for ax, q, title in ((row[4], exact, "exact P(next offset | x)"), (row[5], implied, "model's implied P")):
            map_image = show_offsets(ax, q, title)
            map_image.set_clim(0, top)
        fig.colorbar(map_image, ax=row[4:], shrink=0.8, label="probability")
    fig.colorbar(frame_image, ax=axes[:, :4], shrink=0.6, label="intensity")
    fig.suptitle("One frame cannot show the velocity: the MSE prediction is the futures averaged with the weights "
                 "of P(velocity | position)", fontsize=12)
    plotting.save_figure(fig, args.out)


if __name__ == "__main__":
    run_main(main)
