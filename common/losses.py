"""Training objectives, each as loss(model, x_t, x_next) -> scalar tensor.

x_t is a batch of input frames (B, C, 64, 64) and x_next the actual next frames (B, 1, 64, 64).
"""
import torch
import torch.nn.functional as F

WINNER_WEIGHT = 0.95   # mixture: share of the MSE gradient for the closest hypothesis; the rest keeps the others alive
PRIOR_WEIGHT = 0.01    # mixture: weight of the cross-entropy that fits the prior (0.1 gave blurrier samples, no better shares)


def mse_loss(model, x_t, x_next):
    """The article's objective: mean squared error between the predicted and the actual next frame."""
    return F.mse_loss(model(x_t).float(), x_next)


def mixture_loss(model, x_t, x_next):
    """Winner-takes-most MSE over the K hypotheses of a MixturePredictor (multiple-choice learning,
    Guzman-Rivera et al. 2012; Rupprecht et al. 2017), plus a cross-entropy teaching the prior who wins."""
    frames, logits = model.hypotheses(x_t)
    errors = ((frames.float() - x_next) ** 2).mean(dim=(2, 3))             # (B, K): MSE of every hypothesis
    winner = errors.argmin(1)
    k = errors.shape[1]
    weights = torch.full_like(errors, (1 - WINNER_WEIGHT) / max(1, k - 1))
    weights.scatter_(1, winner[:, None], WINNER_WEIGHT)
    return (weights * errors).sum(1).mean() + PRIOR_WEIGHT * F.cross_entropy(logits.float(), winner)


# The pixel losses train.py offers by name (--loss).
LOSSES = {"mse": mse_loss}
