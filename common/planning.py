"""Planning with a world model: one planner for every model, model-predictive control in the model's own space.

A model here is anything with three methods, all batched:
  encode(obs)              observations (B, 2, 64, 64), the last two frames -> states (the model's own space)
  repeat(states, k)        every state k times in a row (B * k states)
  step(states, actions)    states and actions (B,) in ACTIONS -> the predicted next states
  distance(states, goal)   states against one goal state -> (B,) costs
The planner (`plan`) tries every action sequence of the horizon (3^H of them; 729 at H = 6), rolls each out
in the model, sums the distance to the goal's state over the horizon, and returns the first action of the
cheapest. Summed rather than the last step only: with the cost at step H alone, every plan that arrives at
step H ties with the one that arrives now, and under replanning the arrival keeps being put off.
`run_episode` executes that first action in the true world (common.pushed.push) and replans, until the ball
is at rest at the goal or MAX_STEPS run out.

`Simulator` is the true world used as the model: it reads (x, v) from the frames and steps them exactly, so
its failures are the planner's, not a model's.
"""
import itertools
import time

import numpy as np

from common.pushed import MAX_STEPS, PUSH, at_goal, observation, push
from common.world import BALL_RADIUS, BALL_ROW, FRAME_SIZE

HORIZON = 6
# Ties between plans go to the first in this order: doing nothing, then the pushes.
ORDER = (0, -1, 1)


def sequences(horizon):
    """Every action sequence of length `horizon`, (3^horizon, horizon), in ORDER's lexicographic order."""
    return np.array(list(itertools.product(ORDER, repeat=horizon)), dtype=np.int64)


def best_sequence(model, state, goal, horizon=HORIZON, summed=True):
    """The action sequence (horizon,) whose rolled-out states have the smallest summed distance to `goal`
    (summed=False: the distance after the last step only). `state` is one state as model.encode returns it
    for a batch of one. The sequences are rolled out as a tree: step t holds one state per distinct prefix
    (3^t of them, in ORDER's lexicographic order), so 3 + 9 + ... + 3^H model steps cover all 3^H sequences."""
    states, cost = state, np.zeros(1)
    for t in range(horizon):
        states = model.step(model.repeat(states, len(ORDER)), np.tile(ORDER, len(cost)))
        cost = np.repeat(cost, len(ORDER))
        if summed or t == horizon - 1:
            cost = cost + model.distance(states, goal)
    best = int(np.argmin(cost))
    return np.array([ORDER[best // len(ORDER) ** (horizon - 1 - t) % len(ORDER)] for t in range(horizon)])


def plan(model, state, goal, horizon=HORIZON, summed=True):
    """The first action of best_sequence: what model-predictive control executes before it replans."""
    return int(best_sequence(model, state, goal, horizon, summed)[0])


def run_episode(model, x0, v0, x_goal, horizon=HORIZON, max_steps=MAX_STEPS, summed=True, observe=observation):
    """Model-predictive control from (x0, v0) in the true world: observe the last two frames, plan, execute the
    first action, replan. `observe(x_before, x_now)` renders an observation (common.pushed.observation, or one
    with distractor dots); the goal is observe(x_goal, x_goal). Returns success, the steps taken, the actions,
    the plans (each step's best sequence), the true positions, and the seconds spent planning per action."""
    goal = model.encode(observe(np.array([x_goal]), np.array([x_goal])))
    x_before, x, v = x0 - v0, x0, v0
    actions, plans, path, seconds = [], [], [x0], 0.0
    while not at_goal(x, v, x_goal) and len(actions) < max_steps:
        start = time.perf_counter()
        sequence = best_sequence(model, model.encode(observe(np.array([x_before]), np.array([x]))), goal, horizon, summed)
        seconds += time.perf_counter() - start
        a = int(sequence[0])
        x_before, (x, v) = x, push(x, v, a)
        actions.append(a)
        plans.append(sequence.tolist())
        path.append(float(x))
    return {"success": bool(at_goal(x, v, x_goal)), "steps": len(actions), "actions": actions, "path": path,
            "plans": plans, "seconds_per_action": seconds / max(1, len(actions))}


def ball_column(frames):
    """The brightness-weighted column of the ball in frames (..., 64, 64), read on the ball's rows only (where
    distractor dots never are)."""
    band = frames[..., BALL_ROW - BALL_RADIUS:BALL_ROW + BALL_RADIUS + 1, :]
    columns = np.arange(FRAME_SIZE)
    mass = band.sum(axis=(-2, -1))
    return (band.sum(axis=-2) * columns).sum(axis=-1) / np.maximum(mass, 1e-9)


class Simulator:
    """The true world as a model: state (x, v) read from the frames (v = the column difference, a multiple of
    PUSH), stepped exactly; distance = |x - x_goal| / PUSH + |v| / PUSH, in lattice steps and pushes."""

    def encode(self, obs):
        before, now = ball_column(obs[:, 0]), ball_column(obs[:, 1])
        return np.stack([now, PUSH * np.round((now - before) / PUSH)], axis=1)

    def repeat(self, states, k):
        return np.repeat(states, k, axis=0)

    def step(self, states, actions):
        return np.stack(push(states[:, 0], states[:, 1], actions), axis=1)

    def distance(self, states, goal):
        return (np.abs(states[:, 0] - goal[0, 0]) + np.abs(states[:, 1] - goal[0, 1])) / PUSH

