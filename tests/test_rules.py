"""docs/blocks/rules.py: the rules the pages' verdicts follow, on numbers whose answer is known."""
import importlib.util

from tests.conftest import ROOT

spec = importlib.util.spec_from_file_location("rules", f"{ROOT}/docs/blocks/rules.py")
rules = importlib.util.module_from_spec(spec)
spec.loader.exec_module(rules)


def test_a_run_is_told_from_a_perfect_sampler_only_above_its_percentile():
    assert rules.resolution(0.010, 0.012, 0.020) == rules.INDISTINGUISHABLE
    assert rules.resolution(0.015, 0.012, 0.020) == rules.AS_PAIRS_ALLOW
    assert rules.resolution(0.025, 0.012, 0.020) == rules.LESS_FAITHFUL
    assert rules.resolution(0.025, 0.012, None) == "measurably unfaithful"   # no pairs to count: no table


def test_two_samplers_are_ranked_only_when_their_seeds_do_not_overlap():
    assert rules.ranked([0.010, 0.012], [0.020, 0.030], "a", "b").startswith("a closer")
    assert rules.ranked([0.020, 0.030], [0.010, 0.012], "a", "b").startswith("b closer")
    assert "not ranked" in rules.ranked([0.010, 0.025], [0.020, 0.030], "a", "b")


def test_a_verdict_is_graded_by_how_many_cases_pass():
    assert rules.verdict([True, True]) == "holds" and rules.verdict([True, False]) == "holds in part"
    assert rules.verdict([False, False]) == "does not hold"


def test_a_run_at_a_reference_is_within_it_and_one_with_no_table_can_still_match_a_perfect_sampler():
    assert rules.resolution(0.012, 0.012, 0.020) == rules.INDISTINGUISHABLE   # at the percentile: not told apart
    assert rules.resolution(0.020, 0.012, 0.020) == rules.AS_PAIRS_ALLOW
    assert rules.resolution(0.010, 0.012, None) == rules.INDISTINGUISHABLE   # no pairs to count, yet no worse


def test_seeds_that_touch_are_not_ranked_and_a_ranking_quotes_the_worst_and_the_best():
    assert "not ranked" in rules.ranked([0.010, 0.020], [0.020, 0.030], "a", "b")
    assert "not ranked" in rules.ranked([0.020, 0.030], [0.010, 0.020], "a", "b")
    assert rules.ranked([0.010, 0.012], [0.020, 0.030], "a", "b") == "a closer (1.2 at most against 2.0 at least)"
    assert rules.ranked([0.020, 0.030], [0.010, 0.012], "a", "b") == "b closer (1.2 at most against 2.0 at least)"
    assert (rules.ranked([0.010, 0.025], [0.020, 0.030], "a", "b")
            == "the seeds overlap (1.0 to 2.5 against 2.0 to 3.0): not ranked")
