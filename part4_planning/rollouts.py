"""Rollout quality against the exact world: how far each learned model's own rollouts drift from the true ball.

    python part4_planning/rollouts.py            # after the trainings of run_planning.sh
    python part4_planning/rollouts.py --quick    # smoke run: the --quick checkpoints, a few rollouts, runs/quick/

From random states (common.pushed.moving_states) random actions run HORIZON steps in the true world and in
every learned model (pixel, VICReg, SIGReg; two frames and one; clean and with distractor dots; each seed),
fed its own predictions as the planner feeds them (common/world_models.py's adapters). At every step the
ball's column is read out of the model's rolled-out state:
  JEPA   a linear position probe fitted on the encodings of true observations of other states, applied to
         the rolled-out embeddings (common.world_models.column_readout); step 0 is the probe on the encoding
  pixel  the brightness-weighted column on the ball's rows of the rolled-out frame (the same function); also
         the frame's MSE against the true frame (its dots included, with dots) and the share of the ball's
         rows' brightness that lies within BALL_RADIUS of the true column (1 for the true frame).
Position error = mean |read-out - true column| in px. Writes results/planning_rollouts.json.
"""
import numpy as np
import torch

from cli import (
    SEED,
    ArgumentParser,
    add_quick,
    at_least,
    check_memory,
    check_output,
    hint,
    output,
    quick_sizes,
    run_main,
)
from common.data import stream_rng
from common.distractors import add_dots
from common.files import save_json
from common.pushed import ACTIONS, moving_states, push
from common.world import BALL_RADIUS, BALL_ROW, FRAME_SIZE, render_frames
from common.world_models import (
    PROBE_FIT,
    ActionPixelPredictor,
    column_readout,
    load_world_model,
    observer,
    planner_for,
    trained_seeds,
)

HORIZON = 10        # steps rolled out
ROLLOUTS = 500      # start states and action sequences per model
SEEDS = (0, 1, 2)
COMMAND = "bash run_planning.sh"


def true_rollouts(n, horizon, rng):
    """Random starts and actions in the true world: the first observation's columns (x - v, x), the actions
    (n, horizon), and the true columns (n, horizon + 1), column 0 the start."""
    x, v = moving_states(n, rng)
    before, actions, columns = x - v, rng.choice(ACTIONS, (n, horizon)), [x]
    for t in range(horizon):
        x, v = push(x, v, actions[:, t])
        columns.append(x)
    return before, actions, np.stack(columns, axis=1)


def frames_at(columns, dots_rng):
    """True frames of the columns (n,), with fresh distractor dots if dots_rng is given."""
    frames = render_frames(columns)
    return add_dots(frames, dots_rng) if dots_rng is not None else frames


def ball_mass_share(frames, columns):
    """Share of the ball's rows' brightness within BALL_RADIUS of the true column, per frame."""
    band = np.clip(frames[:, BALL_ROW - BALL_RADIUS:BALL_ROW + BALL_RADIUS + 1, :], 0, None)
    near = np.abs(np.arange(FRAME_SIZE)[None, :] - columns[:, None]) <= BALL_RADIUS
    return (band.sum(axis=1) * near).sum(axis=1) / np.maximum(band.sum(axis=(1, 2)), 1e-9)


@torch.no_grad()
def measure(model, before, actions, columns, dots_rng):
    """One model's rollout: position error per step (0..horizon), and for a pixel model the frames' MSE against
    the true frames and the ball's mass share per step (1..horizon)."""
    planner, observe = planner_for(model), observer(dots_rng)
    read = column_readout(planner, observe)
    state = planner.encode(observe(before, columns[:, 0]))
    error, mse, mass = [float(np.mean(np.abs(read(state) - columns[:, 0])))], [], []
    for t in range(actions.shape[1]):
        state = planner.step(state, actions[:, t])
        error.append(float(np.mean(np.abs(read(state) - columns[:, t + 1]))))
        if isinstance(model, ActionPixelPredictor):
            predicted = state[:, -1].numpy()
            mse.append(float(np.mean((predicted - frames_at(columns[:, t + 1], dots_rng)) ** 2)))
            mass.append(float(np.mean(ball_mass_share(predicted, columns[:, t + 1]))))
    return {"position_error_px": error, **({"mse": mse, "ball_mass_share": mass} if mse else {})}


def main(argv=None):
    p = ArgumentParser(prog="rollouts.py", description=__doc__.split("\n")[0])
    p.add_argument("--rollouts", type=at_least(1), default=ROLLOUTS, help="start states and action sequences per model")
    p.add_argument("--horizon", type=at_least(1), default=HORIZON, help="steps rolled out")
    p.add_argument("--seeds", type=SEED, nargs="+", default=list(SEEDS), help="training seeds of the models")
    add_quick(p)
    p.add_argument("--out", help="results JSON (default results/planning_rollouts.json, under runs/quick/ with --quick)")
    args = p.parse_args(argv)
    quick_sizes(args, rollouts=20, seeds=[0])
    args.out = check_output(args.out or output("results/planning_rollouts.json", args.quick), ".json")
    check_memory(args.rollouts * (args.horizon + 2) * FRAME_SIZE * FRAME_SIZE * 4, "--rollouts x --horizon")
    root = "runs/quick/" if args.quick else ""
    slots = [(name, frames, distractors, seed) for distractors in (False, True) for name in ("pixel", "vicreg", "sigreg")
             for frames in (2, 1) for seed in trained_seeds(name, frames, args.seeds)]
    models = {slot: load_world_model(root, *slot, hint(COMMAND, args))[0] for slot in slots}   # all checked first
    rng = stream_rng(0, "planning_rollouts")
    before, actions, columns = true_rollouts(args.rollouts, args.horizon, rng)
    rows = []
    for distractors in (False, True):
        for name in ("pixel", "vicreg", "sigreg"):
            for frames in (2, 1):
                runs = []
                for seed in trained_seeds(name, frames, args.seeds):
                    model = models[name, frames, distractors, seed]
                    dots_rng = stream_rng(seed, "rollout_dots") if distractors else None
                    runs.append(measure(model, before, actions, columns, dots_rng))
                mean = {key: np.mean([r[key] for r in runs], axis=0).tolist() for key in runs[0]}
                rows.append({"model": name, "frames": frames, "distractors": distractors, "seeds": len(runs),
                             **mean, "per_seed": runs})
                print(f"{name:7s} {frames} frame(s) {'dots ' if distractors else 'clean'}: position error (px) at steps "
                      f"0 / 1 / {args.horizon}: " + " / ".join(f"{mean['position_error_px'][t]:.2f}" for t in (0, 1, -1)))
    save_json({"horizon": args.horizon, "rollouts": args.rollouts, "probe_fit": PROBE_FIT, "seeds": args.seeds,
               "rows": rows}, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    run_main(main)
