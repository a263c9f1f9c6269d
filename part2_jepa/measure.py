"""Measure every trained JEPA and pixel model of Part 3 against the exact world: results/jepa.json.

    python part2_jepa/measure.py            # after run_jepa.sh's training step (or train.py for each run)
    python part2_jepa/measure.py --quick    # the --quick runs, into runs/quick/results/jepa.json

For each loss and seed, clean and with distractor dots (common/readout.py): collapse (per-dimension std,
RankMe), the position probe (R^2, error in px), the direction probe against the oracle's limit, the
predictor's error / the latent floor, and the unpredictable share (latent floor / Var f(y)) beside the
pixel one (Bayes floor / Var(y)); the pixel model's MSE / Bayes floor. Then mean and spread over seeds.
"""
import numpy as np
import torch
from tqdm import tqdm

from cli import ArgumentParser, add_quick, add_world, run_main
from common.distractors import DOT_DENSITY, dot_variance
from common.files import load_run, save_json
from common.jepa import JEPA, JEPA_LOSSES, JEPA_STEPS, jepa_checkpoint, jepa_model
from common.models import pixel_predictor
from common.readout import DOT_DRAWS, FIT_PAIRS, READOUT_PAIRS, jepa_readout, pairs, pixel_readout

RESULTS = "results/jepa.json"
SEEDS = (0, 1, 2)
PIXEL_SEEDS = (0,)


def summarize(runs):
    """Mean, standard deviation (ddof 1 where there are >= 2 runs), min and max over seeds of every number."""
    keys = runs[0].keys()
    values = {k: np.array([r[k] for r in runs], dtype=np.float64) for k in keys}
    return {"mean": {k: float(v.mean()) for k, v in values.items()},
            "std": {k: float(v.std(ddof=1)) if len(v) > 1 else 0.0 for k, v in values.items()},
            "min": {k: float(v.min()) for k, v in values.items()},
            "max": {k: float(v.max()) for k, v in values.items()}}


def main(argv=None):
    p = ArgumentParser(prog="measure.py", description=__doc__.split("\n")[0])
    add_world(p)
    p.set_defaults(world="biased")
    add_quick(p)
    p.add_argument("--out", default=None, help=f"results JSON (default {RESULTS}, under runs/quick/ with --quick)")
    args = p.parse_args(argv)
    prefix = "runs/quick/" if args.quick else ""
    seeds = SEEDS[:1] if args.quick else SEEDS
    out = args.out or prefix + RESULTS
    path = lambda name, seed, dots: prefix + jepa_checkpoint(name, seed, dots, args.world.name)  # noqa: E731

    result = {"world": args.world.name, "seeds": list(seeds), "pixel_seeds": list(PIXEL_SEEDS),
              "jepa_steps": JEPA_STEPS, "heldout_pairs": READOUT_PAIRS, "probe_fit_pairs": FIT_PAIRS,
              "dot_density": DOT_DENSITY, "dot_variance_per_pixel": dot_variance(), "dot_draws": DOT_DRAWS}
    for dots, setting in ((False, "clean"), (True, "distractors")):
        data = pairs(args.world, dots)
        block = {}
        for loss in tqdm(JEPA_LOSSES, desc=f"measure {setting}"):
            runs = []
            for seed in seeds:
                model, _ = load_run(path(loss, seed, dots), jepa_model, "bash run_jepa.sh")
                runs.append(jepa_readout(model, args.world, dots, data=data))
            block[loss] = {"runs": runs, **summarize(runs)}
        # control: the same JEPA at initialisation, never trained (what the probes find in random features)
        untrained = []
        for seed in seeds:
            torch.manual_seed(seed)
            untrained.append(jepa_readout(JEPA(), args.world, dots, data=data))
        block["untrained"] = {"runs": untrained, **summarize(untrained)}
        pixel_runs = []
        for seed in PIXEL_SEEDS:
            model, _ = load_run(path("pixel", seed, dots), pixel_predictor, "bash run_jepa.sh")
            pixel_runs.append(pixel_readout(model, args.world, dots, data=data))
        block["pixel"] = {"runs": pixel_runs, **summarize(pixel_runs)}
        result[setting] = block

    save_json(result, out)
    print(f"{'':12s} {'setting':11s} {'std':>7s} {'RankMe':>7s} {'pos R2':>7s} {'px':>5s} {'dir':>6s} {'oracle':>6s} "
          f"{'err/floor':>9s} {'share':>6s} {'pixel':>6s}")
    for setting in ("clean", "distractors"):
        for loss in (*JEPA_LOSSES, "untrained"):
            m = result[setting][loss]["mean"]
            print(f"{loss:12s} {setting:11s} {m['std_mean']:7.4f} {m['rankme']:7.2f} {m['position_r2']:7.4f} "
                  f"{m['position_mae_px']:5.2f} {m['direction_accuracy']:6.3f} {m['oracle_direction_accuracy']:6.3f} "
                  f"{m['ratio_to_latent_floor']:9.3f} {m['unpredictable_share']:6.3f} {m['pixel_share']:6.3f}")
        m = result[setting]["pixel"]["mean"]
        print(f"{'pixel':12s} {setting:11s} MSE / Bayes floor {m['ratio_to_bayes']:.3f}, pixel share {m['pixel_share']:.3f}")
    print(f"wrote {out}")


if __name__ == "__main__":
    run_main(main)
