"""An LLM-style sampler of the next frame: the frame cut into patch tokens, predicted one at a time with
cross-entropy, and sampled at temperature 1.

Tokens. The next frame is cut into PATCH x PATCH patches (GRID x GRID = 64 of them, raster order), and each
patch is replaced by the index of its nearest entry in a codebook: k-means with CODEBOOK entries fitted on
patches of training frames (`fit_codebook`). Decoding puts the entries back; the codebook's reconstruction
MSE bounds how sharp a sample can be.

Model (`TokenSampler`). The article's Encoder reads the input frame into one vector, which is the first
position of a small causal transformer; every later position is the previous token's embedding plus a learned
position embedding. Position i predicts token i, so the sequence is the next frame's tokens in raster order,
each conditioned on the input frame and the tokens before it. Trained with cross-entropy on the tokens of
the true next frame (`token_loss`), like a language model on text: nothing here knows there are two
futures. Cross-entropy, like MSE, is minimised by the true conditional distribution, so at the first token
where the two futures differ the model's probability of the right-going one is learned as P(right | x).
Sampling draws every token from the softmax at temperature 1: top-k or top-p would cut the tails and move
the proportions.
"""
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from tqdm import tqdm

from common.data import stream_rng
from common.flow import flow_net
from common.models import Encoder
from common.world import ARTICLE, FRAME_SIZE, render_frames, sample_positions

PATCH = 8                          # pixels per patch side
GRID = FRAME_SIZE // PATCH         # patches per frame side: 8, so 64 tokens a frame
TOKENS = GRID * GRID
CODEBOOK = 256                     # k-means entries of the patch codebook
OVERVIEW = 256                     # k-means entries of the overview codebook (0: no overview token)
KMEANS_ITERATIONS = 20
CODEBOOK_FRAMES = 20000            # training next frames the codebook is fitted on
D_MODEL, HEADS, LAYERS = 128, 4, 2
REFIT_PAIRS = 1_000_000            # fresh pairs the overview read-out is refitted on after training (refit_overview)
REFIT_ITERATIONS = 500             # L-BFGS iterations of that refit


def patches(frames):
    """Frames (n, 64, 64) -> their patches (n, TOKENS, PATCH * PATCH), in raster order (numpy or torch)."""
    return frames.reshape(-1, GRID, PATCH, GRID, PATCH).swapaxes(2, 3).reshape(-1, TOKENS, PATCH * PATCH)


def unpatch(tiles):
    """The inverse of `patches`: (n, TOKENS, PATCH * PATCH) -> (n, 64, 64) (numpy or torch)."""
    return tiles.reshape(-1, GRID, GRID, PATCH, PATCH).swapaxes(2, 3).reshape(-1, FRAME_SIZE, FRAME_SIZE)


def nearest(tiles, codebook):
    """Index of the nearest codebook entry (squared distance) for every patch (..., PATCH * PATCH)."""
    flat = tiles.reshape(-1, tiles.shape[-1]).astype(np.float64)
    dist = (flat ** 2).sum(1)[:, None] - 2 * flat @ codebook.T.astype(np.float64) + (codebook.astype(np.float64) ** 2).sum(1)[None]
    return dist.argmin(1).reshape(tiles.shape[:-1])


def distinct(rows):
    """The distinct rows of a float32 array (n, d) and how often each occurs."""
    rows = np.ascontiguousarray(rows, dtype=np.float32)
    keys = rows.view(np.dtype((np.void, rows.itemsize * rows.shape[1])))[:, 0]   # one hashable value per row
    _, first, counts = np.unique(keys, return_index=True, return_counts=True)
    return rows[first], counts


def kmeans(rows, rng, k, iterations=KMEANS_ITERATIONS):
    """k-means (k-means++ seeding, then Lloyd's iterations) on the rows (n, d), run on the distinct rows weighted
    by their counts. Where there are no more distinct rows than k, every distinct row is an entry (the remaining
    entries repeat the commonest row, which no nearest-entry search prefers)."""
    points, counts = distinct(rows)
    if len(points) <= k:
        commonest = points[np.argmax(counts)]
        return np.concatenate([points, np.repeat(commonest[None], k - len(points), axis=0)]).astype(np.float32)
    weights = counts / counts.sum()
    centres = [points[rng.choice(len(points), p=weights)]]
    closest = np.full(len(points), np.inf, dtype=np.float32)   # squared distance to the nearest centre so far
    for _ in range(k - 1):
        closest = np.minimum(closest, ((points - centres[-1]) ** 2).sum(-1))
        d = closest * weights
        centres.append(points[rng.choice(len(points), p=d / d.sum())] if d.sum() > 0 else points[rng.integers(len(points))])
    centres = np.array(centres, dtype=np.float64)
    for _ in range(iterations):
        assign = nearest(points, centres)
        for j in range(k):
            mine = assign == j
            if mine.any():
                centres[j] = np.average(points[mine], axis=0, weights=counts[mine])
    return centres.astype(np.float32)


def fit_codebook(frames, rng, k=CODEBOOK, iterations=KMEANS_ITERATIONS):
    """The patch codebook: k-means on the patches of `frames` (n, 64, 64)."""
    return kmeans(patches(frames).reshape(-1, PATCH * PATCH), rng, k, iterations)


def thumbnails(frames):
    """Frames (n, 64, 64) -> their GRID x GRID thumbnails (n, TOKENS): the mean of every patch (numpy or torch)."""
    return patches(frames).mean(-1)


def fit_overview(frames, rng, k=OVERVIEW, iterations=KMEANS_ITERATIONS):
    """The overview codebook: k-means on the thumbnails of `frames` (n, 64, 64)."""
    return kmeans(thumbnails(frames), rng, k, iterations)


def encode(frames, codebook):
    """Frames (n, 64, 64) -> tokens (n, TOKENS), int64."""
    return nearest(patches(frames), codebook).astype(np.int64)


def decode(tokens, codebook):
    """Tokens (n, TOKENS) -> frames (n, 64, 64) from the codebook's entries."""
    return unpatch(np.asarray(codebook)[np.asarray(tokens)])


class TokenSampler(nn.Module):
    """Input frame -> Encoder -> the first position; then token embeddings + position embeddings; a causal
    transformer; a linear head to CODEBOOK logits at every position. The codebook is a buffer of the model."""

    def __init__(self, codebook, overview=None, d_model=D_MODEL, heads=HEADS, layers=LAYERS):
        super().__init__()
        self.register_buffer("codebook", torch.as_tensor(np.asarray(codebook), dtype=torch.float32))
        overview = np.zeros((0, GRID * GRID), np.float32) if overview is None else overview
        self.register_buffer("overview", torch.as_tensor(np.asarray(overview), dtype=torch.float32))
        self.length = TOKENS + (len(self.overview) > 0)   # the overview token, then the patch tokens
        k = len(self.codebook) + len(self.overview)       # one vocabulary: patch entries, then overview entries
        self.encoder = Encoder(embed_dim=d_model)
        self.token = nn.Embedding(k, d_model)
        self.position = nn.Parameter(torch.zeros(self.length, d_model))
        layer = nn.TransformerEncoderLayer(d_model, heads, 4 * d_model, dropout=0.0, activation="gelu",
                                           batch_first=True, norm_first=True)
        self.transformer = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(d_model)
        self.head = nn.Linear(d_model, k)
        self.register_buffer("mask", nn.Transformer.generate_square_subsequent_mask(self.length), persistent=False)
        # What each position may be: the overview entries at the overview position, patch entries elsewhere.
        barred = torch.zeros(self.length, k, dtype=torch.bool)
        if len(self.overview):
            barred[0, :len(self.codebook)], barred[1:, len(self.codebook):] = True, True
        self.register_buffer("barred", barred, persistent=False)

    def forward(self, frame, tokens, first=None):
        """frame (B, 1, 64, 64), tokens (B, T) with T <= self.length: the first T tokens of the next frame.
        Returns logits (B, T, CODEBOOK): position i predicts token i from the frame and tokens[:, :i].
        `first`: the frame's encoding (B, 1, d_model) if already computed (sampling reuses it)."""
        t = tokens.shape[1]
        first = self.encoder(frame)[:, None] if first is None else first
        rest = self.token(tokens[:, :t - 1]) if t > 1 else first[:, :0]
        h = torch.cat([first, rest], 1) + self.position[:t]
        h = self.transformer(h, mask=self.mask[:t, :t], is_causal=True)
        return self.head(self.norm(h)).masked_fill(self.barred[:t], -torch.inf)

    def tokens_of(self, frames):
        """Frames (B, 64, 64) tensor -> tokens (B, self.length): the nearest overview entry of the thumbnail (if
        the model has an overview codebook; its ids follow the patch entries'), then the nearest codebook entry
        of every patch."""
        tiles = patches(frames)
        tokens = torch.cdist(tiles, self.codebook[None].expand(len(tiles), -1, -1)).argmin(-1)
        if len(self.overview):
            first = torch.cdist(thumbnails(frames), self.overview).argmin(-1) + len(self.codebook)
            tokens = torch.cat([first[:, None], tokens], 1)
        return tokens

    def first_features(self, frame):
        """What the head reads the first token from: the transformer's normalised output at the first position,
        (B, d_model) for input frames (B, 1, 64, 64)."""
        h = self.encoder(frame)[:, None] + self.position[:1]
        return self.norm(self.transformer(h))[:, 0]

    def frames_of(self, tokens):
        """Tokens (B, self.length) -> frames (B, 64, 64): the patch entries (the overview token is not drawn)."""
        return unpatch(self.codebook[tokens[:, -TOKENS:]])


def token_loss(model, x_t, x_next):
    """Cross-entropy of the next frame's tokens given the input frame (teacher forcing), mean over tokens."""
    tokens = model.tokens_of(x_next.reshape(-1, FRAME_SIZE, FRAME_SIZE))
    logits = model(x_t, tokens)
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tokens.reshape(-1))


def pair_counts(pairs, rng, world, overview, chunk=20_000, progress=True):
    """`pairs` fresh pairs, summed up per distinct input frame: the distinct frames (m, 64, 64) and, for each,
    how often each overview entry is the nearest to its next frame's thumbnail (m, len(overview)). A model that
    sees only the input frame has the same likelihood on these counts as on the pairs one by one."""
    keys, frames, counts = [], [], []
    for n in tqdm(np.diff(np.r_[0:pairs:chunk, pairs]), desc="overview read-out: fresh pairs", disable=not progress,
                  leave=False):
        cols = sample_positions(n, rng, world)
        x_t = render_frames(cols[:, 0])
        key = np.packbits(x_t.reshape(n, -1) > 0.5, axis=1)   # frames are 0 / 1: their bits are their identity
        key = np.ascontiguousarray(key).view(np.dtype((np.void, key.shape[1])))[:, 0]
        unique, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        count = np.zeros((len(unique), len(overview)))
        np.add.at(count, (inverse, nearest(thumbnails(render_frames(cols[:, 1])), overview)), 1)
        keys.append(unique), frames.append(x_t[first]), counts.append(count)
    unique, first, inverse = np.unique(np.concatenate(keys), return_index=True, return_inverse=True)
    total = np.zeros((len(unique), len(overview)))
    np.add.at(total, inverse, np.concatenate(counts))
    return np.concatenate(frames)[first], total


def refit_overview(model, seed, pairs=REFIT_PAIRS, iterations=REFIT_ITERATIONS, world=ARTICLE, progress=True):
    """Refit the head's overview rows by maximum likelihood on fresh pairs (stream "token_refit"): a logistic
    regression (L-BFGS) of the next frame's overview token on the frozen first-position features of the input
    frame, on pair_counts' sums. Only the overview rows change, and they are barred at every other position,
    so the patch tokens' model is untouched. Returns the cross-entropy per pair before and after."""
    model.eval()
    frames, counts = pair_counts(pairs, stream_rng(seed, "token_refit"), world, model.overview.numpy(),
                                 progress=progress)
    with torch.no_grad():
        features = model.first_features(torch.from_numpy(frames[:, None]))
    counts = torch.from_numpy(counts).float()
    k = len(model.codebook)
    weight = nn.Parameter(model.head.weight[k:].detach().clone())
    bias = nn.Parameter(model.head.bias[k:].detach().clone())

    def loss():
        return -(counts * F.log_softmax(features @ weight.T + bias, -1)).sum() / counts.sum()

    optimizer = torch.optim.LBFGS([weight, bias], max_iter=iterations, line_search_fn="strong_wolfe")

    def closure():
        optimizer.zero_grad()
        value = loss()
        value.backward()
        return value

    before = loss().item()
    optimizer.step(closure)
    with torch.no_grad():
        model.head.weight[k:], model.head.bias[k:] = weight, bias
        return before, loss().item()


def attend_step(layer, x, cache):
    """One new position x (B, 1, d) through `layer`'s self-attention, attending to the cached keys and values of
    the positions before it (cache: [keys, values], updated in place)."""
    attn = layer.self_attn
    heads, (b, _, d) = attn.num_heads, x.shape
    q, k, v = (t.view(b, 1, heads, d // heads).transpose(1, 2)
               for t in F.linear(x, attn.in_proj_weight, attn.in_proj_bias).chunk(3, dim=-1))
    cache[0] = k if cache[0] is None else torch.cat([cache[0], k], dim=2)
    cache[1] = v if cache[1] is None else torch.cat([cache[1], v], dim=2)
    out = F.scaled_dot_product_attention(q, cache[0], cache[1])   # the newest position sees every cached one
    return attn.out_proj(out.transpose(1, 2).reshape(b, 1, d))


@torch.no_grad()
def sample_tokens(model, frames, generator, temperature=1.0, length=None):
    """The first `length` tokens (B, length; default all of them) drawn one at a time from the model's softmax at `temperature`, for
    input frames (B, 1, 64, 64). No top-k, no top-p. Each position runs once: earlier positions' keys and
    values are cached (the same numbers as model(frames, tokens), which recomputes them)."""
    length = model.length if length is None else length
    h = model.encoder(frames)[:, None] + model.position[:1]
    caches = [[None, None] for _ in model.transformer.layers]
    tokens = []
    for i in range(length):
        x = h
        for layer, cache in zip(model.transformer.layers, caches):   # pre-norm layers, as in forward
            x = x + attend_step(layer, layer.norm1(x), cache)
            x = x + layer.linear2(layer.activation(layer.linear1(layer.norm2(x))))
        logits = model.head(model.norm(x))[:, -1].masked_fill(model.barred[i], -torch.inf) / temperature
        tokens.append(torch.multinomial(F.softmax(logits.float(), -1), 1, generator=generator))
        if i + 1 < length:
            h = model.token(tokens[-1]) + model.position[i + 1:i + 2]
    return torch.cat(tokens, 1)


@torch.no_grad()
def token_sample(model, frames, generator, temperature=1.0):
    """Next frames (B, 1, 64, 64) sampled for input frames (B, 1, 64, 64): tokens, then the codebook."""
    return model.frames_of(sample_tokens(model, frames, generator, temperature))[:, None]


def token_config(model):
    return {"kind": "tokens", "codebook_size": len(model.codebook), "overview_size": len(model.overview), "d_model": model.head.in_features,
            "layers": len(model.transformer.layers), "heads": model.transformer.layers[0].self_attn.num_heads}


def token_net(config):
    """The TokenSampler a train_token_sampler.py checkpoint's config describes (the codebook comes with the weights)."""
    overview = np.zeros((config.get("overview_size", 0), TOKENS), np.float32)
    return TokenSampler(np.zeros((config["codebook_size"], PATCH * PATCH), np.float32), overview, config["d_model"],
                        config["heads"], config["layers"])


@torch.no_grad()
def token_sample_frames(model, frames, seed=0, batch_size=512):
    """Samples of the next frame, one per input frame: frames (n, 64, 64) numpy -> (n, 64, 64) float32 numpy.
    One torch.Generator seeded with `seed` draws every token, batch after batch (as common.flow.sample_frames)."""
    model, generator = model.eval(), torch.Generator().manual_seed(seed)
    frames = np.array(frames, dtype=np.float32)
    out = [token_sample(model, torch.from_numpy(frames[i:i + batch_size, None]), generator)[:, 0].numpy()
           for i in range(0, len(frames), batch_size)]
    return np.concatenate(out) if out else np.zeros((0, FRAME_SIZE, FRAME_SIZE), np.float32)


def is_token_config(config):
    return config.get("kind") == "tokens"


def sampler_net(config):
    """The network a sampler checkpoint's config describes: a TokenSampler (kind "tokens") or a FlowNet."""
    return token_net(config) if is_token_config(config) else flow_net(config)
