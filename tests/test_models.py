import json

import pytest
import torch

from common.data import make_heldout
from common.device import pick_device
from common.models import (
    Decoder,
    Encoder,
    MixturePredictor,
    PatchTransformer,
    PixelPredictor,
    count_parameters,
    pixel_predictor,
)
from common.training import evaluate


def test_shapes_follow_the_article():
    x = torch.rand(3, 1, 64, 64)
    model = PixelPredictor()
    embedding = model.encoder(x)
    assert embedding.shape == (3, 128)
    assert model.decoder(embedding).shape == (3, 1, 64, 64)
    assert model(x).shape == (3, 1, 64, 64)


def test_encoder_has_four_convolutions_1_16_32_64_128():
    convs = [m for m in Encoder().modules() if isinstance(m, torch.nn.Conv2d)]
    assert [(c.in_channels, c.out_channels) for c in convs] == [(1, 16), (16, 32), (32, 64), (64, 128)]
    deconvs = [m for m in Decoder().modules() if isinstance(m, torch.nn.ConvTranspose2d)]
    assert [(c.in_channels, c.out_channels) for c in deconvs] == [(128, 64), (64, 32), (32, 16), (16, 1)]


def test_parameter_count_is_about_700k():
    n = count_parameters(PixelPredictor())
    print(f"PixelPredictor parameters: {n:,}")
    assert 600_000 <= n <= 800_000


def test_sigmoid_output_stays_in_unit_interval():
    out = PixelPredictor(activation="sigmoid")(torch.randn(4, 1, 64, 64) * 10)
    assert out.min() >= 0 and out.max() <= 1


def test_default_output_is_linear_like_every_trained_model():
    """PixelPredictor() has no output activation: a sigmoid model with the same weights is its sigmoid."""
    linear, squashed = PixelPredictor(), PixelPredictor(activation="sigmoid")
    squashed.load_state_dict(linear.state_dict())
    x = torch.rand(2, 1, 64, 64)
    torch.testing.assert_close(torch.sigmoid(linear(x)), squashed(x))
    assert not torch.allclose(linear(x), squashed(x))


def test_readme_snippet_loads_a_train_checkpoint_and_scores_as_its_own_evaluation(tiny_checkpoint):
    """The README's "use the trained model from Python": PixelPredictor() + load_state_dict(ckpt["model"])."""
    model = PixelPredictor()
    model.load_state_dict(torch.load(tiny_checkpoint, weights_only=True)["model"])
    own = json.loads(tiny_checkpoint.with_suffix(".json").read_text())["heldout"]
    assert evaluate(model, make_heldout(), "cpu")["mse"] == pytest.approx(own["mse"], rel=1e-6)


def test_transformer_maps_a_frame_to_a_frame():
    assert PatchTransformer()(torch.rand(2, 1, 64, 64)).shape == (2, 1, 64, 64)


def test_mixture_point_estimate_is_the_prior_weighted_hypotheses():
    model = MixturePredictor(3)
    x = torch.rand(2, 1, 64, 64)
    hyps, logits = model.hypotheses(x)
    expected = (torch.softmax(logits, 1)[:, :, None, None] * hyps).sum(1, keepdim=True)
    torch.testing.assert_close(model(x), expected)


def test_wider_encoder_has_more_parameters():
    assert count_parameters(PixelPredictor((32, 64, 128, 256))) > count_parameters(PixelPredictor())


def test_device_choice():
    assert pick_device("cpu") == torch.device("cpu")
    assert pick_device("auto").type in ("cpu", "cuda", "mps")
    with pytest.raises(ValueError):
        pick_device("tpu")


def test_coordinate_channels_are_an_option_a_config_rebuilds():
    plain, coords = PixelPredictor(), PixelPredictor(coordinates=True)
    assert count_parameters(coords) - count_parameters(plain) == 2 * 16 * 3 * 3   # two more input planes
    assert set(plain.state_dict()) == set(coords.state_dict())   # the planes are made, not stored
    assert pixel_predictor({"coordinates": True}).coordinates and not pixel_predictor({}).coordinates
    frames = torch.zeros(2, 1, 64, 64)
    assert coords(frames).shape == (2, 1, 64, 64)
