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


# Losses against blur from Mathieu, Couprie & LeCun (2016), "Deep multi-scale video prediction beyond mean
# square error". Per-pixel means where the paper sums over pixels, so a weight means the same at any frame size.
GDL_ALPHA = 1       # the paper's alpha: 1 or 2
LAMBDA_GDL = 1.0    # weight of the gradient difference beside the MSE (the paper's lambda_gdl; docs/losses.md)


def l1_loss(model, x_t, x_next):
    """The paper's L_p with p = 1: mean |y_hat - y|. Its optimum is the per-pixel conditional median, not the mean."""
    return (model(x_t).float() - x_next).abs().mean()


def gradient_difference(y_hat, y, alpha=GDL_ALPHA):
    """The paper's L_gdl: | |y[i,j] - y[i-1,j]| - |y_hat[i,j] - y_hat[i-1,j]| |^alpha, plus the same along j,
    averaged over the pixel pairs of each direction: it asks the prediction for the target's edges."""
    rows = (y[..., 1:, :] - y[..., :-1, :]).abs() - (y_hat[..., 1:, :] - y_hat[..., :-1, :]).abs()
    cols = (y[..., :, 1:] - y[..., :, :-1]).abs() - (y_hat[..., :, 1:] - y_hat[..., :, :-1]).abs()
    return (rows.abs() ** alpha).mean() + (cols.abs() ** alpha).mean()


def gdl_loss(model, x_t, x_next):
    """The paper's L_2 + lambda_gdl * L_gdl: MSE plus the gradient difference."""
    y_hat = model(x_t).float()
    return F.mse_loss(y_hat, x_next) + LAMBDA_GDL * gradient_difference(y_hat, x_next)


def discriminator_loss(discriminator, x_t, x_next, y_hat):
    """The paper's L_adv^D: BCE(D(x, y), 1) + BCE(D(x, G(x)), 0); the prediction is detached (D's step only)."""
    real, fake = discriminator(x_t, x_next), discriminator(x_t, y_hat.detach())
    return (F.binary_cross_entropy_with_logits(real, torch.ones_like(real))
            + F.binary_cross_entropy_with_logits(fake, torch.zeros_like(fake)))


def adversarial_loss(discriminator, x_t, x_next, y_hat, lambda_adv, lambda_lp, lambda_gdl):
    """The predictor's loss: lambda_adv * BCE(D(x, G(x)), 1) + lambda_lp * L_2 + lambda_gdl * L_gdl."""
    fake = discriminator(x_t, y_hat)
    return (lambda_adv * F.binary_cross_entropy_with_logits(fake, torch.ones_like(fake))
            + lambda_lp * F.mse_loss(y_hat, x_next) + lambda_gdl * gradient_difference(y_hat, x_next))


# The pixel losses train.py offers by name (--loss).
LOSSES = {"mse": mse_loss, "l1": l1_loss, "gdl": gdl_loss}
