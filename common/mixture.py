"""Sampling from a 2-component mixture: refitting the MixturePredictor's prior and drawing from it.

Why this model. The question is whether a model that *samples* a future, rather than outputting one
frame, escapes the blur. The cheapest such model that trains in a minute on a CPU is a discrete
latent-variable model: K hypotheses and a learned prior P(k | x) (common/models.MixturePredictor),
trained winner-takes-most (common/losses.mixture_loss). It is told K: with K = 2 it knows that this
world has two futures, which a diffusion-style sampler is not told.

The prior learned during training is noisy: its cross-entropy has a small weight and sees 16 pairs a
step. So, as is usual for latent-variable models whose prior is fitted after the decoder, `fit_prior`
refits the prior head afterwards on the frozen encoder, from many fresh pairs and their winners.
"""
import numpy as np
import torch
import torch.nn.functional as F
from tqdm import tqdm

from common.data import stream_rng, to_batch
from common.smear import nearest_future
from common.world import ARTICLE, render_frames, sample_positions

PRIOR_PAIRS = 262144   # fresh pairs on which fit_prior refits the prior (65,536 left gaps of 0.045)
PRIOR_ITERATIONS = 300


def fit_prior(model, device, seed, pairs=PRIOR_PAIRS, iterations=PRIOR_ITERATIONS, batch_size=1024, world=ARTICLE,
              progress=True):
    """Refit the prior head (logistic regression on the frozen embedding) to who wins on fresh pairs.

    Returns the cross-entropy before and after, on those pairs."""
    was_training = model.training
    model.eval()
    rng, embeddings, winners = stream_rng(seed, "mixture_prior"), [], []
    with torch.no_grad():
        sizes = np.diff(np.r_[0:pairs:batch_size, pairs])   # batch by batch: all the frames would not fit in memory
        for n in tqdm(sizes, desc="prior: winners on fresh pairs", disable=not progress, leave=False):
            cols = sample_positions(n, rng, world)
            x_t, x_next = (to_batch(render_frames(cols[:, i]), device) for i in (0, 1))
            embedding = model.encoder(x_t)
            errors = ((model.decoder(embedding).float() - x_next) ** 2).mean(dim=(2, 3))
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
    model.train(was_training)
    return before, F.cross_entropy(head(embeddings), winners).item()


@torch.no_grad()
def hypotheses_and_prior(model, frames, device="cpu"):
    """The K hypotheses (n, K, 64, 64) and the prior P(k | x) (n, K) for input frames (n, 64, 64), as numpy."""
    was_training = model.training
    model.eval()
    hyps, logits = model.hypotheses(to_batch(frames, device))
    model.train(was_training)
    return hyps.float().cpu().numpy(), torch.softmax(logits.float(), 1).cpu().numpy().astype(np.float64)


def draw_samples(model, frames, n_samples, rng, device="cpu"):
    """`n_samples` next frames per input frame: pick k from the prior, return hypothesis k. (n, S, 64, 64)."""
    hyps, prior = hypotheses_and_prior(model, frames, device)
    picks = np.stack([rng.choice(prior.shape[1], size=n_samples, p=p / p.sum()) for p in prior])
    return hyps[np.arange(len(frames))[:, None], picks]


def right_probability(model, x, device="cpu"):
    """P(a sample goes right | x) for columns x (n,): the prior's mass on the hypotheses nearer the
    right-moving future. The exact share that infinitely many samples would give. (n,)"""
    x = np.asarray(x, dtype=np.float64)
    hyps, prior = hypotheses_and_prior(model, render_frames(x), device)
    _, side = nearest_future(hyps, x)
    return (prior * (side == 1)).sum(1)
