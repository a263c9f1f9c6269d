"""What every figure shares: the colour map, frame panels, and saving a figure whole or not at all.

Figures are built with matplotlib's object interface (matplotlib.figure.Figure), so nothing here
changes matplotlib's global state and no screen is needed.
"""
import os

from matplotlib.animation import PillowWriter
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from common.files import atomic_write

CMAP = "magma"        # one colour map for every frame in every figure
FRAME_LIMITS = {"vmin": 0.0, "vmax": 1.0}
COLORS = {"input": "0.55", "actual": "tab:blue", "prediction": "tab:red", "oracle": "black"}
WORLD_COLORS = {"article": "tab:blue", "biased": "tab:orange"}


def figure(nrows=None, ncols=1, figsize=(8, 4.5), layout="constrained", **subplots):
    """A new figure; with `nrows`, also its grid of axes (as plt.subplots returns them)."""
    fig = Figure(figsize=figsize, layout=layout)
    FigureCanvasAgg(fig)
    return fig if nrows is None else (fig, fig.subplots(nrows, ncols, **subplots))


def show_frame(ax, frame, title=None):
    """Draw a 64x64 frame with the shared colour map on [0, 1]; returns the image for a colour bar."""
    image = ax.imshow(frame, cmap=CMAP, **FRAME_LIMITS)
    ax.set_xticks([0, 32, 63])
    ax.set_yticks([0, 32, 63])
    if title:
        ax.set_title(title, fontsize=10)
    return image


def save_figure(fig, path):
    """Write the figure (all or nothing: a temp file, then a rename) and say so."""
    kind = os.path.splitext(path)[1][1:]
    atomic_write(path, lambda tmp: fig.savefig(tmp, dpi=fig.dpi, bbox_inches="tight", format=kind))
    print(f"wrote {path}")


def save_animation(animation, path, fps):
    """Write a matplotlib animation as a GIF through Pillow, whole or not at all."""
    atomic_write(path, lambda tmp: animation.save(tmp, writer=PillowWriter(fps=fps)))


def check_figure_path(path):
    """A file type matplotlib can write; ValueError before any work otherwise."""
    kind = os.path.splitext(path)[1][1:].lower()
    if kind not in FigureCanvasAgg.get_supported_filetypes():
        raise ValueError(f"{path!r} must end in a figure type such as .png, .pdf or .svg")
    return path
