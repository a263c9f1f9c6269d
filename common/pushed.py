"""Part 5's world: the article's ball with a velocity an agent pushes, and the exact optimum of its task.

State (x, v): the ball's column and its velocity, v in SPEEDS (px per step). An action a in ACTIONS pushes:
v' = clip(v + PUSH * a, -MAX_SPEED, MAX_SPEED), then the ball moves by v' with the article's bounce rule
(common.world.step: crossing a wall reverses v' and the ball moves x + v'). Positions stay on the lattice
x0 + 6k of the start, bounces included. Frames render as in the article.

One frame does not show v (the article's ambiguity again); two frames do, x_t - x_{t-1} = v_t, bounces
included, so models see the last two frames.

The task: from a random start (x0, v0), bring the ball to rest (v = 0) within GOAL_TOLERANCE px of a goal
column x_g on the start's lattice, within MAX_STEPS steps. `optimal_steps` is the exact answer, a breadth-
first search over the finite set of states the start can reach.
"""
from collections import deque

import numpy as np

from common.world import BALL_RADIUS, FRAME_SIZE, SPEED, START_HIGH, START_LOW, render_frames, step

PUSH = SPEED                              # a push changes the velocity by one article step, 6 px
MAX_SPEED = 2 * SPEED                     # |v| <= 12 px per step
SPEEDS = np.arange(-MAX_SPEED, MAX_SPEED + 1, PUSH)   # -12, -6, 0, 6, 12
ACTIONS = (-1, 0, 1)                      # push left, nothing, push right
GOAL_TOLERANCE = 3.0                      # px: half the lattice spacing, so "within" means "at" the goal's point
MAX_STEPS = 20


def push(x, v, a):
    """One step for floats or numpy arrays: the push changes v, then the article's move and bounce. (x', v')."""
    return step(x, np.clip(v + PUSH * np.asarray(a), -MAX_SPEED, MAX_SPEED))


def at_goal(x, v, x_goal):
    """At rest within GOAL_TOLERANCE px of the goal column."""
    return (np.asarray(v) == 0) & (np.abs(np.asarray(x) - x_goal) <= GOAL_TOLERANCE)


def optimal_steps(x0, v0, x_goal, max_steps=MAX_STEPS):
    """The fewest actions (a = 0 counts as one) that leave the ball at rest within GOAL_TOLERANCE px of x_goal:
    0 if it already is, None if max_steps cannot. Breadth-first search over the reachable states."""
    if at_goal(x0, v0, x_goal):
        return 0
    key = lambda x, v: (round(float(x), 6), int(v))   # lattice positions, up to float rounding
    seen, frontier = {key(x0, v0)}, deque([(float(x0), int(v0), 0)])
    while frontier:
        x, v, depth = frontier.popleft()
        if depth == max_steps:
            continue
        for a in ACTIONS:
            x_next, v_next = push(x, v, a)
            if at_goal(x_next, v_next, x_goal):
                return depth + 1
            if key(x_next, v_next) not in seen:
                seen.add(key(x_next, v_next))
                frontier.append((float(x_next), int(v_next), depth + 1))
    return None


def moving_states(n, rng, low=START_LOW, high=START_HIGH):
    """n states (x, v) the ball can be in: x uniform in [low, high), v uniform in SPEEDS, a state drawn again
    where x - v (where the ball was a step before) is outside the frame."""
    x, v = np.empty(n), np.empty(n)
    todo = np.arange(n)
    while len(todo):
        x[todo], v[todo] = rng.uniform(low, high, len(todo)), rng.choice(SPEEDS, len(todo))
        before = x[todo] - v[todo]
        todo = todo[(before - BALL_RADIUS < 0) | (before + BALL_RADIUS >= FRAME_SIZE)]
    return x, v


def random_tasks(n, rng):
    """n tasks (x0, v0, x_goal): a start (moving_states) in the article's start interval, and a goal uniform
    among the start's lattice points in that interval."""
    x0, v0 = moving_states(n, rng)
    low, high = np.ceil((START_LOW - x0) / SPEED), np.floor((START_HIGH - 1e-9 - x0) / SPEED)
    x_goal = x0 + SPEED * rng.integers(low, high + 1)
    return x0, v0, x_goal


def observation(x_before, x_now):
    """What a model sees: the last two frames, (..., 2, 64, 64)."""
    return np.stack([render_frames(x_before), render_frames(x_now)], axis=-3)


def goal_observation(x_goal):
    """The goal as an observation: two identical frames of the ball at x_goal, at rest there."""
    return observation(x_goal, x_goal)
