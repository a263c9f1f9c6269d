"""Figure: each loss's embeddings of frames at every column, by PCA, and their eigenvalue spectra.

Projected to 2-D by PCA and coloured by column, one panel per loss (clean world, seed 0), and the
eigenvalue spectrum of each: collapse, and what each regulariser keeps.

    python part2_jepa/fig_embeddings.py        # figures/jepa_embeddings.png
"""
import numpy as np
import torch

from cli import SEED, ArgumentParser, add_quick, figure_path, hint, output, run_main
from common.files import load_run
from common.jepa import JEPA, JEPA_LOSSES, embed, jepa_checkpoint, jepa_model
from common.plotting import figure, save_figure
from common.smear import POSITIONS
from common.world import render_frames

FIGURE = "figures/jepa_embeddings.png"
COLUMN_CMAP = "viridis"
LOSS_COLORS = ("tab:gray", "tab:green", "tab:purple", "tab:red")


def main(argv=None):
    p = ArgumentParser(prog="fig_embeddings.py", description=__doc__.split("\n")[0])
    p.add_argument("--seed", type=SEED, default=0, help="which run of each loss to draw")
    p.add_argument("--out", type=figure_path, default=None, help=f"figure path (default {FIGURE})")
    add_quick(p)
    args = p.parse_args(argv)
    prefix = "runs/quick/" if args.quick else ""
    out = args.out or output(FIGURE, args.quick)
    frames = render_frames(POSITIONS)
    fig = figure(figsize=(15, 8))
    axes = fig.subplot_mosaic([list(JEPA_LOSSES), ["absolute"] * 2 + ["relative"] * 2], height_ratios=[1.2, 1])
    for loss, color in zip(JEPA_LOSSES, LOSS_COLORS):
        model, _ = load_run(prefix + jepa_checkpoint(loss, args.seed), jepa_model, hint("bash run_jepa.sh", args),
                            expect={"loss": loss, "seed": args.seed, "world": "biased", "distractors": False})
        z = embed(model.encoder, frames).astype(np.float64)
        centred = z - z.mean(0)
        _, s, vt = np.linalg.svd(centred, full_matrices=False)
        pcs = centred @ vt[:2].T
        eig = s ** 2 / (len(z) - 1)
        ax = axes[loss]
        points = ax.scatter(pcs[:, 0], pcs[:, 1], c=POSITIONS, cmap=COLUMN_CMAP, s=6)
        scale = max(np.abs(pcs).max(), 1e-12)
        ax.set_title(f"{loss}: PCA of z(frame), axes \u00b1{1.1 * scale:.1g}\n"
                     f"top-2 PCs hold {eig[:2].sum() / eig.sum():.0%} of the variance", fontsize=10)
        ax.set_xlabel("PC 1")
        ax.set_ylabel("PC 2")
        ax.set_xlim(-1.1 * scale, 1.1 * scale)
        ax.set_ylim(-1.1 * scale, 1.1 * scale)
        ax.ticklabel_format(style="sci", scilimits=(-2, 2))
        ax.locator_params(nbins=5)
        index = np.arange(1, len(eig) + 1)
        axes["absolute"].semilogy(index, np.maximum(eig, 1e-20), color=color, label=loss)
        axes["relative"].semilogy(index, np.maximum(eig / eig[0], 1e-20), color=color, label=loss)
    torch.manual_seed(0)   # the control measure.py scores: the encoder at initialisation, never trained
    eig = np.sort(np.linalg.eigvalsh(np.cov(embed(JEPA().encoder, frames).astype(np.float64), rowvar=False)))[::-1]
    for key, values in (("absolute", eig), ("relative", eig / eig[0])):
        axes[key].semilogy(np.arange(1, len(eig) + 1), np.maximum(values, 1e-20), "k--", lw=1, label="untrained (control)")
    fig.colorbar(points, ax=[axes[loss] for loss in JEPA_LOSSES], label="ball column (px)", shrink=0.8)
    for key, title in (("absolute", "covariance eigenvalues of z (absolute scale)"),
                       ("relative", "the same, divided by the largest (shape of the spectrum)")):
        axes[key].set_title(title, fontsize=10)
        axes[key].set_xlabel("eigenvalue index (largest first)")
        axes[key].set_ylabel("eigenvalue (log)")
        axes[key].grid(alpha=0.3)
        axes[key].legend(fontsize=8)
    fig.suptitle("The same Encoder trained as a JEPA with four losses: embeddings of frames at every column, 0.1 px apart "
                 f"(biased world, clean, seed {args.seed}). Each PCA panel has its own scale: read it in the title.")
    save_figure(fig, out)


if __name__ == "__main__":
    run_main(main)
