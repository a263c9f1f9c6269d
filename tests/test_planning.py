"""The planner with the true world as its model: it must reach the exact optimum, so planner error is known."""
import numpy as np

from common.planning import Simulator, ball_column, best_sequence, plan, run_episode, sequences
from common.pushed import observation, optimal_steps, random_tasks
from common.world import render_frames


def test_sequences_are_every_plan_once_doing_nothing_first():
    plans = sequences(3)
    assert plans.shape == (27, 3) and len({tuple(p) for p in plans}) == 27
    assert plans[0].tolist() == [0, 0, 0]


def flat_plan(model, state, goal, horizon):
    """The planner's specification: roll out every sequence on its own, sum the distances, the cheapest
    sequence (ties to the first)."""
    plans = sequences(horizon)
    states, cost = np.repeat(state, len(plans), axis=0), np.zeros(len(plans))
    for t in range(horizon):
        states = model.step(states, plans[:, t])
        cost += model.distance(states, goal)
    return plans[np.argmin(cost)]


def test_the_tree_rollout_chooses_what_every_sequence_rolled_out_alone_would():
    model, rng = Simulator(), np.random.default_rng(9)
    x0, v0, x_goal = random_tasks(80, rng)
    for task in zip(x0, v0, x_goal):
        state, goal = np.array([[task[0], task[1]]]), np.array([[task[2], 0.0]])
        expected = flat_plan(model, state, goal, horizon=4)
        assert best_sequence(model, state, goal, horizon=4).tolist() == expected.tolist(), task
        assert plan(model, state, goal, horizon=4) == expected[0], task


def test_the_simulator_reads_position_and_velocity_from_two_frames():
    x_before, x_now = np.array([20.3, 41.7, 30.0]), np.array([32.3, 35.7, 30.0])
    state = Simulator().encode(observation(x_before, x_now))
    np.testing.assert_allclose(state[:, 0], x_now, atol=0.5)
    np.testing.assert_array_equal(state[:, 1], [12, -6, 0])
    assert abs(ball_column(render_frames(27.0)) - 27.0) < 1e-9   # a disc centred on a pixel: exact


def test_the_simulators_distance_counts_lattice_steps_and_pushes_to_rest():
    """|x - x_goal| / 6 + |v| / 6: a step away and moving, at the goal but moving, two steps away at rest."""
    goal = np.array([[30.0, 0.0]])
    states = np.array([[36.0, 6.0], [30.0, -12.0], [18.0, 0.0], [30.0, 0.0]])
    np.testing.assert_allclose(Simulator().distance(states, goal), [2.0, 2.0, 2.0, 0.0])


def test_planning_with_the_true_world_reaches_the_optimum():
    tasks = list(zip(*random_tasks(100, np.random.default_rng(7))))
    episodes = [run_episode(Simulator(), *task) for task in tasks]
    optimum = [optimal_steps(*task) for task in tasks]
    assert np.mean([e["success"] for e in episodes]) >= 0.99
    assert all(e["steps"] >= best for e, best in zip(episodes, optimum))   # nothing beats the exact optimum
    ratios = [e["steps"] / best for e, best in zip(episodes, optimum) if e["success"] and best > 0]
    assert np.mean(ratios) <= 1.05


def test_a_cost_at_the_last_step_only_keeps_postponing_arrival():
    """The summed cost is not a detail: with the distance after step H alone, a plan that arrives at step H
    costs what one arriving now costs, and under replanning most episodes never arrive."""
    tasks = list(zip(*random_tasks(60, np.random.default_rng(8))))
    assert np.mean([run_episode(Simulator(), *task, summed=False)["success"] for task in tasks]) < 0.5


def test_an_episode_takes_at_most_max_steps_actions():
    """From (30, 12) the goal 30 takes 4 actions at best (common.pushed's hand-worked case): with 2 allowed the
    episode stops after 2, short of it; with 4 it arrives in exactly 4."""
    short = run_episode(Simulator(), 30.0, 12.0, 30.0, horizon=4, max_steps=2)
    assert short["steps"] == len(short["actions"]) == 2 and len(short["path"]) == 3 and not short["success"]
    enough = run_episode(Simulator(), 30.0, 12.0, 30.0, horizon=4, max_steps=4)
    assert enough["steps"] == 4 and enough["success"]


def test_tasks_solved_at_the_start_are_left_out_of_success_and_steps():
    """Three episodes, one with optimum 0 (at the goal already: a success for any planner): success 1/2 and
    steps / optimal 1.5 over the other two, worked out by hand."""
    from part4_planning.plan import summary_of
    episodes = [{"task": 0, "success": True, "steps": 0, "optimum": 0},
                {"task": 1, "success": True, "steps": 3, "optimum": 2},
                {"task": 2, "success": False, "steps": 20, "optimum": 4}]
    assert summary_of(episodes) == {"success": 0.5, "steps_over_optimal": 1.5, "at_optimum": 0.0}
    assert summary_of(episodes[:1]) == {"success": None, "steps_over_optimal": None, "at_optimum": None}


def test_paired_counts_compare_the_same_tasks_one_by_one():
    from part4_planning.plan import paired
    a = [{"success": s, "optimum": o} for s, o in ((True, 0), (True, 3), (False, 2), (True, 1), (True, 5))]
    b = [{"success": s, "optimum": o} for s, o in ((False, 0), (False, 3), (True, 2), (True, 1))]   # a prefix
    assert paired(a, b) == {"tasks": 3, "first_only": 1, "second_only": 1}


def test_the_step_limit_is_the_stated_twenty_and_above_every_optimum():
    """docs/planning.md states the limit; the optimum of random tasks stays far below it (at most 6 steps)."""
    from common.pushed import MAX_STEPS, optimal_steps, random_tasks
    assert MAX_STEPS == 20
    tasks = list(zip(*random_tasks(200, np.random.default_rng(0))))
    assert max(optimal_steps(*task) for task in tasks) <= MAX_STEPS // 3
