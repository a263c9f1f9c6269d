"""From the simulator to tensors: what the model is shown, training batches, and the held-out set.

Training pairs are drawn fresh from the simulator; the held-out pairs come from their own random
stream (`stream_rng`), so the two never share a draw, whatever the seed. `make_heldout` and `PairSource`
take the world as a value: a ball `World`, or `DIGITS` (common/digits.py), whose pairs come from its own
simulator and oracle; a script passes the world and never branches on it.
"""
import numpy as np
import torch

from common import digits, digits_oracle
from common.digits import DIGITS
from common.oracle import conditional_mean, floors
from common.world import ARTICLE, WORLDS, render_frames, sample_positions, simulate_positions

HELDOUT_SEED = 20251125   # the held-out pairs come from this seed's own stream
HELDOUT_PAIRS = 4096
QUICK_HELDOUT_PAIRS = 512   # --quick smoke runs: a small held-out set
# Every numpy random stream of the repo, by purpose: stream_rng(seed, "name"). No two purposes share an id,
# so no two of them ever draw the same numbers, whatever the seeds. (torch's generators, used for weights,
# flow noise and training dots, are seeded by each script's --seed; docs/reproducibility.md lists them.)
STREAMS = {
    "train": 0,                 # training pairs (common/training.py, common/adversarial.py, part4_planning/train.py)
    "heldout": 1,               # the held-out pairs every model is scored on (make_heldout)
    "mixture_prior": 2,         # pairs the mixture's prior is refitted on (common/mixture.py: fit_prior)
    "sampler_reference": 3,     # an exact sampler's binomial draws (part1_pixel/sampling/measure_sampler.py)
    "sampler_calibration": 4,   # next frames and noise of part1_pixel/sampling/calibrate_sampler.py
    "probe_fit": 5,             # the pairs the JEPA probes are fitted on (common/readout.py)
    "heldout_dots": 6,          # distractor dots of the held-out and probe pairs (common/readout.py)
    "floor_dots": 7,            # dots of the futures averaged in the latent floor (common/readout.py)
    "mixture_samples": 8,       # samples drawn from the mixture (part1_pixel/sampling/exp_mixture.py, fig_mixture.py)
    "episode": 9,               # the episode of part1_pixel/blur/fig_episode.py
    "planning_tasks": 10,       # the start/goal pairs every planner is scored on (part4_planning/plan.py)
    "planning_dots": 11,        # distractor dots of the planning episodes' observations (part4_planning/plan.py)
    "planning_random": 12,      # the random-action baseline's choices (part4_planning/plan.py)
    "planning_rollouts": 13,    # rollout starts and actions (part4_planning/rollouts.py)
    "rollout_dots": 14,         # distractor dots of those rollouts' frames and of the probe's (rollouts.py)
    "planning_probe": 15,       # states the JEPA's position read-out is fitted on (common.world_models.column_readout)
    "codebook": 16,             # next frames the token sampler's codebook is fitted on (part1_pixel/train_token_sampler.py)
    "token_refit": 17,          # pairs the token sampler's overview read-out is refitted on (common.tokens.refit_overview)
    "heldout_training_digits": 18,   # the digits world's second held-out set, of training digits (heldout_sets)
    "digits_claims": 19,        # the pairs and positions of part1_pixel/digits/measure.py
    "digits_panel_future": 20,  # the future drawn for the actual next frame of part1_pixel/digits/fig_panels.py
    "digits_episode": 21,       # the episode of part1_pixel/digits/fig_episode.py
    "exact_sampler": 22,        # the exact sampler's draws in the samplers' comparison (compare_samplers.py)
    "digits_counted": 23,       # the pairs counted by measure.py's learner that only counts (counted_posterior)
}
# The worlds whose pairs this module makes: the ball's, and the digits world (the scripts that take it
# list these as their --world choices).
PAIR_WORLDS = {**WORLDS, DIGITS.name: DIGITS}


def heldout_pairs(quick):
    """How many held-out pairs a run scores: the full set, or the small one of a --quick smoke run. One place,
    so a script that measures checkpoints uses the same pairs as the script that trained them."""
    return QUICK_HELDOUT_PAIRS if quick else HELDOUT_PAIRS


def stream_rng(seed, stream):
    """The numpy generator of STREAMS[stream] for `seed`: streams never share draws, whatever the seeds."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(STREAMS[stream],)))


def copies(rng, n):
    """n generators that draw the same numbers, seeded by one draw of `rng` (so they come from its stream):
    several runs on the same noise."""
    seed = int(rng.integers(2 ** 32))
    return [np.random.default_rng(seed) for _ in range(n)]


# What the model is shown. "frame" is the article's setting; the other two are the controls that
# put back the missing information: the frame before, or the direction as a constant +1/-1 plane.
INPUTS = ("frame", "two_frames", "direction")


def make_inputs(positions, inputs="frame"):
    """Model inputs x_t (n, C, 64, 64) from columns (n, k) of `sample_positions`, whose last two are col_t, col_next."""
    col_t = positions[:, -2]
    frame = render_frames(col_t)[:, None]
    if inputs == "frame":
        return frame
    if inputs == "two_frames":
        return np.concatenate([render_frames(positions[:, -3])[:, None], frame], axis=1)
    if inputs == "direction":
        went = np.sign(col_t - positions[:, -3]).astype(np.float32)   # the direction the ball arrived with
        return np.concatenate([frame, np.broadcast_to(went[:, None, None, None], frame.shape)], axis=1)
    raise ValueError(f"inputs must be one of {INPUTS}, got {inputs!r}")


def to_batch(array, device, channels_last=False):
    """numpy inputs (n, C, 64, 64), or frames (n, 64, 64), -> float tensor (n, C, 64, 64) on `device`."""
    batch = torch.from_numpy(np.ascontiguousarray(array))
    batch = (batch.unsqueeze(1) if batch.ndim == 3 else batch).to(device)
    return batch.contiguous(memory_format=torch.channels_last) if channels_last else batch


def make_heldout(n=HELDOUT_PAIRS, seed=HELDOUT_SEED, inputs="frame", world=ARTICLE):
    """Held-out pairs with everything an evaluation needs, including the exact E[y|x] and the floors.

    Keys: col_t, col_next (ball columns), x_t (model inputs), x_next (next frames), frame_t (the input
    frame), oracle (E[y|x]), bayes_floor and the yardsticks zeros_floor, copy_floor (common.oracle.floors),
    those of the one-frame task; with the controls' extra input the next frame is fully determined, so their
    own floor is 0.
    """
    if world is DIGITS:
        return digits_heldout(n, stream_rng(seed, "heldout"), held_out=True, inputs=inputs)
    positions = sample_positions(n, stream_rng(seed, "heldout"), world, history=0 if inputs == "frame" else 1)
    col_t, col_next = positions[:, -2], positions[:, -1]
    frame_t, x_next = render_frames(col_t), render_frames(col_next)
    return {"col_t": col_t, "col_next": col_next, "x_t": make_inputs(positions, inputs), "x_next": x_next,
            "frame_t": frame_t, "oracle": conditional_mean(col_t, world), **floors(col_t, frame_t, x_next, world)}


def digits_pairs(n, rng, held_out, inputs="frame"):
    """`n` digits-world pairs, their model inputs x_t (n, C, 64, 64) and next frames: the input is one frame, or
    (with "two_frames") the frame before and the frame, so that its last channel is always frame t."""
    if inputs == "frame":
        pairs = digits.sample_pairs(n, rng, held_out=held_out)
        frame_t, x_next = pairs.frames()
        return pairs, frame_t[:, None], x_next
    if inputs == "two_frames":
        pairs, before_sx, before_sy = digits.sample_two_frame_pairs(n, rng, held_out=held_out)
        frame_t, x_next = pairs.frames()
        return pairs, np.stack([digits.render_frames(pairs.digit, before_sx, before_sy), frame_t], axis=1), x_next
    raise ValueError(f"the digits world takes inputs 'frame' or 'two_frames', got {inputs!r}")


def digits_heldout(n, rng, held_out, inputs="frame"):
    """`n` pairs of the digits world (held-out digits, or training digits) with what an evaluation needs: the
    keys of make_heldout (the floors measured on these pairs) and the pairs' digit, sx, sy (the read-outs')."""
    pairs, x_t, x_next = digits_pairs(n, rng, held_out, inputs)
    return {"digit": pairs.digit, "sx": pairs.sx, "sy": pairs.sy, "x_t": x_t, "x_next": x_next,
            "frame_t": x_t[:, -1], "oracle": digits_oracle.conditional_mean(pairs.digit, pairs.sx, pairs.sy),
            **digits_oracle.floors(pairs)}


def heldout_sets(n=HELDOUT_PAIRS, seed=HELDOUT_SEED, world=ARTICLE):
    """Every held-out set a world's model is scored on, by the key its metrics go under: "heldout"
    (make_heldout), and for the digits world also "heldout_training_digits", pairs of the training digits
    from their own stream, which tells generalising to new digits apart from fitting the motion."""
    sets = {"heldout": make_heldout(n, seed, world=world)}
    if world is DIGITS:
        sets["heldout_training_digits"] = digits_heldout(n, stream_rng(seed, "heldout_training_digits"), held_out=False)
    return sets


class PairSource:
    """Training batches (x_t, x_next) as numpy arrays: fresh pairs from the simulator every step, or
    draws (with replacement) from a fixed set made of all the pairs of whole episodes."""

    def __init__(self, rng, batch_size, world=ARTICLE, inputs="frame", fixed_pairs=0, chunk_steps=64):
        self.rng, self.batch_size, self.world, self.inputs = rng, batch_size, world, inputs
        self.chunk_steps, self.queue, self.fixed = chunk_steps, [], None
        if world is DIGITS and inputs not in ("frame", "two_frames"):
            raise ValueError(f"the digits world takes inputs 'frame' or 'two_frames', got {inputs!r}")
        if fixed_pairs and world is DIGITS:
            if inputs != "frame":
                raise ValueError("a fixed set of pairs is only implemented for one-frame inputs")
            frame_t, x_next = digits.episode_pairs(fixed_pairs, rng).frames()
            self.fixed = frame_t[:, None], x_next
        elif fixed_pairs:
            if inputs != "frame":
                raise ValueError("a fixed set of pairs is only implemented for one-frame inputs")
            n_episodes = -(-fixed_pairs // (world.episode_length - 1))
            cols = simulate_positions(n_episodes, world.episode_length, rng, world)
            col_t, col_next = cols[:, :-1].ravel()[:fixed_pairs], cols[:, 1:].ravel()[:fixed_pairs]
            self.fixed = render_frames(col_t)[:, None], render_frames(col_next)

    def simulate(self, n):
        """`n` fresh pairs (x_t, x_next) of the world."""
        if self.world is DIGITS:   # training digits, one pair per episode
            _, x_t, x_next = digits_pairs(n, self.rng, held_out=False, inputs=self.inputs)
            return x_t, x_next
        positions = sample_positions(n, self.rng, self.world, history=0 if self.inputs == "frame" else 1)
        return make_inputs(positions, self.inputs), render_frames(positions[:, -1])

    def next(self):
        if self.fixed is not None:
            idx = self.rng.integers(0, len(self.fixed[0]), size=self.batch_size)
            return self.fixed[0][idx], self.fixed[1][idx]
        if not self.queue:   # simulate many steps' pairs at once: one vectorised call, not one per step
            x_t, x_next = self.simulate(self.batch_size * self.chunk_steps)
            self.queue = list(zip(np.split(x_t, self.chunk_steps), np.split(x_next, self.chunk_steps)))[::-1]
        return self.queue.pop()
