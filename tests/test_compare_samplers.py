"""part1_pixel/sampling/compare_samplers.py: the share error with the samples' binomial noise removed, the
references it is printed beside, and the rows it reads."""
import json

import numpy as np
import pytest

from common.smear import share_error_percentile
from common.world import ARTICLE
from part1_pixel.sampling.compare_samplers import exact_row, fit, ghost_rows, sampled, summarise


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


def test_the_exact_sampler_row_draws_with_the_exact_p_and_the_counts_it_is_given():
    like = {"p_right": list(np.linspace(0.2, 0.8, 36)), "counted_per_cell": [2500] * 36, "cell_ids": list(range(36)),
            "samples_per_cell": 2500}
    row = exact_row(like, seed=0)
    assert row["counted_per_cell"] == like["counted_per_cell"] and row["pairs_seen"] is None
    assert row["share_rms"] <= row["perfect_p95"] < 0.01   # 2,500 samples a cell resolve well under a point
    assert abs(row["slope"] - 1) < 0.05
    leaning = exact_row({**like, "p_right": list(np.clip(np.array(like["p_right"]) + 0.05, 0, 1))}, seed=0)
    assert leaning["p_right"] != row["p_right"]   # it scores against the p it is given, not a stored one


def test_ghost_rows_read_each_runs_pairs_and_nothing_when_the_file_is_missing(tmp_path):
    p = [0.0, 0.3, 0.6, 1.0]
    run = {"seed": 1, "checkpoint": str(tmp_path / "pixel-seed1.pt"), "pairs_seen": 192000, "p_right": p,
           "right_share": [0.0, 0.32, 0.58, 1.0], "cells": [10, 20, 30, 40]}
    path = tmp_path / "brightness.json"
    path.write_text(json.dumps({"seeds": [1], "worlds": {"article": {"runs": [run]}}}))
    rows = ghost_rows(str(path), "MSE", ARTICLE, 0.001)
    assert len(rows) == 1 and rows[0]["pairs_seen"] == 192000 and rows[0]["cell_ids"] == [20, 30]   # both directions
    assert rows[0]["share_rms"] == pytest.approx(0.02) and rows[0]["perfect_p95"] == 0.0
    assert rows[0]["table_p95"] > 0   # 192,000 pairs still leave a frequency table some error
    assert ghost_rows(str(tmp_path / "missing.json"), "MSE", ARTICLE, 0.001) == []


def test_a_perfect_samplers_percentile_shrinks_with_samples_and_a_tables_with_pairs():
    p = np.linspace(0.2, 0.8, 12)
    few, many = (share_error_percentile(p, np.full(12, n), np.random.default_rng(0)) for n in (400, 2500))
    assert many < few
    density, widths = np.full(12, 1 / 48), np.full((12, 4), 0.25)
    small, large = (share_error_percentile(p, None, np.random.default_rng(0), pairs=n, density=density, widths=widths)
                    for n in (10_000, 1_000_000))
    assert large < small
