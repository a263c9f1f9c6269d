"""Sampling instead of point prediction: training and reading the MixturePredictor.

Why this model. The question is whether a model that *samples* a future, rather than outputting one
frame, escapes the blur. The cheapest such model that trains in a minute on a CPU is a discrete
latent-variable model: K hypotheses and a learned prior P(k | x) (common/models.MixturePredictor).
Diffusion or flow matching would also sample, but need many denoising steps per sample and far more
training to draw sharp 64x64 discs. The hypotheses are trained winner-takes-most: for each pair the
hypothesis closest to the actual next frame gets almost all of the MSE gradient, and the prior learns,
by cross-entropy, how often each hypothesis wins at x. K = 2 is a choice made knowing this world has
two futures; more hypotheses than futures leave some of them unused.

The prior learned during training is noisy: its cross-entropy has a small weight and sees 16 pairs a
step. So, as is usual for latent-variable models whose prior is fitted after the decoder, `fit_prior`
refits the prior head afterwards on the frozen encoder, from many fresh pairs and their winners.
"""
import numpy as np
import torch
import torch.nn.functional as F
from tqdm import tqdm

from common.training import PRIOR_STREAM, stream_rng
from common.world import SPEED, render_frames, sample_pairs

WINNER_WEIGHT = 0.95   # share of the MSE gradient for the closest hypothesis; the rest keeps the others alive
PRIOR_WEIGHT = 0.01    # weight of the cross-entropy that fits the prior (0.1 gave blurrier samples, no better shares)
PRIOR_PAIRS = 262144   # fresh pairs on which fit_prior refits the prior (65,536 left gaps of 0.045)
PRIOR_ITERATIONS = 300


def mixture_loss(model, x, y):
    """Winner-takes-most MSE over the hypotheses plus cross-entropy teaching the prior who wins."""
    frames, logits = model.hypotheses(x)
    errors = ((frames.float() - y) ** 2).mean(dim=(2, 3))             # (B, K): MSE of every hypothesis
    winner = errors.argmin(1)
    k = errors.shape[1]
    weights = torch.full_like(errors, (1 - WINNER_WEIGHT) / max(1, k - 1))
    weights.scatter_(1, winner[:, None], WINNER_WEIGHT)
    return (weights * errors).sum(1).mean() + PRIOR_WEIGHT * F.cross_entropy(logits.float(), winner)


def fit_prior(model, device, seed, pairs=PRIOR_PAIRS, iterations=PRIOR_ITERATIONS, batch_size=1024, progress=True):
    """Refit the prior head (logistic regression on the frozen embedding) to who wins on fresh pairs.

    Returns the cross-entropy before and after, on those pairs."""
    model.eval()
    rng, embeddings, winners = stream_rng(seed, PRIOR_STREAM), [], []
    with torch.no_grad():
        sizes = np.diff(np.r_[0:pairs:batch_size, pairs])   # batch by batch: all the frames would not fit in memory
        for n in tqdm(sizes, desc="prior: winners on fresh pairs", disable=not progress, leave=False):
            _, _, frames, next_frames = sample_pairs(n, rng)
            x, y = (torch.from_numpy(f).unsqueeze(1).to(device) for f in (frames, next_frames))
            embedding = model.encoder(x)
            errors = ((model.decoder(embedding).float() - y) ** 2).mean(dim=(2, 3))
            embeddings.append(embedding.float())
            winners.append(errors.argmin(1))
    embeddings, winners = torch.cat(embeddings), torch.cat(winners)
    head = model.prior.float()
    before = F.cross_entropy(head(embeddings), winners).item()
    optimizer = torch.optim.LBFGS(head.parameters(), max_iter=iterations, line_search_fn="strong_wolfe")

    def closure():
        optimizer.zero_grad()
        loss = F.cross_entropy(head(embeddings), winners)
        loss.backward()
        return loss

    optimizer.step(closure)
    model.train()
    return before, F.cross_entropy(head(embeddings), winners).item()


@torch.no_grad()
def draw_samples(model, frames, n_samples, rng, device="cpu"):
    """`n_samples` next frames per input frame: pick k from the prior, return hypothesis k. (n, S, 64, 64)."""
    model.eval()
    hyps, logits = model.hypotheses(torch.from_numpy(frames).unsqueeze(1).to(device))
    prior = torch.softmax(logits.float(), 1).cpu().numpy().astype(np.float64)
    hyps = hyps.float().cpu().numpy()
    picks = np.stack([rng.choice(prior.shape[1], size=n_samples, p=p / p.sum()) for p in prior])
    model.train()
    return hyps[np.arange(len(frames))[:, None], picks]


@torch.no_grad()
def right_probability(model, x, device="cpu"):
    """P(a sample goes right | x) for columns x (n,): the prior's mass on the hypotheses nearer the
    right-moving future. The exact share that infinitely many samples would give. (n,)"""
    x = np.asarray(x, dtype=np.float64)
    model.eval()
    hyps, logits = model.hypotheses(torch.from_numpy(render_frames(x)).unsqueeze(1).to(device))
    model.train()
    _, right = nearest_future(hyps.float().cpu().numpy(), x)
    return (torch.softmax(logits.float(), 1).cpu().numpy() * right).sum(1)


def nearest_future(samples, x):
    """For samples (n, S, 64, 64) at columns x (n,): MSE to the nearer of the two possible next frames,
    and whether that nearer one is the right-moving future. Both (n, S)."""
    right = render_frames(np.asarray(x) + SPEED)[:, None]
    left = render_frames(np.asarray(x) - SPEED)[:, None]
    to_right = ((samples - right) ** 2).mean(axis=(2, 3))
    to_left = ((samples - left) ** 2).mean(axis=(2, 3))
    return np.minimum(to_right, to_left), to_right <= to_left
