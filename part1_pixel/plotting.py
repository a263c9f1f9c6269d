"""What every figure shares: the colour map, frame panels, and loading a trained model's predictions."""
import matplotlib

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


def close(fig):
    plt.close(fig)
