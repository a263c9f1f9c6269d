import pytest
import torch

from common.device import pick_device
from common.models import Decoder, Encoder, PixelPredictor, count_parameters


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
    out = PixelPredictor(output="sigmoid")(torch.randn(4, 1, 64, 64) * 10)
    assert out.min() >= 0 and out.max() <= 1


def test_wider_encoder_has_more_parameters():
    assert count_parameters(PixelPredictor((32, 64, 128, 256))) > count_parameters(PixelPredictor())


def test_device_choice():
    assert pick_device("cpu") == torch.device("cpu")
    assert pick_device("auto").type in ("cpu", "cuda", "mps")
    with pytest.raises(ValueError):
        pick_device("tpu")
