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


def _one_offset(model, ox, oy):
    """Set a shifts head to put all its weight on the offset (ox, oy), whatever the frame."""
    logits = torch.full((9, 9), -1e4)
    logits[ox + 4, oy + 4] = 0
    head = model.decoder.to_logits[-1]
    with torch.no_grad():
        head.weight.zero_()
        head.bias.copy_(logits.flatten())


@pytest.mark.parametrize("ox, oy", [(2, -1), (-4, 3), (0, 0), (4, 4)])
def test_a_shifts_head_with_one_offset_moves_the_digit_there(ox, oy):
    from common.digits import render_frames
    model = PixelPredictor(coordinates=True, output="shifts")
    _one_offset(model, ox, oy)
    frame = torch.from_numpy(render_frames([7], [20], [10]))[:, None]
    with torch.no_grad():
        moved = model(frame)[0, 0].numpy()
    assert (moved == render_frames([7], [20 + ox], [10 + oy])[0]).all()


def test_a_shifts_heads_output_is_a_weighted_average_of_moved_frames():
    from common.digits import render_frames
    torch.manual_seed(0)
    model = PixelPredictor(coordinates=True, output="shifts", in_channels=2)
    frames = torch.rand(3, 2, 64, 64)
    frames[:, :, :4], frames[:, :, -4:], frames[:, :, :, :4], frames[:, :, :, -4:] = 0, 0, 0, 0   # nothing leaves
    with torch.no_grad():
        out, weights = model(frames), model.decoder.weights(model.embed(frames))
    assert weights.shape == (3, 9, 9) and torch.allclose(weights.sum((1, 2)), torch.ones(3))
    # it moves the last channel (the current frame) and keeps its ink
    assert torch.allclose(out.sum((1, 2, 3)), frames[:, -1].sum((1, 2)), rtol=1e-5)
    digit = torch.from_numpy(render_frames([3], [20], [30]))[:, None]
    with torch.no_grad():
        w = model.decoder.weights(model.embed(torch.cat([torch.zeros_like(digit), digit], 1)))[0].double().numpy()
        got = model(torch.cat([torch.zeros_like(digit), digit], 1))[0, 0].double().numpy()
    want = sum(w[i, j] * render_frames([3], [16 + i], [26 + j])[0] for i in range(9) for j in range(9))
    assert abs(got - want).max() < 1e-5


def test_the_output_is_an_option_a_config_rebuilds():
    assert pixel_predictor({"output": "shifts"}).output == "shifts" and pixel_predictor({}).output == "decoder"
    with pytest.raises(ValueError, match="output"):
        PixelPredictor(output="warp")
