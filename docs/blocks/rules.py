"""The rules a verdict on a page follows, each once, with its thresholds named: every page that states a rule
and the README's claims table call it from here, so no two places judge the same numbers two ways.

Mid-frame, on every page, means the columns where both directions occur (the exact E[y|x] draws two ghosts
there); "the centre" is the narrower band |x - 32| <= 4 (common/smear.py: CENTRE_HALFWIDTH).
"""
import numpy as np

from common.smear import CENTRE_HALFWIDTH  # noqa: F401 -- the centre's half-width, quoted by the pages

# At the floor: a held-out MSE at most AT_FLOOR x the Bayes floor.
AT_FLOOR = 1.05
# "Same blur": at the floor and, mid-frame, a fainter ghost carrying at least SAME_BLUR_SMEAR of the brightness
# (0.5 = two equal ghosts, E[y|x] itself).
SAME_BLUR_SMEAR = 0.45
# The smear's shape mid-frame: flat (a plateau) when its values there span at most PLATEAU_SPAN; it tightens at
# the walls when its mean there is at most WALL_SHARE x its mean mid-frame.
PLATEAU_SPAN = 0.05
WALL_SHARE = 0.1
# A number the article quotes "about" holds when the measured one is within ABOUT of it (relative).
ABOUT = 0.1
# One ghost is brighter when the two ghosts' weights differ by at least BRIGHTER.
BRIGHTER = 0.1
# A model's output is E[y|x] when its MSE to the exact E[y|x] is at most AT_ORACLE x the Bayes floor.
AT_ORACLE = 0.05
# The ghosts follow the data's bias when their shares correlate with P(right|x) at r >= FOLLOWS_CORR (every seed).
FOLLOWS_CORR = 0.9
# Putting the missing information back removes the blur when a control reaches at most GONE x the Bayes floor.
GONE = 0.1
PART_CLOSED = 0.5   # a control that closes at least half the gap to its own floor shows the blur is mostly the missing information
# "Same blob" in the digits world: at the floor, and drawing the share of E[y|x]'s position-specific part
# (common/digits_readout.py) that the default draws, to within SAME_BLOB.
SAME_BLOB = 0.1
# A sample's MSE (to the nearer future, or of the samples' mean to E[y|x]) is small next to the blur at most
# NEAR x E[y|x]'s own MSE to the nearer future.
NEAR = 0.1
# Faithful shares: a chi-square against P(right|x) at most FAITHFUL_SDS s.d. above an exact sampler's mean.
FAITHFUL_SDS = 4
# An exact P(a sample goes right) follows P(right|x) when it is within SHARE_POINTS of it at every column where both
# directions occur (no sampling noise to allow for: the probability is read off the model, not counted).
SHARE_POINTS = 0.03
# A planner plans as well as the true world does when its success is at most SUCCESS_GAP below the true
# simulator's (used as the model) and its steps over the optimum at most STEPS_GAP (relative) above the simulator's.
SUCCESS_GAP, STEPS_GAP = 0.01, 0.05


def verdict(passes):
    """'holds' when every case passes, 'holds in part' when some do, 'does not hold' when none does."""
    passes = [bool(p) for p in passes]
    return "holds" if all(passes) else "holds in part" if any(passes) else "does not hold"


def graded(level):
    """The verdict of a claim graded against two thresholds: level 0 'holds', 1 'holds in part', 2 'does not hold'."""
    return ("holds", "holds in part", "does not hold")[level]


def about(measured, quoted):
    return abs(measured / quoted - 1) <= ABOUT


def at_floor(ratio_to_bayes):
    return ratio_to_bayes <= AT_FLOOR


def same_blur(ratio_to_bayes, smear_mid_frame):
    """A model draws "the same blur" as E[y|x]: at the floor, and two ghosts of nearly equal weight."""
    return at_floor(ratio_to_bayes) and smear_mid_frame >= SAME_BLUR_SMEAR


def same_blob(ratio_to_bayes, share, default_share):
    """A digits-world variant draws "the same blob" as the default: at the floor, and as much of the
    position-specific part of E[y|x] as the default, to within SAME_BLOB."""
    return at_floor(ratio_to_bayes) and abs(share - default_share) <= SAME_BLOB


def one_ghost_brighter(right, left):
    return abs(right - left) >= BRIGHTER


def at_oracle(distance_to_oracle, bayes_floor):
    return distance_to_oracle <= AT_ORACLE * bayes_floor


def follows_bias(corr_min):
    return corr_min >= FOLLOWS_CORR


def blur_gone(ratio_to_bayes):
    return ratio_to_bayes <= GONE


def gap_closed(ratio_to_bayes, informed_ratio):
    """The share of the gap from the one-frame Bayes floor (ratio 1) down to the control's own floor
    (informed_ratio) that the control closes: 1 when it reaches its floor, 0 when it is no better than one frame."""
    return (1 - ratio_to_bayes) / (1 - informed_ratio)


def blur_gone_to(ratio_to_bayes, informed_ratio):
    """blur_gone where the control's own inputs leave a floor (informed_ratio x the one-frame Bayes floor): the
    control closes at least 1 - GONE of the gap from the one-frame floor down to its own. With informed_ratio 0
    (its inputs fix the next frame) this is blur_gone."""
    return gap_closed(ratio_to_bayes, informed_ratio) >= 1 - GONE


def gap_verdict(ratio_to_bayes, informed_ratio):
    """'holds' when the control closes at least 1 - GONE of the gap (blur_gone_to), 'holds in part' when it closes
    at least PART_CLOSED of it, 'does not hold' below."""
    closed = gap_closed(ratio_to_bayes, informed_ratio)
    return graded(0 if closed >= 1 - GONE else 1 if closed >= PART_CLOSED else 2)


def near(value, blur):
    """An MSE is small next to the blur: at most NEAR x E[y|x]'s MSE to the nearer true future."""
    return value <= NEAR * blur


def chi_square_bound(cells):
    """FAITHFUL_SDS standard deviations above an exact sampler's mean chi-square: the chi-square of k cells'
    shares against P(right|x) has mean k and s.d. sqrt(2k) for an exact sampler."""
    return cells + FAITHFUL_SDS * (2 * cells) ** 0.5


def sharp_and_faithful(sharpness, blur, ratio_to_bayes):
    """One frame per input that would fix the blur: sharp (near E[y|x]'s MSE to the nearer future, `blur`) and at
    the floor (at_floor), which a one-frame predictor reaches only by drawing E[y|x] itself."""
    return near(sharpness, blur) and at_floor(ratio_to_bayes)


def follows_p_right(max_gap):
    """An exact P(a sample goes right) within SHARE_POINTS of P(right|x) at every column where both directions occur."""
    return max_gap <= SHARE_POINTS


def plans_like_the_simulator(success, steps_over_optimal, simulator_success, simulator_steps_over_optimal):
    """Success at most SUCCESS_GAP below the true simulator's and steps over the optimum at most STEPS_GAP above."""
    return (success >= simulator_success - SUCCESS_GAP
            and steps_over_optimal <= simulator_steps_over_optimal * (1 + STEPS_GAP))


def is_faithful(share):
    """The shares' chi-square against P(right|x) within chi_square_bound of its number of cells."""
    return share["chi_square"] <= chi_square_bound(len(share["cells"]))


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


# What one run's share error says (docs/sampling.md), against two references simulated with the run's own counts:
# what a perfect sampler scores (perfect_p95) and what the per-frame frequency table of the run's pairs scores
# (table_p95), each at its 95th percentile.
INDISTINGUISHABLE = "cannot be told from a perfect sampler"
AS_PAIRS_ALLOW = "as faithful as its pairs allow"
LESS_FAITHFUL = "measurably less faithful than its pairs allow"


def resolution(share_rms, perfect_p95, table_p95):
    """At or below perfect_p95 the measurement cannot tell the run from a perfect sampler; at or below table_p95
    it is as faithful as its training pairs allow; above both, measurably less faithful than they allow (with no
    pairs to count, table_p95 None: measurably unfaithful)."""
    if share_rms <= perfect_p95:
        return INDISTINGUISHABLE
    if table_p95 is not None and share_rms <= table_p95:
        return AS_PAIRS_ALLOW
    return LESS_FAITHFUL if table_p95 is not None else "measurably unfaithful"


def ranked(a, b, name_a, name_b):
    """Two samplers' share errors over seeds, compared: one is closer to the data's proportions only when every
    seed of it scores below every seed of the other; overlapping seeds cannot be ranked."""
    if max(a) < min(b):
        return f"{name_a} closer ({max(a) * 100:.1f} at most against {min(b) * 100:.1f} at least)"
    if max(b) < min(a):
        return f"{name_b} closer ({max(b) * 100:.1f} at most against {min(a) * 100:.1f} at least)"
    return f"the seeds overlap ({min(a) * 100:.1f} to {max(a) * 100:.1f} against {min(b) * 100:.1f} to {max(b) * 100:.1f}): not ranked"
