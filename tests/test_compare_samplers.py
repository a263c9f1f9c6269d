"""part1_pixel/sampling/compare_samplers.py: the share error with the samples' binomial noise removed."""
import numpy as np
import pytest

from part1_pixel.sampling.compare_samplers import fit, sampled, summarise


def test_an_exact_sampler_scores_about_zero_and_a_lean_scores_its_size():
    rng = np.random.default_rng(0)
    p = np.linspace(0.12, 0.88, 36)
    n = np.full(36, 400)
    exact = fit(rng.binomial(n, p) / n, p, n)
    assert exact["share_rms"] < 0.012 and abs(exact["slope"] - 1) < 0.1
    assert np.sqrt(np.mean((rng.binomial(n, p) / n - p) ** 2)) > 0.02   # the raw RMS is mostly the noise
    lean = p + 0.03 * np.sign(p - 0.5)
    leaning = fit(rng.binomial(n, lean) / n, p, n)
    assert 0.022 < leaning["share_rms"] < 0.038 and leaning["slope"] > 1.05
    assert fit(p, p)["share_rms"] == 0 and fit(np.full(5, 0.5), np.full(5, 0.5))["slope"] is None


def test_summary_is_over_the_runs_of_each_sampler():
    rows = [{"sampler": "a", "share_rms": v, "slope": 1.0, "sharpness": None, "validity": 1.0,
             "train_seconds": 10.0 * v, "seconds_per_sample": 1.0} for v in (1.0, 3.0)]
    s = summarise(rows + [{**rows[0], "sampler": "b"}])
    assert s["a"]["share_rms"] == {"mean": 2.0, "min": 1.0, "max": 3.0} and s["a"]["runs"] == 2
    assert s["a"]["sharpness"] is None and s["b"]["runs"] == 1


def test_a_measured_row_removes_the_binomial_noise_of_the_samples_counted_per_cell(tmp_path):
    """Two cells at P = 0.5, shares 0.6 and 0.4 of 100 counted samples each: mean square gap 0.01, binomial
    part 0.25 / 100, so the error is sqrt(0.0075); the slope is None (one value of P)."""
    share = {"sample_right": [0.6, 0.4], "p_right": [0.5, 0.5], "counted_per_cell": [100, 100], "cells": [30, 31]}
    result = {"default": {"share": share, "samples_per_cell": 120, "sharpness": 0.002, "validity": 0.9},
              "cost": {"seconds_per_sample": 0.01}, "world": "article", "seed": 0, "sub_columns": 4,
              "checkpoint_config": {"steps": 10, "batch_size": 8}}
    row = sampled(result, "flow", str(tmp_path / "none.pt"))
    assert row["share_rms"] == pytest.approx(np.sqrt(0.0075)) and row["slope"] is None
    assert row["pairs_seen"] == 80 and row["cell_ids"] == [30, 31]
    # a perfect sampler's share error with 100 samples a cell is of the binomial's size, sqrt(0.25 / 100) = 0.05
    assert 0.02 < row["perfect_p95"] < 0.1 and row["table_p95"] > row["perfect_p95"]   # 80 pairs allow little
    assert (row["samples_per_cell"], row["sharpness"], row["validity"]) == (120, 0.002, 0.9)
    assert row["seconds_per_sample"] == 0.01 and row["train_seconds"] is None   # no timing file beside it
