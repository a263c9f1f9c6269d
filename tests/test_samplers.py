"""docs/blocks/samplers.py: the sampling page's verdicts, read from a small hand-made results/samplers.json (and
the files beside it), whose answers are known; the committed results change with every run."""
import importlib.util
import sys

import pytest

from tests.conftest import ROOT

sys.path.insert(0, f"{ROOT}/docs")   # the page modules import each other as `from blocks import ...`
spec = importlib.util.spec_from_file_location("samplers", f"{ROOT}/docs/blocks/samplers.py")
samplers = importlib.util.module_from_spec(spec)
spec.loader.exec_module(samplers)

FLOW, TOKENS, MIXTURE = samplers.FLOW, samplers.TOKENS, samplers.MIXTURE
BEFORE_REFIT, MSE_EQUAL = samplers.BEFORE_REFIT, samplers.MSE_EQUAL
# With a perfect sampler's 95th percentile at 1.2 points and the table's at 2.0, by rules.resolution a share error of
# 1.0 cannot be told from a perfect sampler, 1.5 is as faithful as the pairs allow, 2.5 is measurably less faithful.
INDISTINGUISHABLE, AS_PAIRS_ALLOW, LESS_FAITHFUL = 0.010, 0.015, 0.025
# E[y|x]'s MSE to the nearer future mid-frame, per world: a sample side-steps the blur at most a tenth of it away.
BLUR = {"article": 0.01, "biased": 0.001}
SHARP, BLURRED_IN_BIASED = 0.00005, 0.0005   # near in both worlds; near in the article world only


def row(name, share_rms, seed=0, sharpness=SHARP, pairs=1000, perfect=0.012, table=0.020, validity=0.99):
    return {"sampler": name, "seed": seed, "share_rms": share_rms, "perfect_p95": perfect, "table_p95": table,
            "pairs_seen": pairs, "sharpness": sharpness, "validity": validity, "samples_per_cell": 400}


@pytest.fixture
def results(monkeypatch):
    """Call it with each world's rows: samplers.py then reads them as results/samplers.json."""
    files = {"results/sampler.json": {"oracle": {"sharpness_ambiguous": BLUR["article"]}},
             "results/biased/sampler.json": {"oracle": {"sharpness_ambiguous": BLUR["biased"]}},
             "bench/sample_cost.json": {"mse_model_seconds_per_frame": 0.001,
                                        "seconds_per_sample": {FLOW: 0.01, TOKENS: 0.1}}}
    monkeypatch.setattr(samplers, "load", files.__getitem__)

    def use(article, biased):
        files["results/samplers.json"] = {"article": {"rows": article, "summary": {}},
                                          "biased": {"rows": biased, "summary": {}}}
    return use


def test_at_equal_pairs_the_two_samplers_are_ranked_per_world_and_only_when_both_ran_in_both(results):
    article = [row(BEFORE_REFIT, 0.010), row(BEFORE_REFIT, 0.012, seed=1), row(MSE_EQUAL, 0.030),
               row(MSE_EQUAL, 0.020, seed=1)]
    biased = [row(BEFORE_REFIT, 0.010), row(BEFORE_REFIT, 0.025, seed=1), row(MSE_EQUAL, 0.030),
              row(MSE_EQUAL, 0.020, seed=1)]
    results(article, biased)
    assert samplers.equal_verdict("article") == "the token network closer (1.2 at most against 2.0 at least)"
    assert samplers.equal_verdict("biased") == "the seeds overlap (1.0 to 2.5 against 2.0 to 3.0): not ranked"
    results(article, [r for r in biased if r["sampler"] != MSE_EQUAL])
    assert samplers.equal_verdict("article") == samplers.equal_verdict("biased") == "not run"


def test_a_sampler_is_faithful_when_every_run_in_both_worlds_is_within_what_its_pairs_allow(results):
    results([row(FLOW, INDISTINGUISHABLE)], [row(FLOW, AS_PAIRS_ALLOW)])
    assert samplers.faithful(FLOW)
    results([row(FLOW, INDISTINGUISHABLE)], [row(FLOW, AS_PAIRS_ALLOW), row(FLOW, LESS_FAITHFUL, seed=1)])
    assert not samplers.faithful(FLOW)


def test_a_sampler_side_steps_the_blur_when_every_run_is_near_in_its_own_worlds_terms(results):
    results([row(FLOW, 0.01, sharpness=SHARP)], [row(FLOW, 0.01, sharpness=SHARP)])
    assert samplers.side_steps(FLOW)
    results([row(FLOW, 0.01, sharpness=SHARP)], [row(FLOW, 0.01, sharpness=BLURRED_IN_BIASED)])
    assert not samplers.side_steps(FLOW)


def test_a_samplers_verdict_counts_its_runs_in_both_worlds(results):
    results([row(FLOW, INDISTINGUISHABLE)], [row(FLOW, AS_PAIRS_ALLOW)])
    assert samplers.sampler_verdict(FLOW) == ("side-steps the blur: holds; keeps the data's proportions as well as "
                                              "its pairs allow: holds (2 of 2 runs)")
    results([row(FLOW, INDISTINGUISHABLE)], [row(FLOW, AS_PAIRS_ALLOW), row(FLOW, LESS_FAITHFUL, seed=1)])
    assert samplers.sampler_verdict(FLOW).endswith("its pairs allow: holds in part (2 of 3 runs)")
    results([row(FLOW, INDISTINGUISHABLE, sharpness=BLURRED_IN_BIASED)], [row(FLOW, INDISTINGUISHABLE)])
    assert samplers.sampler_verdict(FLOW).startswith("side-steps the blur: holds;")


def test_the_claim_holds_when_every_learned_sampler_is_sharp_and_faithful_and_the_told_mixture_does_not_count(results):
    sharp_faithful = [row(FLOW, INDISTINGUISHABLE), row(TOKENS, AS_PAIRS_ALLOW)]
    blurred_mixture = row(MIXTURE, LESS_FAITHFUL, sharpness=1.0, pairs=None, table=None)
    results(sharp_faithful + [blurred_mixture], sharp_faithful)
    assert samplers.claim_verdict() == "holds"
    results(sharp_faithful, sharp_faithful + [row(TOKENS, LESS_FAITHFUL, seed=1)])
    assert samplers.claim_verdict() == "holds in part"   # sharp, but one token run less faithful than its pairs allow
    results(sharp_faithful, [row(FLOW, INDISTINGUISHABLE, sharpness=BLURRED_IN_BIASED), row(TOKENS, AS_PAIRS_ALLOW)])
    assert samplers.claim_verdict() == "does not hold"   # faithful, but one learned sampler does not side-step the blur


def test_the_answer_quotes_the_worst_run_the_refit_pairs_and_the_comparison_at_equal_pairs(results):
    article = [row(FLOW, INDISTINGUISHABLE, perfect=0.012, validity=0.99),
               row(TOKENS, AS_PAIRS_ALLOW, pairs=1_192_000, perfect=0.015, validity=0.98),
               row(BEFORE_REFIT, 0.030, pairs=192_000), row(MSE_EQUAL, 0.010, pairs=192_000, validity=None)]
    biased = [row(FLOW, INDISTINGUISHABLE, perfect=0.010, validity=0.97),
              row(TOKENS, AS_PAIRS_ALLOW, pairs=1_192_000, perfect=0.011, validity=0.95),
              row(BEFORE_REFIT, 0.020, pairs=192_000), row(MSE_EQUAL, 0.020, pairs=192_000, validity=None)]
    results(article, biased)
    text = samplers.answer()
    assert text.startswith("Every sampler that learned the next frame draws at least 95.0% single sharp balls where "
                           "the MSE model draws the blur, at 10x to 100x the cost of an MSE-model pass.")
    assert "the flow sampler" in text and "(perfect: 1.2 / 1.0)" in text and "(perfect: 1.5 / 1.1)" in text
    assert "with its read-out refitted on 1,000,000 more pairs" in text
    assert text.endswith("At equal data (192,000 pairs each), the token network before its refit against the MSE "
                         "model: article world, the MSE model closer (1.0 at most against 3.0 at least); biased world, "
                         "the seeds overlap (2.0 to 2.0 against 2.0 to 2.0): not ranked")


def test_a_run_with_no_pairs_to_count_that_a_perfect_sampler_beats_is_not_faithful(results):
    """No table to hold it to (pairs_seen None) and above a perfect sampler's percentile: rules.resolution says
    "measurably unfaithful", which is neither as faithful as its pairs allow nor indistinguishable."""
    results([row(FLOW, INDISTINGUISHABLE)], [row(FLOW, LESS_FAITHFUL, pairs=None, table=None)])
    assert not samplers.faithful(FLOW)
    assert samplers.sampler_verdict(FLOW).endswith("its pairs allow: holds in part (1 of 2 runs)")
    results([row(FLOW, INDISTINGUISHABLE)], [row(FLOW, INDISTINGUISHABLE, pairs=None, table=None)])
    assert samplers.faithful(FLOW)   # no table, but no worse than a perfect sampler


def test_a_run_with_pairs_but_no_table_is_left_out_of_the_rule(results):
    """The mixture states its pairs (training + prior refit) but, read off its prior, has no frequency table to
    score: the rule does not apply, so it is not listed; a run with a table is."""
    mixture = {**row(MIXTURE, 0.011, pairs=96_160, perfect=0.0, table=None), "samples_per_cell": None}
    results([row(FLOW, INDISTINGUISHABLE), mixture], [row(FLOW, AS_PAIRS_ALLOW)])
    lines = samplers.resolved().splitlines()
    assert not any(MIXTURE in line for line in lines)
    assert f"| biased | {FLOW} | 0 | 1,000 | 400 | 1.5 | 1.2 | 2.0 | {samplers.rules.AS_PAIRS_ALLOW} |" in lines
