"""Conditional flow matching (rectified flow): a sampler of the next frame that is not told how many futures there are.

Lipman et al. 2022 ("Flow matching for generative modeling"); Liu et al. 2022 ("Flow straight and fast").
The flow time is called s here, because t is the frame index:

    x_s = s * x1 + (1 - s) * x0,    x0 ~ N(0, I),  x1 = the next frame,  s ~ U(0, 1)

Along this straight path the velocity is dx_s/ds = x1 - x0. A network sees the input frame, x_s and s and
predicts either that velocity ("velocity") or the clean next frame x1 ("clean"), from which
v = (x1_hat - x_s) / (1 - s). Sampling integrates dx/ds = v from noise at s = 0 to s = 1 with NFE Euler steps,
on a grid s_i = (i / NFE)^2 that is finer near s = 0, where the sample's direction is decided.
Nothing here knows that the ball has two futures, or where they are: the loss is plain regression on
pairs, and the sampler starts from Gaussian noise.
"""
import itertools
import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from common.training import uses_channels_last
from common.world import FRAME_SIZE, render_frame

PREDICTIONS = ("clean", "velocity")
PREDICTION = "clean"     # the clean frame, not the velocity (docs/flow.md)
NFE = 8                  # the default number of Euler steps: sharpness and validity stop improving here (docs/flow.md)
# Euler grid s_i = (i / NFE) ** GRID_POWER. A sample's direction is settled while s is small (the two futures
# are then hard to tell apart under the noise); equal steps there (power 1) overshoot towards E[y|x] and
# send too many samples to the likelier future. Measured against power 1 in the biased world: docs/flow.md.
GRID_POWER = 2
TIME_FREQUENCIES = 16    # sinusoidal features of s fed to the time embedding
# Half the article's encoder widths (the convolutions are what costs on a CPU, and every sample costs NFE
# of them) and a wider embedding (384), so the whole network has about 1M parameters.
WIDTHS = (8, 16, 32, 64)
EMBED_DIM = 384
# Training recipe (AdamW, warm-up then cosine decay, common.training.train). Batch 32 at lr 2e-3 instead of the
# pixel models' 16 at 4e-3: the flow-matching target is noisier (a random s and x0 every pair).
STEPS = 4000
TIME_POWER = 1           # training flow times s = u ** TIME_POWER, u ~ U(0, 1)
RECIPE = {"batch_size": 32, "lr": 2e-3, "warmup": 100}
_BOTTOM = FRAME_SIZE // 2 ** len(WIDTHS)


class FlowNet(nn.Module):
    """The article's encoder/decoder turned into a small U-Net that also sees x_s and s.

    In: the input frame, the noisy next frame x_s and a constant plane of s (3 channels). The encoder's four
    stride-2 convolutions go down to a 384-d embedding, to which an embedding of s is added; the decoder's
    transposed convolutions come back up, each also reading the encoder's features at its resolution
    (U-Net skips), and a last 3x3 convolution sees the full-resolution inputs again. Out: one 64x64 frame,
    the clean next frame or the velocity, as `prediction` says.
    """

    def __init__(self, widths=WIDTHS, embed_dim=EMBED_DIM, prediction=PREDICTION):
        super().__init__()
        if prediction not in PREDICTIONS:
            raise ValueError(f"prediction must be one of {PREDICTIONS}, got {prediction!r}")
        self.prediction, self.widths = prediction, tuple(widths)
        c_in, self.downs = 3, nn.ModuleList()
        for c_out in widths:
            self.downs.append(nn.Conv2d(c_in, c_out, 3, stride=2, padding=1))
            c_in = c_out
        self.to_embedding = nn.Linear(c_in * _BOTTOM * _BOTTOM, embed_dim)
        self.time = nn.Sequential(nn.Linear(2 * TIME_FREQUENCIES, embed_dim), nn.GELU(), nn.Linear(embed_dim, embed_dim))
        self.from_embedding = nn.Linear(embed_dim, c_in * _BOTTOM * _BOTTOM)
        ups_out = tuple(widths[::-1][1:]) + (widths[0],)   # 128 -> 64 -> 32 -> 16 -> 16 channels, 4x4 -> 64x64
        self.ups = nn.ModuleList()
        for skip, c_out in zip(widths[::-1], ups_out):
            self.ups.append(nn.ConvTranspose2d(c_in + skip, c_out, 3, stride=2, padding=1, output_padding=1))
            c_in = c_out
        self.out = nn.Conv2d(c_in + 3, 1, 3, padding=1)

    def time_features(self, s):
        freqs = torch.exp(torch.linspace(0, math.log(1000), TIME_FREQUENCIES, device=s.device))
        angles = s[:, None] * freqs[None]
        return torch.cat([angles.sin(), angles.cos()], 1)

    def forward(self, frame, x_s, s):
        """frame, x_s: (B, 1, 64, 64); s: (B,) flow times in [0, 1]. Returns (B, 1, 64, 64)."""
        inputs = torch.cat([frame, x_s, s[:, None, None, None].expand_as(x_s)], 1)
        h, skips = inputs, []
        for conv in self.downs:
            h = F.gelu(conv(h))
            skips.append(h)
        embedding = self.to_embedding(h.flatten(1)) + self.time(self.time_features(s))
        h = self.from_embedding(F.gelu(embedding)).view(-1, self.widths[-1], _BOTTOM, _BOTTOM)
        for up, skip in zip(self.ups, skips[::-1]):
            h = F.gelu(up(torch.cat([h, skip], 1)))
        return self.out(torch.cat([h, inputs], 1))


def flow_config(model):
    return {"widths": list(model.widths), "prediction": model.prediction}


def flow_net(config):
    """The FlowNet a train_sampler.py checkpoint's config describes."""
    return FlowNet(tuple(config["widths"]), prediction=config["prediction"])


def interpolate(x0, x1, s):
    """The straight path between noise x0 and data x1 at flow time s (B,): x_s = s * x1 + (1 - s) * x0."""
    s = s[:, None, None, None]
    return s * x1 + (1 - s) * x0


def flow_matching_loss(model, x_t, x_next, time_power=TIME_POWER):
    """Conditional flow matching: regress the velocity x1 - x0 (or the clean x1) at a random point of the path,
    s = u ** time_power with u ~ U(0, 1) (time_power 1: the papers' uniform s)."""
    x1 = x_next
    x0 = torch.randn_like(x1)
    s = torch.rand(len(x1), device=x1.device) ** time_power
    target = x1 - x0 if model.prediction == "velocity" else x1
    return F.mse_loss(model(x_t, interpolate(x0, x1, s), s), target)


def velocity(model, frame, x_s, s):
    """dx/ds at (x_s, s) from the network's output, whichever quantity it predicts."""
    out = model(frame, x_s, torch.full((len(x_s),), s, device=x_s.device))
    return out if model.prediction == "velocity" else (out - x_s) / (1 - s)


def time_grid(nfe, power=GRID_POWER):
    """The NFE + 1 flow times of the Euler sampler, from 0 to 1: (i / nfe) ** power."""
    return np.linspace(0.0, 1.0, nfe + 1) ** power


def for_sampling(model, device="cpu"):
    """The model in eval mode on `device`, channels-last on a CPU (faster convolutions, the same kind of numbers)."""
    channels_last = uses_channels_last(model, device)
    return model.to(device, memory_format=torch.channels_last if channels_last else torch.contiguous_format).eval()


def fresh_noise_share(s, s_next, eta):
    """How much of the noise at s_next is fresh in DDIM's eta family, written for the straight path: with the
    signal fraction a(s) = s^2 / (s^2 + (1 - s)^2) of the variance-preserving form of x_s, DDIM's
    sigma^2 = eta^2 (1 - a(s')) / (1 - a(s)) (1 - a(s) / a(s')) is this share squared times 1 - a(s')."""
    a, a_next = (t ** 2 / (t ** 2 + (1 - t) ** 2) for t in (s, s_next))
    return min(1.0, eta * math.sqrt((1 - a / a_next) / (1 - a)))


@torch.no_grad()
def euler_sample(model, frames, nfe, generator, power=GRID_POWER, eta=0.0):
    """Next frames for input frames (B, 1, 64, 64): NFE Euler steps of dx/ds = v from x0 ~ N(0, I) at s = 0,
    on time_grid(nfe, power).

    eta > 0 makes the sampler stochastic at the same NFE: DDIM's eta family (Song et al. 2021) on the straight
    path. Each step splits x_s into the network's clean guess x1_hat and the noise it implies,
    x0_hat = (x_s - s x1_hat) / (1 - s), mixes that noise with fresh noise (fresh_noise_share) and puts the two
    together at the next flow time, s' x1_hat + (1 - s') noise. eta = 0 is the Euler step itself; eta = 1 is
    DDPM's ancestral sampling (Ho et al. 2020) on this path."""
    x = torch.randn(frames.shape, generator=generator, device=frames.device, dtype=frames.dtype)
    if uses_channels_last(model, frames.device):
        frames, x = (a.contiguous(memory_format=torch.channels_last) for a in (frames, x))
    grid = time_grid(nfe, power)
    for s, s_next in itertools.pairwise(grid):
        x = flow_step(x, velocity(model, frames, x, float(s)), float(s), float(s_next), eta, generator)
    return x


def flow_step(x, v, s, s_next, eta=0.0, generator=None):
    """x at s_next from x at s and the velocity v there: the Euler step (eta 0), or euler_sample's stochastic
    step, whose fresh noise `generator` draws."""
    if eta == 0 or s_next == 1:
        return x + v * (s_next - s)
    x1_hat, x0_hat = x + (1 - s) * v, x - s * v
    fresh = torch.randn(x.shape, generator=generator, device=x.device, dtype=x.dtype)
    share = fresh_noise_share(s, s_next, eta)
    return s_next * x1_hat + (1 - s_next) * (math.sqrt(1 - share ** 2) * x0_hat + share * fresh)


@torch.no_grad()
def sample_frames(model, frames, nfe=NFE, seed=0, device="cpu", batch_size=1024, progress=None):
    """Samples of the next frame, one per input frame: frames (n, 64, 64) numpy -> (n, 64, 64) float32 numpy.

    One torch.Generator seeded with `seed` draws the starting noise batch after batch, so the same seed,
    batch size and device give the same samples."""
    model = for_sampling(model, device)
    generator = torch.Generator(device).manual_seed(seed)
    frames = np.array(frames, dtype=np.float32)   # a writable copy: torch.from_numpy shares it
    out = []
    for i in range(0, len(frames), batch_size):
        batch = torch.from_numpy(frames[i:i + batch_size, None]).to(device)
        out.append(euler_sample(model, batch, nfe, generator)[:, 0].float().cpu().numpy())
        if progress is not None:
            progress.update(len(batch))
    return np.concatenate(out) if out else np.zeros((0, FRAME_SIZE, FRAME_SIZE), np.float32)


def sample_next_frames(model, frame=None, *, x=None, n=16, nfe=NFE, seed=0, device="cpu"):
    """N samples (n, 64, 64) of the next frame after one input frame (64, 64), or after a ball at column x."""
    if (frame is None) == (x is None):
        raise ValueError("give either an input frame or a column x")
    frame = render_frame(x) if frame is None else np.asarray(frame, dtype=np.float32)
    return sample_frames(model, np.broadcast_to(frame, (n, FRAME_SIZE, FRAME_SIZE)), nfe, seed, device)
