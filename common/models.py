"""The article's PixelPredictor: a ConvNet encoder to a 128-d embedding and a mirrored decoder.

Data flows top to bottom: frame (1x64x64) -> Encoder -> embedding (128) -> Decoder -> frame.
With the default widths the whole model has about 720K parameters (the article says ~700K). The digits world's
default network puts `Shifts` in the decoder's place: the next frame as the frame's moved copies, mixed. The
defaults are those every trained model uses: `PixelPredictor()` loads a train.py checkpoint as it is.
"""
import torch
import torch.nn.functional as F
from torch import nn

from common.digits import MAX_SPEED
from common.world import FRAME_SIZE

WIDTHS = (16, 32, 64, 128)   # channels of the encoder's four stride-2 convolutions
EMBED_DIM = 128              # size of the embedding between encoder and decoder
# The decoder's output: linear (every trained model), or a sigmoid (the reference setup of bench/speed_to_floor.py
# has one).
ACTIVATIONS = ("linear", "sigmoid")
# How the PixelPredictor draws its output: the decoder draws every pixel (every ball-world model); "shifts" mixes
# copies of the input frame moved by every offset -MAX_SPEED..MAX_SPEED per axis (the digits world's default).
OUTPUTS = ("decoder", "shifts")
_BOTTOM = FRAME_SIZE // 2 ** len(WIDTHS)   # 64 -> 32 -> 16 -> 8 -> 4


class Encoder(nn.Module):
    """Four 3x3 stride-2 convolutions 1 -> 16 -> 32 -> 64 -> 128 (64x64 -> 4x4), then a linear map to 128."""

    def __init__(self, widths=WIDTHS, embed_dim=EMBED_DIM, in_channels=1):
        super().__init__()
        layers, c_in = [], in_channels
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

    def __init__(self, widths=WIDTHS, embed_dim=EMBED_DIM, activation="linear", out_channels=1):
        super().__init__()
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {ACTIVATIONS}, got {activation!r}")
        widths = widths[::-1]
        self.from_embedding = nn.Linear(embed_dim, widths[0] * _BOTTOM * _BOTTOM)
        layers = []
        for c_in, c_out in zip(widths, widths[1:] + (out_channels,)):
            layers += [nn.GELU(), nn.ConvTranspose2d(c_in, c_out, 3, stride=2, padding=1, output_padding=1)]
        self.deconvs = nn.Sequential(*layers)
        self.widths, self.activation = widths, activation

    def forward(self, embedding):
        h = self.from_embedding(embedding).view(-1, self.widths[0], _BOTTOM, _BOTTOM)
        out = self.deconvs(h)
        return torch.sigmoid(out) if self.activation == "sigmoid" else out


class Shifts(nn.Module):
    """The output as a mix of moved copies of the input frame, in the manner of CDNA (Finn, Goodfellow & Levine
    2016): a linear map from the embedding to one logit per offset (ox, oy), -MAX_SPEED..MAX_SPEED per axis, a
    softmax over the 81, and the frame convolved with those weights as one kernel of its own. Whatever it learns,
    its output is a weighted average of the frame moved by each offset."""

    def __init__(self, embed_dim=EMBED_DIM, reach=MAX_SPEED):
        super().__init__()
        self.reach, self.side = reach, 2 * reach + 1
        self.to_logits = nn.Sequential(nn.GELU(), nn.Linear(embed_dim, self.side ** 2))

    def weights(self, embedding):
        """The mix's weights (B, side, side), indexed [ox + reach, oy + reach] like the digits oracle's posteriors."""
        return torch.softmax(self.to_logits(embedding), dim=1).view(-1, self.side, self.side)

    def forward(self, embedding, frame):
        """The frame (B, 1, H, W) moved by every offset and mixed: out[y, x] = sum_o w[o] frame[y - oy, x - ox]."""
        b = len(frame)
        # conv2d correlates: kernel[i, j] meets frame[y + i - reach, x + j - reach], i.e. offset (reach - j, reach - i)
        kernel = self.weights(embedding).transpose(1, 2).flip(1, 2).unsqueeze(1)   # (B, 1, side, side)
        moved = F.conv2d(frame.reshape(1, b, *frame.shape[-2:]), kernel, padding=self.reach, groups=b)
        return moved.view(b, 1, *frame.shape[-2:])


class PixelPredictor(nn.Module):
    """Predicts the next frame from one frame: decoder(encoder(x)), trained with MSE.

    coordinates=True appends two constant planes, the column and the row scaled to -1..1, to the input
    (CoordConv, Liu et al. 2018): strided convolutions are nearly translation-equivariant, and a world whose
    E[y|x] depends on absolute position (the digits world's walls) is easier to fit when the input says it.
    output="shifts" puts `Shifts` in the decoder's place: the output is the input's last frame moved by each
    offset and mixed with weights read from the embedding, so the network learns where the frame goes, not how
    to redraw it.
    """

    def __init__(self, encoder_widths=WIDTHS, activation="linear", in_channels=1, coordinates=False, output="decoder"):
        super().__init__()
        if output not in OUTPUTS:
            raise ValueError(f"output must be one of {OUTPUTS}, got {output!r}")
        self.coordinates, self.output = coordinates, output
        self.encoder = Encoder(encoder_widths, in_channels=in_channels + (2 if coordinates else 0))
        self.decoder = Decoder(activation=activation) if output == "decoder" else Shifts()

    def embed(self, x):
        if self.coordinates:
            ramp = torch.linspace(-1, 1, FRAME_SIZE, device=x.device, dtype=x.dtype)
            planes = torch.stack(torch.meshgrid(ramp, ramp, indexing="xy"))   # (2, H, W): column, then row
            x = torch.cat([x, planes.expand(len(x), -1, -1, -1)], dim=1)
        return self.encoder(x)

    def forward(self, x):
        embedding = self.embed(x)
        return self.decoder(embedding) if self.output == "decoder" else self.decoder(embedding, x[:, -1:])


class PatchTransformer(nn.Module):
    """A small ViT-style next-frame predictor: 8x8 patches as 64 tokens, a transformer encoder, and a
    linear map from each token back to its patch. Used to test "a different architecture, same blur"."""

    def __init__(self, patch=8, dim=128, depth=4, heads=4):
        super().__init__()
        self.patch, n_tokens = patch, (FRAME_SIZE // patch) ** 2
        self.to_tokens = nn.Linear(patch * patch, dim)
        self.position = nn.Parameter(torch.randn(1, n_tokens, dim) * 0.02)
        layer = nn.TransformerEncoderLayer(dim, heads, 4 * dim, dropout=0.0, activation="gelu",
                                           batch_first=True, norm_first=True)
        self.blocks = nn.TransformerEncoder(layer, depth, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(dim)
        self.to_patches = nn.Linear(dim, patch * patch)

    def forward(self, x):
        b, p, g = x.shape[0], self.patch, FRAME_SIZE // self.patch
        tokens = x.reshape(b, g, p, g, p).permute(0, 1, 3, 2, 4).reshape(b, g * g, p * p)
        h = self.blocks(self.to_tokens(tokens) + self.position)
        out = self.to_patches(self.norm(h)).reshape(b, g, g, p, p).permute(0, 1, 3, 2, 4)
        return out.reshape(b, 1, FRAME_SIZE, FRAME_SIZE)


class MixturePredictor(nn.Module):
    """Sampling instead of point prediction: K candidate next frames and a learned prior over them.

    The PixelPredictor's encoder and decoder, with K output channels (the hypotheses) and a linear head
    from the embedding to K logits, the prior P(k | x). A sample picks k from the prior and returns
    hypothesis k. Trained by `mixture_loss` (common/losses.py); forward returns the point estimate
    sum_k P(k | x) * hypothesis_k, so it can be scored like any predictor. It is told K: a 2-component
    mixture knows that this world has two futures.
    """

    def __init__(self, k=2):
        super().__init__()
        self.encoder = Encoder()
        self.decoder = Decoder(out_channels=k)
        self.prior = nn.Linear(EMBED_DIM, k)

    def hypotheses(self, x):
        """(hypotheses (B, K, 64, 64), prior logits (B, K))."""
        embedding = self.encoder(x)
        return self.decoder(embedding), self.prior(embedding)

    def forward(self, x):
        frames, logits = self.hypotheses(x)
        return (torch.softmax(logits, 1)[:, :, None, None] * frames).sum(1, keepdim=True)


class Discriminator(nn.Module):
    """A conditional PatchGAN-style critic (Isola et al. 2017; the adversarial loss of Mathieu et al. 2016):
    it sees the input frame and a next frame, stacked as two channels, and scores every patch real or predicted.

    Three 4x4 stride-2 convolutions 2 -> 16 -> 32 -> 64 (64x64 -> 8x8), then a 3x3 convolution to one
    logit per cell: an 8x8 grid of logits, each judging an overlapping 38x38-pixel patch.
    """

    def __init__(self, widths=(16, 32, 64)):
        super().__init__()
        layers, c_in = [], 2
        for c_out in widths:
            layers += [nn.Conv2d(c_in, c_out, 4, stride=2, padding=1), nn.LeakyReLU(0.2)]
            c_in = c_out
        self.convs = nn.Sequential(*layers, nn.Conv2d(c_in, 1, 3, padding=1))

    def forward(self, x_t, x_next):
        """Logits (B, 1, 8, 8): high where the pair (x_t, x_next) looks like a real one."""
        return self.convs(torch.cat([x_t, x_next], dim=1))


def count_parameters(model):
    """Number of trainable numbers in the model."""
    return sum(p.numel() for p in model.parameters())


def pixel_predictor(config):
    """The PixelPredictor a train.py checkpoint's config describes (the defaults, unless it says otherwise)."""
    return PixelPredictor(tuple(config.get("encoder_widths", WIDTHS)), activation=config.get("activation", "linear"),
                          coordinates=config.get("coordinates", False), output=config.get("output", "decoder"))
