"""The LLM-style sampler's parts: patch tokens and their codebook, a causal model, sampling from its softmax."""
import numpy as np
import pytest
import torch

from common.tokens import (
    TOKENS,
    TokenSampler,
    decode,
    encode,
    fit_codebook,
    fit_overview,
    patches,
    sample_tokens,
    thumbnails,
    token_loss,
    unpatch,
)
from common.world import render_frames, sample_positions


def test_patches_are_raster_order_and_invert():
    frames = np.random.default_rng(0).random((3, 64, 64))
    tiles = patches(frames)
    assert tiles.shape == (3, 64, 64)
    np.testing.assert_array_equal(tiles[1, 9].reshape(8, 8), frames[1, 8:16, 8:16])   # row 1, column 1 of the grid
    np.testing.assert_array_equal(unpatch(tiles), frames)


def test_the_codebook_is_lossless_where_there_are_few_patches_and_kmeans_otherwise():
    rng = np.random.default_rng(1)
    frames = render_frames(rng.uniform(9, 55, 3000))
    exact = fit_codebook(frames, rng, k=256)
    assert ((decode(encode(frames, exact), exact) - frames) ** 2).max() == 0
    small = fit_codebook(frames, rng, k=16, iterations=5)
    error = ((decode(encode(frames, small), small) - frames) ** 2).mean()
    empty = (frames ** 2).mean()   # every patch as the empty one
    assert 0 < error < 0.5 * empty


def test_the_model_is_causal_and_learns_a_coin_as_its_probability():
    torch.manual_seed(0)
    codebook = np.stack([np.zeros(64), np.ones(64), np.full(64, 0.5)]).astype(np.float32)
    model = TokenSampler(codebook, d_model=32, heads=2, layers=1)
    frame = torch.zeros(64, 1, 64, 64)
    tokens = torch.randint(0, 3, (64, TOKENS))
    a = model(frame, tokens)
    changed = tokens.clone()
    changed[:, 20:] = (changed[:, 20:] + 1) % 3
    b = model(frame, changed)
    assert torch.allclose(a[:, :21], b[:, :21], atol=1e-5) and not torch.allclose(a[:, 21:], b[:, 21:])
    # Next frames: all-bright or all-dark patches with probability 0.3 / 0.7, every token the same.
    opt = torch.optim.AdamW(model.parameters(), 3e-3)
    gen = torch.Generator().manual_seed(0)
    for step in range(120):
        for group in opt.param_groups:
            group["lr"] = 1e-2 if step < 80 else 1e-3
        bright = (torch.rand(32, generator=gen) < 0.3).float()
        loss = token_loss(model, frame[:32], bright[:, None, None, None].expand(32, 1, 64, 64))
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        p_bright = torch.softmax(model(frame[:1], tokens[:1, :1])[0, 0], -1)[1].item()
    assert abs(p_bright - 0.3) < 0.06, p_bright      # cross-entropy learned the coin
    drawn = sample_tokens(model, torch.zeros(4000, 1, 64, 64), torch.Generator().manual_seed(1), length=4)
    share = (drawn[:, 0] == 1).float().mean().item()
    assert abs(share - p_bright) < 4 * np.sqrt(p_bright * (1 - p_bright) / 4000), (share, p_bright)   # temperature 1
    assert (drawn == drawn[:, :1]).float().mean() > 0.95   # later tokens follow the first


@pytest.mark.parametrize("overview", [None, 3])
def test_cached_sampling_draws_what_the_full_forward_pass_would(overview):
    torch.manual_seed(3)
    rng = np.random.default_rng(0)
    overview = None if overview is None else rng.random((overview, 64)).astype(np.float32)
    model = TokenSampler(rng.random((5, 64)).astype(np.float32), overview, d_model=32, heads=4, layers=2).eval()
    frames = torch.from_numpy(render_frames(np.array([20.0, 33.5, 41.0]))[:, None])
    drawn = sample_tokens(model, frames, torch.Generator().manual_seed(7), length=12)
    generator, tokens = torch.Generator().manual_seed(7), torch.zeros(3, 0, dtype=torch.long)
    with torch.no_grad():
        for _ in range(12):   # the specification: the whole prefix through forward() at every step
            logits = model(frames, torch.cat([tokens, tokens.new_zeros(3, 1)], 1))[:, -1]
            tokens = torch.cat([tokens, torch.multinomial(torch.softmax(logits, -1), 1, generator=generator)], 1)
    assert torch.equal(drawn, tokens)


def test_the_overview_token_comes_first_and_each_position_draws_only_its_own_entries():
    rng = np.random.default_rng(2)
    frames = render_frames(rng.uniform(9, 55, 500))
    codebook, overview = fit_codebook(frames, rng, k=256), fit_overview(frames, rng, k=32)
    model = TokenSampler(codebook, overview, d_model=32, heads=2, layers=1).eval()
    tokens = model.tokens_of(torch.from_numpy(frames[:8]))
    assert tokens.shape == (8, TOKENS + 1) and (tokens[:, 0] >= 256).all() and (tokens[:, 1:] < 256).all()
    assert torch.equal(model.frames_of(tokens), torch.from_numpy(frames[:8]))   # lossless, the overview not drawn
    nearest = ((thumbnails(frames[:8])[:, None] - overview[None]) ** 2).sum(-1).argmin(1)
    assert np.array_equal(tokens[:, 0].numpy() - 256, nearest)
    drawn = sample_tokens(model, torch.from_numpy(frames[:64, None]), torch.Generator().manual_seed(0))   # untrained
    assert (drawn[:, 0] >= 256).all() and (drawn[:, 1:] < 256).all()


def test_scripts_train_measure_and_draw_a_token_sampler_and_reject_bad_input(tmp_path, capsys):
    import json

    from cli import run_main
    from part1_pixel import sample as sample_script
    from part1_pixel import train_token_sampler
    from part1_pixel.sampling import measure_sampler
    ckpt = str(tmp_path / "t.pt")
    run_main(lambda: train_token_sampler.main(["--quick", "--steps", "2", "--overview", "16", "--quiet", "--out", ckpt]))
    metrics = json.loads((tmp_path / "t.json").read_text())
    assert metrics["overview_refit"]["cross_entropy_after"] <= metrics["overview_refit"]["cross_entropy_before"]
    assert (tmp_path / "t_no_refit.pt").exists()
    run_main(lambda: measure_sampler.main(["--quick", "--checkpoint", ckpt, "--out", str(tmp_path / "m.json")]))
    assert json.loads((tmp_path / "m.json").read_text())["default"]["samples_per_cell"] > 0
    run_main(lambda: sample_script.main(["--checkpoint", ckpt, "--x", "30.5", "--n", "3", "--out", str(tmp_path / "s.npy")]))
    assert np.load(tmp_path / "s.npy").shape == (3, 64, 64)
    capsys.readouterr()
    for bad in (["--overview", "-1"], ["--refit-pairs", "x"]):
        with pytest.raises(SystemExit) as exit_:
            run_main(lambda bad=bad: train_token_sampler.main(["--quick", "--out", str(tmp_path / "u.pt"), *bad]))
        assert exit_.value.code == 2 and capsys.readouterr().err.count("\n") == 1
    assert not (tmp_path / "u.pt").exists()


def test_the_refit_moves_only_the_overview_rows_and_lowers_their_cross_entropy():
    from common.tokens import refit_overview
    from common.world import BIASED
    rng = np.random.default_rng(4)
    frames = render_frames(rng.uniform(9, 55, 800))
    torch.manual_seed(0)
    model = TokenSampler(fit_codebook(frames, rng), fit_overview(frames, rng, k=16), d_model=32, heads=2, layers=1)
    weights = {k: v.clone() for k, v in model.state_dict().items()}
    before, after = refit_overview(model, 0, pairs=3000, iterations=50, world=BIASED, progress=False)
    assert after < before - 0.5   # an untrained head is far from the maximum-likelihood one
    for name, value in model.state_dict().items():
        if name.startswith("head."):
            assert torch.equal(value[:256], weights[name][:256]) and not torch.equal(value[256:], weights[name][256:])
        else:
            assert torch.equal(value, weights[name]), name


def test_pair_counts_are_the_pairs_summed_by_input_frame():
    from common.tokens import nearest, pair_counts
    from common.world import BIASED, sample_positions
    rng = np.random.default_rng(5)
    overview = fit_overview(render_frames(rng.uniform(9, 55, 500)), rng, k=8)
    frames, counts = pair_counts(1500, np.random.default_rng(6), BIASED, overview, chunk=1500, progress=False)
    assert counts.sum() == 1500 and len(frames) == len(counts)
    # Pair by pair, the same draws: every input frame's tally of next-frame overview entries.
    cols = sample_positions(1500, np.random.default_rng(6), BIASED)
    inputs, codes = render_frames(cols[:, 0]), nearest(thumbnails(render_frames(cols[:, 1])), overview)
    for frame, count in zip(frames, counts):
        mine = (inputs == frame).all(axis=(1, 2))
        assert np.array_equal(np.bincount(codes[mine], minlength=8), count)
    assert len(frames) == len(np.unique(inputs.reshape(1500, -1), axis=0))   # each distinct frame once


class ColumnGroupFeatures(TokenSampler):
    """A TokenSampler whose first-position features are a one-hot of the input ball's column group (below 20,
    20-32, 32-44, from 44): the refit is then a logistic regression whose maximum-likelihood answer is, per
    group, the frequency of each overview entry among the next frames."""

    EDGES = (20, 32, 44)

    def first_features(self, frame):
        frames = frame[:, 0].numpy()
        column = (frames.sum(1) * np.arange(64)).sum(1) / frames.sum((1, 2))
        features = torch.zeros(len(frames), self.head.in_features)
        features[np.arange(len(frames)), np.digitize(column, self.EDGES)] = 1.0
        return features


def group_frequencies(world, overview, n, rng):
    """Per input column group, the share of next frames whose thumbnail is nearest each overview entry,
    counted pair by pair."""
    cols = sample_positions(n, rng, world)
    codes = ((thumbnails(render_frames(cols[:, 1]))[:, None] - overview[None]) ** 2).sum(-1).argmin(1)
    group = np.digitize(cols[:, 0], ColumnGroupFeatures.EDGES)
    return np.stack([np.bincount(codes[group == g], minlength=len(overview)) / (group == g).sum() for g in range(4)])


def test_refit_learns_the_asked_worlds_next_overview_entry_for_each_input():
    """Biased world: the refitted read-out gives, per input group, that world's next-entry frequencies (counted
    here pair by pair on other draws), which differ from the article world's."""
    from common.tokens import refit_overview
    from common.world import ARTICLE, BIASED
    overview = thumbnails(render_frames(np.array([12.0, 24.0, 36.0, 48.0])))
    torch.manual_seed(0)
    model = ColumnGroupFeatures(np.random.default_rng(0).random((5, 64)).astype(np.float32), overview,
                                d_model=8, heads=2, layers=1)
    refit_overview(model, 0, pairs=5000, iterations=100, world=BIASED, progress=False)
    with torch.no_grad():
        fitted = torch.softmax(model.head(torch.eye(8)[:4])[:, 5:], -1).numpy()   # the overview rows, per group
    expected = group_frequencies(BIASED, overview, 10000, np.random.default_rng(1))
    assert np.abs(group_frequencies(ARTICLE, overview, 10000, np.random.default_rng(1)) - expected).max() > 0.15
    np.testing.assert_allclose(fitted, expected, atol=0.06)
