"""Figure: one planned episode per model on the same task, with the path each plan predicted.

    python part4_planning/fig_episode.py           # figures/planning_episode.png (seed-0 checkpoints, clean)
    python part4_planning/fig_episode.py --quick   # the --quick checkpoints, runs/quick/

The task is the first of part4_planning/plan.py's start/goal pairs whose exact optimum takes at least
MIN_OPTIMUM steps (a rule, not a choice). Left: the true frames of the first model's episode (the ball's row
at every step). Then per model: the true path (black), the goal (grey band, +-3 px), the true simulator's
path (green) and, at every step, where the plan the planner chose expects the ball over the horizon, read
out of the model's rolled-out states
(common.world_models.column_readout: a linear position probe on embeddings, the ball's column on frames).
"""
import numpy as np
import torch

from cli import ArgumentParser, add_paths, add_quick, hint, parse_figure_args, run_main
from common.data import stream_rng
from common.planning import HORIZON, Simulator, run_episode
from common.plotting import CMAP, FRAME_LIMITS, figure, save_figure
from common.pushed import GOAL_TOLERANCE, observation, optimal_steps, random_tasks
from common.world import BALL_ROW, FRAME_SIZE, render_frames
from common.world_models import column_readout, load_world_model, planner_for

FIGURE = "figures/planning_episode.png"
MODELS = (("vicreg", 2), ("sigreg", 2), ("pixel", 2), ("vicreg", 1))   # (model, frames seen)
MIN_OPTIMUM = 5
TASKS = 500   # plan.py's start/goal pairs
COMMAND = "bash run_planning.sh"


def the_task():
    """The first of plan.py's start/goal pairs whose optimum takes at least MIN_OPTIMUM steps, and its optimum."""
    for task in zip(*random_tasks(TASKS, stream_rng(0, "planning_tasks"))):
        best = optimal_steps(*task)
        if best is not None and best >= MIN_OPTIMUM:
            return task, best
    raise AssertionError("no task needs MIN_OPTIMUM steps")


@torch.no_grad()
def predicted_paths(planner, episode, x0, v0):
    """Per step, the columns the chosen plan expects over its horizon (read out of the rolled-out states)."""
    read = column_readout(planner)
    befores = [x0 - v0, *episode["path"][:-1]]
    paths = []
    for before, now, sequence in zip(befores, episode["path"], episode["plans"]):
        state = planner.encode(observation(np.array([before]), np.array([now])))
        columns = []
        for a in sequence:
            state = planner.step(state, np.array([a]))
            columns.append(float(read(state)[0]))
        paths.append(columns)
    return paths


def main(argv=None):
    p = ArgumentParser(prog="fig_episode.py", description=__doc__.split("\n")[0])
    add_quick(p)
    add_paths(p, out=FIGURE)
    args = parse_figure_args(p, argv)
    root = "runs/quick/" if args.quick else ""
    (x0, v0, x_goal), best = the_task()
    models = [load_world_model(root, name, frames, False, 0, hint(COMMAND, args))[0] for name, frames in MODELS]
    runs = []
    for (name, frames), model in zip(MODELS, models):   # every checkpoint loaded and checked before any episode
        planner = planner_for(model)
        episode = run_episode(planner, x0, v0, x_goal)
        runs.append((name, frames, episode, predicted_paths(planner, episode, x0, v0)))
    reference = run_episode(Simulator(), x0, v0, x_goal)

    fig, axes = figure(1, 1 + len(runs), figsize=(4.2 * (1 + len(runs)), 5), sharey=True)
    path = runs[0][2]["path"]
    band = render_frames(np.array(path))[:, BALL_ROW, :].T   # (column, step): the ball's row of every true frame
    axes[0].imshow(band, cmap=CMAP, origin="lower", aspect="auto", extent=(-0.5, len(path) - 0.5, -0.5, FRAME_SIZE - 0.5),
                   **FRAME_LIMITS)
    axes[0].axhline(x_goal, color="tab:cyan", lw=1.2, ls=":")
    axes[0].set_title(f"true frames of the {runs[0][0]} episode:\nthe ball's row at every step (dotted: the goal)",
                      fontsize=9)
    axes[0].set_xlabel("step")
    axes[0].set_ylabel("ball column (px)")
    steps_max = max(len(r[2]["path"]) for r in runs) + HORIZON
    for ax, (name, frames, episode, paths) in zip(axes[1:], runs):
        ax.axhspan(x_goal - GOAL_TOLERANCE, x_goal + GOAL_TOLERANCE, color="0.85", label="goal +-3 px")
        for t, columns in enumerate(paths):
            ax.plot(range(t, t + len(columns) + 1), [episode["path"][t], *columns], color="tab:red",
                    alpha=1.0 if t == 0 else 0.3, lw=1, marker=".", ms=3, label="each plan's predicted path" if t == 0 else None)
        ax.plot(reference["path"], color="tab:green", ls="--", lw=1.2, label=f"true simulator ({reference['steps']} steps)")
        ax.plot(episode["path"], color="k", marker="o", ms=4, lw=1.8, label="true path")
        outcome = f"at the goal in {episode['steps']} steps" if episode["success"] else f"not there in {episode['steps']} steps"
        ax.set_title(f"{name}, {frames} frame{'s' if frames == 2 else ''} seen:\n{outcome}", fontsize=9)
        ax.set_xlabel("step")
        ax.set_xlim(-0.5, steps_max)
        ax.set_ylim(-0.5, FRAME_SIZE - 0.5)
        ax.grid(alpha=0.3)
    axes[1].legend(fontsize=7, loc="best")
    fig.suptitle(f"One task, planned with each model (seed 0, clean frames): start x = {x0:.1f} px, v = {v0:+.0f} px/step; "
                 f"goal x = {x_goal:.1f} px at rest; optimum {best} steps; horizon {HORIZON}", fontsize=10)
    save_figure(fig, args.out)


if __name__ == "__main__":
    run_main(main)
