"""What every figure shares: the colour map, frame panels, and saving a figure whole or not at all."""
import argparse
import os

import matplotlib
from matplotlib.animation import PillowWriter
from matplotlib.backends.backend_agg import FigureCanvasAgg

from part1_pixel.cli import atomic_write, prepare_dir

matplotlib.use("Agg")   # figures are files; no screen needed
import matplotlib.pyplot as plt

CMAP = "magma"        # one colour map for every frame in every figure
FRAME_LIMITS = {"vmin": 0.0, "vmax": 1.0}
COLORS = {"input": "0.55", "actual": "tab:blue", "prediction": "tab:red", "oracle": "black"}


def show_frame(ax, frame, title=None):
    """Draw a 64x64 frame with the shared colour map on [0, 1]; returns the image for a colour bar."""
    image = ax.imshow(frame, cmap=CMAP, **FRAME_LIMITS)
    ax.set_xticks([0, 32, 63])
    ax.set_yticks([0, 32, 63])
    if title:
        ax.set_title(title, fontsize=10)
    return image


def figure(*args, **kwargs):
    return plt.subplots(*args, **kwargs)


def save_figure(fig, path):
    """Write the figure (all or nothing: a temp file, then a rename) and close it."""
    prepare_dir(path)
    kind = os.path.splitext(path)[1][1:]
    atomic_write(path, lambda tmp: fig.savefig(tmp, dpi=fig.dpi, bbox_inches="tight", format=kind))
    plt.close(fig)


def save_animation(animation, path, fps):
    """Write a matplotlib animation as a GIF through Pillow (whole or not at all) and close its figure."""
    prepare_dir(path)
    atomic_write(path, lambda tmp: animation.save(tmp, writer=PillowWriter(fps=fps)))
    plt.close(animation._fig)


def figure_path(text):
    """argparse type for --out of a figure: a file type matplotlib can write, checked before any work."""
    kind = os.path.splitext(text)[1][1:].lower()
    if kind not in FigureCanvasAgg.get_supported_filetypes():
        raise argparse.ArgumentTypeError(f"{text!r} must end in a figure type such as .png, .pdf or .svg")
    return text
