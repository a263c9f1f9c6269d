import itertools

import numpy as np
import pytest
import torch

from common.data import make_heldout
from common.models import PixelPredictor
from common.oracle import mse
from common.training import lr_at, predict, train


def test_cosine_schedule_warms_up_then_decays_to_zero():
    lrs = [lr_at(s, 100, 1.0, "cosine", 10) for s in range(100)]
    assert lrs[0] == pytest.approx(0.1) and lrs[9] == pytest.approx(1.0)
    assert lrs[10] == pytest.approx(1.0) and lrs[55] == pytest.approx(0.5, abs=1e-9)
    assert all(a >= b for a, b in itertools.pairwise(lrs[10:])) and lrs[-1] < 0.001
    assert {lr_at(s, 100, 0.3, "constant", 10) for s in range(100)} == {0.3}


def test_short_training_moves_far_towards_the_conditional_mean():
    """After 150 steps the prediction is much nearer E[y|x] than the empty frame is."""
    held = make_heldout(256)
    torch.manual_seed(0)
    model = PixelPredictor()
    train(model, "cpu", held, steps=150, seed=0, eval_points=0, progress=False)
    distance = mse(predict(model, held["x_t"], "cpu"), held["oracle"])
    assert distance < 0.25 * mse(0.0, held["oracle"])


def test_same_seed_same_weights_and_losses():
    held = make_heldout(32)
    runs = []
    for _ in range(2):
        torch.manual_seed(3)
        model = PixelPredictor()
        history = train(model, "cpu", held, steps=3, seed=3, batch_size=8, eval_points=1, progress=False)
        runs.append((model.state_dict(), history["loss"]))
    assert runs[0][1] == runs[1][1]
    assert all(torch.equal(runs[0][0][k], runs[1][0][k]) for k in runs[0][0])


def test_predict_restores_the_mode_it_found():
    model = PixelPredictor().eval()
    predict(model, np.zeros((2, 64, 64), np.float32), "cpu")
    assert not model.training
    predict(model.train(), np.zeros((2, 64, 64), np.float32), "cpu")
    assert model.training


def test_a_loss_that_stops_being_finite_stops_the_training():
    """Diverged, naming the step, as soon as the loss is not a finite number (the scripts turn it into one line)."""
    from common.training import Diverged
    blows_up = lambda model, x_t, x_next: (model(x_t) - x_next).pow(2).mean() * float("inf")
    with pytest.raises(Diverged, match="step 1 of 5"):
        train(PixelPredictor(), "cpu", None, steps=5, seed=0, batch_size=2, loss_fn=blows_up, eval_points=0, progress=False)
