"""Part 3: predict the embedding of the next frame, not its pixels (a joint-embedding predictive architecture).

Data flows top to bottom: frame_t and frame_t+1 -> the article's Encoder (one set of weights for both)
-> z_t, z_next (128-d); a small predictor MLP maps z_t -> z_hat, a prediction of z_next. Four objectives,
each loss(model, x_t, x_next) -> scalar, so common.training.train runs them as it runs the pixel losses:

  prediction  MSE(z_hat, z_next) alone: a constant embedding predicts itself, so it collapses
  barlow      Barlow Twins (Zbontar et al. 2021) on the pair (z_hat, z_next)
  vicreg      VICReg (Bardes, Ponce & LeCun 2022): invariance MSE(z_hat, z_next); variance and covariance
              on the encoder's two outputs (z_t, z_next), so the predictor stays free to shrink towards
              E[z_next | x] where the future is uncertain
  sigreg      LeJEPA (Balestriero & LeCun 2025): (1 - lambda) MSE(z_hat, z_next) + lambda SIGReg, per view

Each regulariser is computed as the papers' reference code computes it: Barlow Twins standardises with the
biased (1/N) standard deviation, as its BatchNorm does; VICReg averages the variance term over the two branches
and sums the covariance term (the paper's equation sums both; the code is followed); SIGReg is applied to each
view and averaged. An optional expander (both papers put one between the encoder and the loss) maps every
embedding through Linear-BatchNorm-ReLU, Linear-BatchNorm-ReLU, Linear before the loss; the read-outs use the
encoder's output, as the papers' probes do.

No stop-gradient and no teacher anywhere: the target branch is the same encoder, trained through.
"""
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from common.data import to_batch
from common.models import EMBED_DIM, Encoder

PREDICTOR_HIDDEN = 256
EXPANDED_LOSSES = ("barlow", "vicreg")   # the two papers that put an expander before the loss
EXPANDER_WIDTH = 512                     # the papers' 8192 is 4x their 2048-d features; 4x this encoder's 128

BARLOW_LAMBDA = 5e-3                     # weight of the off-diagonal (redundancy) term, the paper's default
VICREG_WEIGHTS = (25.0, 25.0, 1.0)       # invariance, variance, covariance: the paper's defaults
VICREG_GAMMA, VICREG_EPS = 1.0, 1e-4     # target standard deviation and its numerical guard
SIGREG_LAMBDA = 0.05                     # LeJEPA's trade-off weight (its default)
SIGREG_DIRECTIONS = 256                  # M random unit directions, drawn fresh every step
SIGREG_KNOTS = 17                        # quadrature points on t in [0, SIGREG_T_MAX], doubled by symmetry
SIGREG_T_MAX = 3.0


def expander(embed_dim, width):
    """The projector shape of Barlow Twins and VICReg, `width` wide (8192 in both papers, on 2048-d features):
    Linear-BatchNorm-ReLU, Linear-BatchNorm-ReLU, Linear."""
    return nn.Sequential(nn.Linear(embed_dim, width), nn.BatchNorm1d(width), nn.ReLU(),
                         nn.Linear(width, width), nn.BatchNorm1d(width), nn.ReLU(), nn.Linear(width, width))


class JEPA(nn.Module):
    """The article's Encoder for both frames and a two-layer predictor z_t -> z_hat; forward(x_t) = z_hat.
    With `expander_width` > 0, the losses see every embedding through an expander (the read-outs never do)."""

    def __init__(self, embed_dim=EMBED_DIM, hidden=PREDICTOR_HIDDEN, expander_width=0):
        super().__init__()
        self.encoder = Encoder(embed_dim=embed_dim)
        self.predictor = nn.Sequential(nn.Linear(embed_dim, hidden), nn.GELU(), nn.Linear(hidden, embed_dim))
        self.expander = expander(embed_dim, expander_width) if expander_width else nn.Identity()

    def forward(self, x_t):
        return self.predictor(self.encoder(x_t))

    def branches(self, x_t, x_next):
        """(z_t, z_hat, z_next) as the losses see them: both frames through one encoder in one batch, the
        predictor on z_t, then each of the three through the expander (if any) on its own."""
        z = self.encoder(torch.cat([x_t, x_next])).float()
        z_t, z_next = z.chunk(2)
        return tuple(self.expander(v) for v in (z_t, self.predictor(z_t), z_next))


# ---- the regularisers, on embeddings (N, D) ----

def standardize(z, eps=1e-5):
    """Each dimension to zero mean and unit standard deviation over the batch, the standard deviation biased
    (1/N) as BatchNorm1d(affine=False) computes it, eps inside the square root: identical branches give C_ii = 1."""
    return (z - z.mean(0)) / torch.sqrt(z.var(0, unbiased=False) + eps)


def barlow_twins(z_a, z_b, lam=BARLOW_LAMBDA):
    """sum_i (1 - C_ii)^2 + lambda sum_{i != j} C_ij^2, C = the batch cross-correlation of the two branches.
    Returns (loss, on-diagonal term) so the invariance part can be checked on its own."""
    n = z_a.shape[0]
    c = standardize(z_a).T @ standardize(z_b) / n
    on_diag = (1 - torch.diagonal(c)).pow(2).sum()
    off_diag = (c - torch.diag(torch.diagonal(c))).pow(2).sum()
    return on_diag + lam * off_diag, on_diag


def vicreg_variance(z, gamma=VICREG_GAMMA, eps=VICREG_EPS):
    """Hinge on every dimension's standard deviation: mean_d max(0, gamma - sqrt(Var(z_d) + eps))."""
    return F.relu(gamma - torch.sqrt(z.var(0) + eps)).mean()


def vicreg_covariance(z):
    """Sum of the squared off-diagonal entries of the covariance matrix, divided by D."""
    n, d = z.shape
    z = z - z.mean(0)
    cov = z.T @ z / (n - 1)
    return (cov - torch.diag(torch.diagonal(cov))).pow(2).sum() / d


def epps_pulley(s, knots=SIGREG_KNOTS, t_max=SIGREG_T_MAX):
    """Epps-Pulley statistic of each column of s (N, M) against N(0, 1):
    N * integral |phi_hat(t) - exp(-t^2/2)|^2 exp(-t^2/2) dt over [-t_max, t_max], by the trapezoid rule
    on [0, t_max] doubled (the integrand is even)."""
    n = s.shape[0]
    t = torch.linspace(0, t_max, knots, device=s.device, dtype=s.dtype)
    target = torch.exp(-t ** 2 / 2)                      # the standard normal's characteristic function
    ts = s[:, :, None] * t                               # (N, M, T)
    real, imag = torch.cos(ts).mean(0), torch.sin(ts).mean(0)
    gap = (real - target) ** 2 + imag ** 2               # |phi_hat(t) - phi(t)|^2, (M, T)
    weights = torch.full_like(t, t_max / (knots - 1))
    weights[0] = weights[-1] = weights[0] / 2            # trapezoid
    return n * 2 * (gap * target * weights).sum(-1)


def random_directions(dim, directions, like, generator=None):
    """`directions` random unit vectors in R^dim, as columns (dim, directions), on `like`'s device and dtype."""
    a = torch.randn(dim, directions, device=like.device, dtype=like.dtype, generator=generator)
    return a / a.norm(dim=0, keepdim=True)


def sigreg(z, directions=SIGREG_DIRECTIONS, generator=None):
    """SIGReg: project the embeddings on M random unit directions (fresh each call) and average the
    Epps-Pulley statistics of the projections; ~1 for isotropic N(0, I) embeddings, large for a collapse."""
    return epps_pulley(z @ random_directions(z.shape[1], directions, z, generator)).mean()


# ---- the four objectives, as loss(model, x_t, x_next) ----

def prediction_loss(model, x_t, x_next):
    """Predict the next embedding, nothing else: the naive joint embedding that collapses."""
    _, z_hat, z_next = model.branches(x_t, x_next)
    return F.mse_loss(z_hat, z_next)


def barlow_loss(model, x_t, x_next):
    """Barlow Twins on (predicted, target) embeddings: the predictor's output must correlate with z_next
    dimension by dimension (invariance), and the dimensions must not repeat each other (redundancy)."""
    _, z_hat, z_next = model.branches(x_t, x_next)
    return barlow_twins(z_hat, z_next)[0]


def vicreg_loss(model, x_t, x_next):
    """VICReg: 25 * invariance + 25 * variance + 1 * covariance on the encoder's two branches, the variance term
    averaged over the branches and the covariance term summed, as the authors' code does."""
    z_t, z_hat, z_next = model.branches(x_t, x_next)
    w_inv, w_var, w_cov = VICREG_WEIGHTS
    variance = (vicreg_variance(z_t) + vicreg_variance(z_next)) / 2
    covariance = vicreg_covariance(z_t) + vicreg_covariance(z_next)
    return w_inv * F.mse_loss(z_hat, z_next) + w_var * variance + w_cov * covariance


def sigreg_views(views, directions=SIGREG_DIRECTIONS, generator=None):
    """SIGReg of each view (N, D) on the same random directions, averaged over the views (LeJEPA's code)."""
    a = random_directions(views[0].shape[1], directions, views[0], generator)
    return torch.stack([epps_pulley(z @ a).mean() for z in views]).mean()


def sigreg_loss(model, x_t, x_next, lam=SIGREG_LAMBDA):
    """LeJEPA: (1 - lambda) * prediction + lambda * SIGReg, per view (frame t and frame t+1), averaged."""
    z_t, z_hat, z_next = model.branches(x_t, x_next)
    return (1 - lam) * F.mse_loss(z_hat, z_next) + lam * sigreg_views([z_t, z_next])


JEPA_LOSSES = {"prediction": prediction_loss, "barlow": barlow_loss, "vicreg": vicreg_loss, "sigreg": sigreg_loss}


@torch.no_grad()
def embed(encoder, frames, device="cpu", batch_size=1024):
    """Embeddings of frames (N, 64, 64) by an encoder (a JEPA's, or any Encoder): numpy (N, 128) float32."""
    encoder = encoder.to(device).eval()
    out = [encoder(to_batch(np.asarray(frames[i:i + batch_size], dtype=np.float32), device)).float().cpu().numpy()
           for i in range(0, len(frames), batch_size)]
    return np.concatenate(out) if out else np.zeros((0, EMBED_DIM), np.float32)


@torch.no_grad()
def predict_embedding(model, frames, device="cpu", batch_size=1024):
    """The predictor's z_hat for frames (N, 64, 64): numpy (N, 128)."""
    model = model.to(device).eval()
    out = [model(to_batch(np.asarray(frames[i:i + batch_size], dtype=np.float32), device)).float().cpu().numpy()
           for i in range(0, len(frames), batch_size)]
    return np.concatenate(out)


# ---- the default recipe and where runs live (train.py writes them, measure.py and the figures read them) ----

JEPA_STEPS = 1500
JEPA_RECIPE = {"batch_size": 32, "lr": 2e-3}   # the rest (AdamW betas, warm-up, cosine, weight decay) is common.training.RECIPE


def run_name(loss, expander_width=0):
    """A run's name in file names and results: the loss, with "_expander" when the loss saw an expander."""
    return f"{loss}_expander" if expander_width else loss


RUN_NAMES = (*JEPA_LOSSES, *(run_name(loss, True) for loss in EXPANDED_LOSSES))


def jepa_checkpoint(name, seed, distractors=False, world_name="biased"):
    """checkpoints/jepa/WORLD/NAME[_dots]_seedN.pt, NAME a run_name: one file per run of train.py's defaults
    (name "pixel": part2_jepa/train_pixel.py's PixelPredictor)."""
    return f"checkpoints/jepa/{world_name}/{name}{'_dots' if distractors else ''}_seed{seed}.pt"


def jepa_model(config):
    """The JEPA a train.py checkpoint's config describes (for common.files.load_run)."""
    return JEPA(hidden=config.get("predictor_hidden", PREDICTOR_HIDDEN), expander_width=config.get("expander", 0))
