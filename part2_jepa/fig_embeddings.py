"""Figure: embeddings of frames at every column, projected to 2-D by PCA and coloured by column, one panel
per loss (clean world, seed 0), and the eigenvalue spectrum of each: collapse, and what each regulariser keeps.

    python part2_jepa/fig_embeddings.py        # figures/jepa_embeddings.png
"""
import numpy as np

from cli import ArgumentParser, add_quick, figure_path, output, run_main
from common.files import load_run
from common.jepa import JEPA_LOSSES, embed, jepa_checkpoint, jepa_model
from common.plotting import figure, save_figure
from common.smear import POSITIONS
from common.world import render_frames

FIGURE = "figures/jepa_embeddings.png"
COLUMN_CMAP = "viridis"


def main(argv=None):
    p = ArgumentParser(prog="fig_embeddings.py", description=__doc__.split("\n")[0])
    p.add_argument("--seed", type=int, default=0, help="which run of each loss to draw")
    p.add_argument("--out", type=figure_path, default=None, help=f"figure path (default {FIGURE})")
    add_quick(p)
    args = p.parse_args(argv)
    prefix = "runs/quick/" if args.quick else ""
    out = args.out or output(FIGURE, args.quick)
    frames = render_frames(POSITIONS)
    fig, axes = figure(2, 4, figsize=(15, 7))
    for col, loss in enumerate(JEPA_LOSSES):
        model, _ = load_run(prefix + jepa_checkpoint(loss, args.seed), jepa_model, "bash run_jepa.sh")
        z = embed(model.encoder, frames).astype(np.float64)
        centred = z - z.mean(0)
        _, s, vt = np.linalg.svd(centred, full_matrices=False)
        pcs = centred @ vt[:2].T
        eig = s ** 2 / (len(z) - 1)
        ax = axes[0, col]
        points = ax.scatter(pcs[:, 0], pcs[:, 1], c=POSITIONS, cmap=COLUMN_CMAP, s=6)
        ax.set_title(f"{loss}: PCA of z(frame)\ntop-2 PCs hold {eig[:2].sum() / eig.sum():.0%} of the variance",
                     fontsize=10)
        ax.set_xlabel("PC 1")
        ax.set_ylabel("PC 2")
        scale = max(np.abs(pcs).max(), 1e-12)
        ax.set_xlim(-1.1 * scale, 1.1 * scale)
        ax.set_ylim(-1.1 * scale, 1.1 * scale)
        ax.text(0.02, 0.02, f"total variance {eig.sum():.2g}", transform=ax.transAxes, fontsize=8)
        ax = axes[1, col]
        ax.semilogy(np.arange(1, len(eig) + 1), np.maximum(eig, 1e-20), color="tab:blue")
        ax.set_title(f"{loss}: covariance eigenvalues", fontsize=10)
        ax.set_xlabel("index (largest first)")
        ax.set_ylabel("eigenvalue (log)")
        ax.grid(alpha=0.3)
    fig.colorbar(points, ax=axes[0, :], label="ball column (px)", shrink=0.8)
    fig.suptitle("The same Encoder as a JEPA, four losses: embeddings of frames at every column (biased world, "
                 "clean, seed 0). Prediction alone shrinks to a near-point; each regulariser keeps a curve ordered by column.")
    save_figure(fig, out)
    print(f"wrote {out}")


if __name__ == "__main__":
    run_main(main)
