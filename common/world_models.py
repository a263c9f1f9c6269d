"""Part 5's learned world models of the pushed ball, and their adapters to the planner (common/planning.py).

Training data: random-action steps from states the ball can be in, i.i.d. like the article's pairs. A model's
input is the last `frames` frames (2: the velocity is visible; 1: the one-frame control) with the action as
three one-hot planes, stacked as channels, so common.training.train runs these models as it runs the rest:

  ActionPixelPredictor  the article's PixelPredictor, frames + 3 action planes in, the next frame out, MSE;
                        a linear output, clamped to [0, 1] when a predicted frame is fed back
  ActionJEPA            the article's Encoder on the frames -> z; a predictor (z, a) -> z_hat of the next
                        frames' embedding; VICReg or SIGReg (common/jepa.py) keeps it from collapsing

The adapters give the planner its three methods (encode, step, distance), each in the model's own space:
frames fed back for the pixel model, embeddings fed back for the JEPA. No decoder anywhere.
"""
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from common.data import stream_rng
from common.distractors import add_dots
from common.files import load_run
from common.jepa import PREDICTOR_HIDDEN, sigreg_loss, vicreg_loss
from common.models import EMBED_DIM, Encoder, PixelPredictor
from common.planning import ball_column
from common.probes import apply_linear, fit_linear
from common.pushed import ACTIONS, moving_states, observation, push
from common.training import uses_channels_last
from common.world import BALL_RADIUS, FRAME_SIZE, render_frames

KINDS = ("pixel", "vicreg", "sigreg")


def one_hot(actions):
    """Actions (B,) in ACTIONS as one-hot rows (B, 3), float32 numpy."""
    return (np.asarray(actions)[:, None] == np.array(ACTIONS)[None, :]).astype(np.float32)


def action_planes(actions, n_frames=FRAME_SIZE):
    """Actions (B,) in ACTIONS as one-hot planes (B, 3, 64, 64), float32 numpy."""
    onehot = one_hot(actions)
    return np.broadcast_to(onehot[:, :, None, None], (len(onehot), len(ACTIONS), n_frames, n_frames)).copy()


class PushedSource:
    """Training batches (inputs, targets) as numpy: inputs (B, frames + 3, 64, 64), the last `frames` frames and
    the action planes; targets the next frame (B, 64, 64), or with target="frames" the next `frames` frames.
    States are uniform over the frame (x - v inside it too) and speeds, actions uniform: random-action data."""

    def __init__(self, rng, batch_size, frames=2, target="frame", distractors=False):
        self.rng, self.batch_size, self.frames, self.target, self.distractors = rng, batch_size, frames, target, distractors

    def next(self):
        x, v = moving_states(self.batch_size, self.rng, BALL_RADIUS, FRAME_SIZE - BALL_RADIUS)   # anywhere in the frame
        a = self.rng.choice(ACTIONS, self.batch_size)
        x_next, _ = push(x, v, a)
        columns = np.stack([x - v, x, x_next], axis=1)[:, 3 - self.frames - 1:]   # oldest first
        frames = render_frames(columns)
        if self.distractors:
            frames = add_dots(frames, self.rng)
        inputs = np.concatenate([frames[:, :-1], action_planes(a)], axis=1)
        targets = frames[:, -1] if self.target == "frame" else frames[:, 1:]
        return inputs, targets


def split(inputs, frames):
    """(frames, actions) from stacked inputs: the frame channels, and the action index of each row's planes."""
    return inputs[:, :frames], inputs[:, frames:, 0, 0]


class ActionPixelPredictor(nn.Module):
    """The article's network with the action as extra input planes: frames + 3 channels in, the next frame out."""

    def __init__(self, frames=2):
        super().__init__()
        self.frames = frames
        self.net = PixelPredictor(in_channels=frames + len(ACTIONS))

    def forward(self, inputs):
        return self.net(inputs)


class ActionJEPA(nn.Module):
    """Encoder(frames) -> z; predictor(z, one-hot action) -> z_hat, a prediction of the next frames' z."""

    def __init__(self, frames=2, embed_dim=EMBED_DIM, hidden=PREDICTOR_HIDDEN):
        super().__init__()
        self.frames = frames
        self.encoder = Encoder(embed_dim=embed_dim, in_channels=frames)
        self.predictor = nn.Sequential(nn.Linear(embed_dim + len(ACTIONS), hidden), nn.GELU(), nn.Linear(hidden, embed_dim))

    def predict(self, z, onehot):
        return self.predictor(torch.cat([z, onehot], dim=1))

    def forward(self, inputs):
        obs, onehot = split(inputs, self.frames)
        return self.predict(self.encoder(obs), onehot)

    def branches(self, inputs, next_frames):
        """(z, z_hat, z_next): the frames and the next frames through one encoder in one batch."""
        obs, onehot = split(inputs, self.frames)
        z, z_next = self.encoder(torch.cat([obs, next_frames])).float().chunk(2)
        return z, self.predict(z, onehot), z_next


def pixel_loss(model, inputs, next_frame):
    return F.mse_loss(model(inputs), next_frame)


# ActionJEPA.branches(inputs, next_frames) gives (z, z_hat, z_next) as JEPA.branches does, so Part 3's losses apply
LOSSES = {"pixel": pixel_loss, "vicreg": vicreg_loss, "sigreg": sigreg_loss}


def planning_checkpoint(model, frames, distractors, seed):
    """checkpoints/planning/MODEL[_1frame][_dots]_seedN.pt: one file per run of part4_planning/train.py's defaults."""
    return f"checkpoints/planning/{model}{'_1frame' if frames == 1 else ''}{'_dots' if distractors else ''}_seed{seed}.pt"


def load_world_model(root, model, frames, distractors, seed, command):
    """The network in a model's slot (root + planning_checkpoint), checked to be that model: the model, frames,
    distractors and seed its config records must be the slot's, so a file trained as another model never
    scores under this one's name. Returns (network, config); BadFile otherwise."""
    return load_run(root + planning_checkpoint(model, frames, distractors, seed), world_model, command,
                    expect={"model": model, "frames": frames, "distractors": distractors, "seed": seed})


def trained_seeds(model, frames, seeds):
    """The seeds a model and frame count is trained and scored for: every seed for the models shown two frames;
    the first only for the one-frame controls (they run most episodes to the step limit, and the one-frame
    pixel control plans at about half a second per action)."""
    return list(seeds)[:1] if frames == 1 else list(seeds)


def world_model(config):
    """The network a part4_planning/train.py checkpoint's config describes (for common.files.load_run)."""
    if config["model"] == "pixel":
        return ActionPixelPredictor(config["frames"])
    return ActionJEPA(config["frames"])


# ---- adapters: the planner's encode / repeat / step / distance, in each model's own space ----

class PixelPlanner:
    """Rollouts in pixel space: a state is the last `frames` frames; a step predicts the next frame, clamps it to
    [0, 1] and shifts it in; distance = MSE between a state's frames and the goal's."""

    def __init__(self, model):
        self.format = torch.channels_last if uses_channels_last(model, "cpu") else torch.contiguous_format
        self.model = model.eval().to(memory_format=self.format)   # NHWC: faster convolutions on a CPU

    def encode(self, obs):
        return torch.from_numpy(np.ascontiguousarray(obs[:, -self.model.frames:], dtype=np.float32))

    def repeat(self, states, k):
        return states.repeat_interleave(k, dim=0)

    @torch.no_grad()
    def step(self, states, actions):
        inputs = torch.cat([states, torch.from_numpy(action_planes(actions))], dim=1).contiguous(memory_format=self.format)
        frame = self.model(inputs).clamp(0, 1).contiguous()
        return torch.cat([states[:, 1:], frame], dim=1)

    def distance(self, states, goal):
        return ((states - goal) ** 2).mean(dim=(1, 2, 3)).numpy()


class LatentPlanner:
    """Rollouts in embedding space: a state is z; a step is the predictor; distance = squared L2 to the goal's z."""

    def __init__(self, model):
        self.model = model.eval()

    @torch.no_grad()
    def encode(self, obs):
        return self.model.encoder(torch.from_numpy(np.ascontiguousarray(obs[:, -self.model.frames:], dtype=np.float32)))

    def repeat(self, states, k):
        return states.repeat_interleave(k, dim=0)

    @torch.no_grad()
    def step(self, states, actions):
        return self.model.predict(states, torch.from_numpy(one_hot(actions)))

    def distance(self, states, goal):
        return ((states - goal) ** 2).sum(dim=1).numpy()


def planner_for(model):
    return PixelPlanner(model) if isinstance(model, ActionPixelPredictor) else LatentPlanner(model)


def observer(dots_rng=None):
    """observe(x_before, x_now) for the planner and the rollouts: the true observation (common.pushed.observation),
    with fresh distractor dots from dots_rng on every frame if one is given."""
    if dots_rng is None:
        return observation
    return lambda x_before, x_now: add_dots(observation(x_before, x_now), dots_rng)


PROBE_FIT = 4000   # true observations a JEPA's position read-out is fitted on


def column_readout(planner, observe=observation):
    """A function from the planner's states to the ball's column, to see where a rollout thinks the ball is:
    for pixel states the brightness-weighted column of the last frame (common.planning.ball_column); for
    embeddings a linear probe (common.probes.fit_linear) fitted on PROBE_FIT true observations of other
    states (the planning_probe stream), rendered by `observe` (with the same kind of dots as the model saw).
    A read-out of position, not a decoded frame."""
    if isinstance(planner, PixelPlanner):
        return lambda states: ball_column(states[:, -1].numpy())
    x, v = moving_states(PROBE_FIT, stream_rng(0, "planning_probe"))
    probe = fit_linear(planner.encode(observe(x - v, x)).numpy(), x)
    return lambda states: apply_linear(probe, states.numpy())
