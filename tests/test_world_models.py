"""Part 5's world models: their training data follows the pushed ball, and each plugs into the one planner."""
import json

import numpy as np
import torch

from common.files import load_run
from common.planning import ball_column, plan, run_episode
from common.pushed import ACTIONS, goal_observation, observation, push
from common.world import render_frames
from common.world_models import (
    LOSSES,
    ActionJEPA,
    ActionPixelPredictor,
    PushedSource,
    action_planes,
    planner_for,
    split,
    world_model,
)
from part4_planning import plan as plan_script
from part4_planning import train as train_script


def test_action_planes_are_one_hot():
    planes = action_planes(np.array([-1, 0, 1, 0]))
    assert planes.shape == (4, 3, 64, 64)
    np.testing.assert_array_equal(planes[:, :, 5, 7], np.eye(3)[[0, 1, 2, 1]])


def test_training_batches_follow_the_pushed_ball():
    inputs, target = PushedSource(np.random.default_rng(0), 256, frames=2).next()
    frames, onehot = split(inputs, 2)
    actions = np.array(ACTIONS)[onehot.argmax(1)]
    before, now = ball_column(frames[:, 0]), ball_column(frames[:, 1])
    velocity = 6 * np.round((now - before) / 6)
    expected, _ = push(now, velocity, actions)
    np.testing.assert_allclose(ball_column(target), expected, atol=0.5)
    assert len(set(actions.tolist())) == 3


def test_every_model_trains_on_its_batches():
    torch.manual_seed(0)
    for name, loss_fn in LOSSES.items():
        model = ActionPixelPredictor() if name == "pixel" else ActionJEPA()
        inputs, target = PushedSource(np.random.default_rng(1), 8, 2, "frame" if name == "pixel" else "frames").next()
        loss = loss_fn(model, torch.from_numpy(inputs), torch.from_numpy(target).reshape(8, -1, 64, 64))
        loss.backward()
        encoder = model.net.encoder if name == "pixel" else model.encoder
        assert torch.isfinite(loss) and encoder.convs[0].weight.grad.abs().sum() > 0, name


def test_a_trained_checkpoint_plans_through_the_one_planner(tmp_path):
    for name in ("pixel", "sigreg"):
        out = str(tmp_path / f"{name}.pt")
        train_script.main(["--model", name, "--quick", "--quiet", "--out", out])
        model, _ = load_run(out, world_model)
        planner = planner_for(model)
        goal = planner.encode(goal_observation(np.array([30.0])))
        state = planner.encode(observation(np.array([18.0]), np.array([24.0])))
        assert plan(planner, state, goal, horizon=2) in ACTIONS
        episode = run_episode(planner, 24.0, 6.0, 30.0, horizon=2, max_steps=3)
        assert episode["steps"] <= 3 and len(episode["path"]) == episode["steps"] + 1


def test_plan_script_writes_one_row_per_model_and_setting(tmp_path):
    out = tmp_path / "planning.json"
    plan_script.main(["--quick", "--models", "simulator", "random", "--out", str(out)])
    rows = json.loads(out.read_text())["rows"]
    assert [(r["model"], r["distractors"]) for r in rows] == [("simulator", False), ("random", False),
                                                              ("simulator", True), ("random", True)]
    for r in rows:
        assert {"model", "distractors", "episodes", "success", "steps_over_optimal", "ms_per_action"} <= set(r)
    assert rows[0]["success"] == 1.0   # the true world as the model


def test_plan_script_scores_the_same_with_two_jobs_and_merges_by_model(tmp_path):
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    plan_script.main(["--quick", "--models", "simulator", "random", "--out", str(one)])
    plan_script.main(["--quick", "--models", "simulator", "random", "--jobs", "2", "--out", str(two)])
    strip = lambda path: [{k: v for k, v in r.items() if k not in ("ms_per_action", "per_seed")}
                          for r in json.loads(path.read_text())["rows"]]
    assert strip(one) == strip(two)
    plan_script.main(["--quick", "--models", "random", "--episodes", "3", "--merge", "--out", str(one)])
    assert [(r["model"], r["distractors"]) for r in json.loads(one.read_text())["rows"]] == [
        ("simulator", False), ("random", False), ("simulator", True), ("random", True)]


def test_rollout_read_outs_of_the_true_frames():
    from part4_planning import rollouts
    before, actions, columns = rollouts.true_rollouts(50, 4, np.random.default_rng(3))
    frames = render_frames(columns[:, 2])
    np.testing.assert_allclose(ball_column(frames), columns[:, 2], atol=0.5)
    np.testing.assert_allclose(rollouts.ball_mass_share(frames, columns[:, 2]), 1.0)
    far = np.where(columns[:, 2] < 32, columns[:, 2] + 20, columns[:, 2] - 20)
    np.testing.assert_allclose(rollouts.ball_mass_share(render_frames(far), columns[:, 2]), 0.0)
    np.testing.assert_allclose(rollouts.ball_mass_share(0.5 * frames + 0.5 * render_frames(far), columns[:, 2]), 0.5)
    x, v = columns[:, 0], columns[:, 0] - before
    for t in range(4):
        x, v = push(x, v, actions[:, t])
        np.testing.assert_allclose(columns[:, t + 1], x)
