"""The article's PixelPredictor: a ConvNet encoder to a 128-d embedding and a mirrored decoder.

Data flows top to bottom: frame (1x64x64) -> Encoder -> embedding (128) -> Decoder -> frame.
With the default widths the whole model has about 720K parameters (the article says ~700K).
"""
import torch
from torch import nn

from common.world import FRAME_SIZE

WIDTHS = (16, 32, 64, 128)   # channels of the encoder's four stride-2 convolutions
EMBED_DIM = 128              # size of the embedding between encoder and decoder
_BOTTOM = FRAME_SIZE // 2 ** len(WIDTHS)   # 64 -> 32 -> 16 -> 8 -> 4


class Encoder(nn.Module):
    """Four 3x3 stride-2 convolutions 1 -> 16 -> 32 -> 64 -> 128 (64x64 -> 4x4), then a linear map to 128."""

    def __init__(self, widths=WIDTHS, embed_dim=EMBED_DIM):
        super().__init__()
        layers, c_in = [], 1
        for c_out in widths:
            layers += [nn.Conv2d(c_in, c_out, 3, stride=2, padding=1), nn.GELU()]
            c_in = c_out
        self.convs = nn.Sequential(*layers)
        # Flatten, not average-pool: where the ball is must survive into the embedding.
        self.to_embedding = nn.Linear(c_in * _BOTTOM * _BOTTOM, embed_dim)

    def forward(self, frames):
        return self.to_embedding(self.convs(frames).flatten(1))


class Decoder(nn.Module):
    """The encoder's mirror: linear 128 -> 128x4x4, four 3x3 stride-2 transposed convolutions to 1x64x64."""

    def __init__(self, widths=WIDTHS, embed_dim=EMBED_DIM, output="sigmoid"):
        super().__init__()
        if output not in ("sigmoid", "linear"):
            raise ValueError(f"output must be 'sigmoid' or 'linear', got {output!r}")
        widths = widths[::-1]
        self.from_embedding = nn.Linear(embed_dim, widths[0] * _BOTTOM * _BOTTOM)
        layers = []
        for c_in, c_out in zip(widths, widths[1:] + (1,)):
            layers += [nn.GELU(), nn.ConvTranspose2d(c_in, c_out, 3, stride=2, padding=1, output_padding=1)]
        self.deconvs = nn.Sequential(*layers)
        self.widths, self.output = widths, output

    def forward(self, embedding):
        h = self.from_embedding(embedding).view(-1, self.widths[0], _BOTTOM, _BOTTOM)
        out = self.deconvs(h)
        return torch.sigmoid(out) if self.output == "sigmoid" else out


class PixelPredictor(nn.Module):
    """Predicts the next frame from one frame: decoder(encoder(x)), trained with MSE."""

    def __init__(self, encoder_widths=WIDTHS, output="sigmoid"):
        super().__init__()
        self.encoder = Encoder(encoder_widths)
        self.decoder = Decoder(output=output)

    def forward(self, x):
        return self.decoder(self.encoder(x))


def count_parameters(model):
    return sum(p.numel() for p in model.parameters())
