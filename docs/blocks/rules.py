"""The rules a verdict on a page follows, each once, with its thresholds named: every page that states a rule
calls it from here, so a page and the README cannot judge the same numbers two ways.

Mid-frame, on every page, means the columns where both directions occur (the exact E[y|x] draws two ghosts
there); "the centre" is the narrower band |x - 32| <= 4 (common/smear.py: CENTRE_HALFWIDTH).
"""
import numpy as np

from common.smear import CENTRE_HALFWIDTH  # noqa: F401 -- the centre's half-width, quoted by the pages

# "Same blur": MSE at most SAME_BLUR_RATIO x the Bayes floor and, mid-frame, a fainter ghost carrying at least
# SAME_BLUR_SMEAR of the brightness (0.5 = two equal ghosts, E[y|x] itself).
SAME_BLUR_RATIO = 1.05
SAME_BLUR_SMEAR = 0.45
# The smear's shape mid-frame: flat (a plateau) when its values there span at most PLATEAU_SPAN; it tightens at
# the walls when its mean there is at most WALL_SHARE x its mean mid-frame.
PLATEAU_SPAN = 0.05
WALL_SHARE = 0.1


def same_blur(ratio_to_bayes, smear_mid_frame):
    """A model draws "the same blur" as E[y|x]: near the Bayes floor, and two ghosts of nearly equal weight."""
    return ratio_to_bayes <= SAME_BLUR_RATIO and smear_mid_frame >= SAME_BLUR_SMEAR


def mid_frame_smear(blur):
    """The model's smear at the columns where both directions occur (where the exact E[y|x]'s smear is above 0),
    from a results/[WORLD/]blur.json."""
    model, oracle = np.asarray(blur["smear"]["model"]), np.asarray(blur["smear"]["oracle"])
    return model[oracle > 0]


def is_plateau(blur):
    """The smear is flat mid-frame: its values there span at most PLATEAU_SPAN."""
    s = mid_frame_smear(blur)
    return float(s.max() - s.min()) <= PLATEAU_SPAN


def tightens_at_walls(blur):
    """The smear where the bounce decides the direction is at most WALL_SHARE x the smear mid-frame."""
    summary = blur["smear"]["summary"]["model"]
    return summary["walls"] <= WALL_SHARE * summary["ambiguous_zone"]


def smear_shape(blur):
    """'a plateau' (flat mid-frame, is_plateau), 'a peak' (not flat, and higher at the centre than its mean
    mid-frame) or 'uneven'."""
    if is_plateau(blur):
        return "a plateau"
    summary = blur["smear"]["summary"]["model"]
    return "a peak" if summary["centre"] > summary["ambiguous_zone"] else "uneven"
