"""The pushed ball: its step, what two frames show, and the exact optimum against brute force."""
import itertools

import numpy as np

from common.pushed import (
    ACTIONS,
    MAX_SPEED,
    SPEEDS,
    at_goal,
    goal_observation,
    observation,
    optimal_steps,
    push,
    random_tasks,
)
from common.world import BALL_RADIUS, FRAME_SIZE, SPEED, render_frames


def test_a_push_changes_the_speed_by_one_step_and_is_clipped():
    assert push(30.0, 0.0, 1) == (36.0, 6.0)
    assert push(30.0, 12.0, 1) == (42.0, 12.0)      # already at the top speed
    assert push(30.0, -6.0, 1) == (30.0, 0.0)       # brought to rest: it stays
    assert push(30.0, -12.0, -1) == (18.0, -12.0)


def test_a_bounce_reverses_the_pushed_velocity():
    x, v = push(10.0, -6.0, -1)   # v' = -12 would cross the left wall: the ball moves +12 instead
    assert (x, v) == (22.0, 12.0)


def test_two_frames_show_the_velocity_and_positions_stay_on_the_start_lattice():
    rng = np.random.default_rng(0)
    x, v = rng.uniform(9, 55, 500), rng.choice(SPEEDS, 500).astype(float)
    x0 = x.copy()
    for _ in range(30):
        x_before = x
        x, v = push(x, v, rng.choice(ACTIONS, 500))
        np.testing.assert_allclose(x - x_before, v)          # x_t - x_{t-1} = v_t, bounces included
        assert np.all(np.abs(v) <= MAX_SPEED) and np.all(x - BALL_RADIUS >= 0) and np.all(x + BALL_RADIUS < FRAME_SIZE)
    offsets = (x - x0) / SPEED
    np.testing.assert_allclose(offsets, np.round(offsets), atol=1e-9)


def test_observations_are_two_frames_and_the_goal_is_a_ball_at_rest():
    obs = observation(np.array([20.0]), np.array([26.0]))
    assert obs.shape == (1, 2, 64, 64)
    np.testing.assert_array_equal(obs[0, 1], render_frames(26.0))
    goal = goal_observation(np.array([40.0]))
    np.testing.assert_array_equal(goal[0, 0], goal[0, 1])


def brute_force_steps(x0, v0, x_goal, longest):
    """The fewest actions after which the ball is at rest at the goal, by trying every sequence of each length."""
    if at_goal(x0, v0, x_goal):
        return 0
    for length in range(1, longest + 1):
        for plan in itertools.product(ACTIONS, repeat=length):
            x, v = x0, v0
            for a in plan:
                x, v = push(x, v, a)
            if at_goal(x, v, x_goal):
                return length
    return None


def test_optimal_steps_equals_brute_force_over_every_action_sequence():
    x0, v0, x_goal = random_tasks(60, np.random.default_rng(1))
    for task in zip(x0, v0, x_goal):
        best = optimal_steps(*task)
        assert best is not None
        shortest = brute_force_steps(*task, longest=min(best, 5))
        assert shortest == (best if best <= 5 else None), task


def test_optimal_steps_is_zero_at_the_goal_and_none_out_of_reach():
    assert optimal_steps(30.0, 0.0, 32.0) == 0          # within 3 px, at rest
    assert optimal_steps(30.0, 6.0, 30.0) == 1          # push against it: v' = 0, the ball stays at 30
    assert optimal_steps(30.0, 12.0, 30.0) == 4         # v 12 -> 6 -> 0 -> -6 -> 0: x 36, 36, 30, 30
    assert optimal_steps(12.0, 12.0, 48.0, max_steps=1) is None


def test_optimal_steps_counts_an_optimum_of_exactly_max_steps():
    """(30, 12) to rest at 30 takes 4 actions (above): found with 4 allowed, not with 3."""
    assert optimal_steps(30.0, 12.0, 30.0, max_steps=4) == 4
    assert optimal_steps(30.0, 12.0, 30.0, max_steps=3) is None


def test_at_goal_is_at_rest_within_3_px_on_either_side():
    x = np.array([26.5, 27.0, 30.0, 33.0, 33.5])
    assert at_goal(x, 0, 30.0).tolist() == [False, True, True, True, False]
    assert not at_goal(30.0, 6.0, 30.0) and not at_goal(30.0, -6.0, 30.0)


def test_random_starts_are_states_the_ball_can_be_in():
    x0, v0, x_goal = random_tasks(5000, np.random.default_rng(3))
    before = x0 - v0
    assert np.all(before - BALL_RADIUS >= 0) and np.all(before + BALL_RADIUS < FRAME_SIZE)
    assert set(np.unique(v0)) == set(SPEEDS) and np.all((x_goal >= 9) & (x_goal < 55))
    np.testing.assert_allclose((x_goal - x0) / SPEED, np.round((x_goal - x0) / SPEED), atol=1e-9)


def test_optimal_plans_from_random_starts_take_0_to_6_steps():
    """An independently measured fact: over 2000 random tasks the optimum takes 0 to 6 steps."""
    x0, v0, x_goal = random_tasks(2000, np.random.default_rng(0))
    steps = [optimal_steps(*task) for task in zip(x0, v0, x_goal)]
    assert None not in steps and min(steps) == 0 and max(steps) == 6
