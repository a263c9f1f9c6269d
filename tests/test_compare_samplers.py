"""part1_pixel/sampling/compare_samplers.py: the share error with the samples' binomial noise removed, the
references it is printed beside, and the rows it reads."""
import json

import numpy as np
import pytest

from common.oracle import position_density
from common.smear import share_error_percentile
from common.training import RECIPE
from common.world import ARTICLE, BIASED
from part1_pixel.sampling.compare_samplers import (
    BEFORE_REFIT,
    EXACT,
    exact_row,
    fit,
    ghost_rows,
    pairs_seen,
    sampled,
    summarise,
    world_rows,
)

# Two cells at P = 0.5 with n = 100 samples each: a perfect sampler's mean square gap is 0.0025 x (chi-square with 2
# degrees of freedom) / 2, an Exp(1) variable whose 95th percentile is -ln 0.05; less the binomial part 0.0025, its
# 95th percentile share error is sqrt(0.0025 (-ln 0.05 - 1)), about 0.071.
PERFECT_P95_TWO_CELLS_100 = np.sqrt(0.0025 * (-np.log(0.05) - 1))


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


def measured(shares, config, seed=0):
    """A measure_sampler.py result on two cells at P = 0.5, 100 samples counted in each."""
    share = {"sample_right": shares, "p_right": [0.5, 0.5], "counted_per_cell": [100, 100], "cells": [30, 31]}
    return {"default": {"share": share, "samples_per_cell": 120, "sharpness": 0.002, "validity": 0.9},
            "cost": {"seconds_per_sample": 0.01}, "world": "article", "seed": seed, "sub_columns": 4,
            "checkpoint_config": config}


def test_the_token_network_before_its_refit_counts_only_its_training_pairs(tmp_path):
    """Steps x batch, plus the refit's pairs for the refitted network only: 10 x 8 + 100 after, 10 x 8 before."""
    config = {"steps": 10, "batch_size": 8, "refit_pairs": 100}
    assert pairs_seen(config) == 180 and pairs_seen(config, refit=False) == 80
    assert pairs_seen({"steps": 10, "batch_size": 8}) == 80 and pairs_seen(None) is None
    assert pairs_seen({"steps": 10}) is None   # no batch recorded: not known
    result, checkpoint = measured([0.6, 0.4], config), str(tmp_path / "token_sampler.pt")
    assert sampled(result, "LLM-style (frame tokens)", checkpoint)["pairs_seen"] == 180
    assert sampled(result, BEFORE_REFIT, checkpoint)["pairs_seen"] == 80


def test_the_frequency_table_of_very_many_pairs_leaves_only_the_samples_noise(tmp_path):
    """With 10^12 pairs the per-frame table is exact, so what it allows at the run's counts is what a perfect
    sampler scores at those counts: both near PERFECT_P95_TWO_CELLS_100 (a table scored without the run's samples
    would score about 0)."""
    row = sampled(measured([0.6, 0.4], {"steps": 10 ** 6, "batch_size": 10 ** 6}), "flow", str(tmp_path / "x.pt"))
    assert row["perfect_p95"] == pytest.approx(PERFECT_P95_TWO_CELLS_100, rel=0.1)
    assert row["table_p95"] == pytest.approx(PERFECT_P95_TWO_CELLS_100, rel=0.1)


def test_the_exact_samplers_reference_is_a_perfect_sampler_at_the_counts_it_is_given():
    like = {"p_right": [0.5, 0.5], "counted_per_cell": [100, 100], "cell_ids": [30, 31], "samples_per_cell": 120}
    row = exact_row(like, seed=0)
    assert row["perfect_p95"] == pytest.approx(PERFECT_P95_TWO_CELLS_100, rel=0.1) and row["table_p95"] is None
    many = exact_row({**like, "counted_per_cell": [10_000, 10_000]}, seed=0)   # 100x the samples: a tenth the error
    assert many["perfect_p95"] == pytest.approx(PERFECT_P95_TWO_CELLS_100 / 10, rel=0.1)


def test_a_worlds_rows_read_each_samplers_own_file_and_count_its_pairs(tmp_path, monkeypatch):
    """world_rows from a folder holding only the flow run, the token network (refitted and before its refit) and
    the mixture: each row's shares come from its own file, and its pairs are what that model saw."""
    config = {"steps": 10, "batch_size": 8, "refit_pairs": 100}
    files = {"sampler.json": measured([0.6, 0.4], {"steps": 10, "batch_size": 8}),
             "sampler_cost.json": {"seconds_per_sample_default_run": 0.01, "pixel_predictor_seconds_per_frame": 0.001},
             "sampler_calibration.json": {"seed": 0},
             "token_sampler.json": measured([0.52, 0.48], config),
             "token_sampler_no_refit.json": measured([0.7, 0.3], config),
             "mixture.json": {"every_column": {"p_right": [0.0, 0.5, 0.5, 1.0], "sample_right": [0.0, 0.6, 0.4, 1.0]},
                              "steps": 10, "prior_pairs": 7, "seed": 3,
                              "sharpness": {"sample_to_nearest_future": 0.001}}}
    (tmp_path / "results").mkdir()
    for name, data in files.items():
        (tmp_path / "results" / name).write_text(json.dumps(data))
    monkeypatch.chdir(tmp_path)
    rows = {r["sampler"]: r for r in world_rows(ARTICLE, quick=False)}
    assert set(rows) == {"flow ODE (Euler, NFE 8)", EXACT, "LLM-style (frame tokens)", BEFORE_REFIT,
                         "mixture, K = 2 (told K)"}
    assert rows["flow ODE (Euler, NFE 8)"]["pairs_seen"] == 80 and rows[EXACT]["pairs_seen"] is None
    assert rows[EXACT]["counted_per_cell"] == [100, 100]
    tokens, before = rows["LLM-style (frame tokens)"], rows[BEFORE_REFIT]
    assert tokens["pairs_seen"] == 180 and before["pairs_seen"] == 80 and before["seed"] == 0
    assert before["share"] == [0.7, 0.3] and before["share_rms"] == pytest.approx(np.sqrt(0.04 - 0.0025))
    assert tokens["share"] == [0.52, 0.48] and before["train_seconds"] is None
    mixture = rows["mixture, K = 2 (told K)"]   # trained with the recipe's batch, its prior refitted on 7 more pairs
    assert mixture["pairs_seen"] == 10 * RECIPE["batch_size"] + 7 and mixture["seed"] == 3
    assert mixture["cells"] == 2 and mixture["share_rms"] == pytest.approx(0.1)   # the walls left out


def test_the_frequency_table_counts_pairs_in_the_frames_the_sampler_was_measured_at(tmp_path):
    """measure_sampler.py measures at the centres of sub_columns equal parts of a cell, inside it, where a
    frame holds a share of the cell's pairs: with 10^9 pairs and 10^6 samples a cell the table is all but exact
    (an error under half a point). A column at a cell's edge renders a frame no pair lands in, which reads 1/2:
    a quarter of each cell's share at 1/2 against P = 0.3 would miss by 5 points."""
    result = measured([0.3, 0.3], {"steps": 1000, "batch_size": 10 ** 6})
    result["default"]["share"].update(p_right=[0.3, 0.3], counted_per_cell=[10 ** 6, 10 ** 6])
    assert sampled(result, "flow", str(tmp_path / "x.pt"))["table_p95"] < 0.005


def test_each_worlds_table_counts_that_worlds_density_of_pairs(tmp_path):
    """The same read-out, on cells 9 and 10, in both worlds: the biased world puts more of its pairs there
    (position_density), and a table's error scales as 1 / sqrt(pairs in the cell)."""
    run = {"seed": 0, "checkpoint": str(tmp_path / "pixel.pt"), "pairs_seen": 10 ** 6, "p_right": [0.5, 0.5],
           "right_share": [0.5, 0.5], "cells": [9, 10]}
    path = tmp_path / "brightness.json"
    path.write_text(json.dumps({"worlds": {"article": {"runs": [run]}, "biased": {"runs": [run]}}}))
    article, biased = (ghost_rows(str(path), "MSE", world, 0.001)[0]["table_p95"] for world in (ARTICLE, BIASED))
    expected = np.sqrt(position_density(ARTICLE)[9] / position_density(BIASED)[9])   # about 0.77
    assert biased / article == pytest.approx(expected, rel=0.1)
