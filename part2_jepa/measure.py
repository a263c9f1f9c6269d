"""Measure every trained JEPA and pixel model of Part 3 against the exact world: results/jepa.json.

    python part2_jepa/measure.py            # after run_jepa.sh's training step (or train.py for each run)
    python part2_jepa/measure.py --quick    # the --quick runs, into runs/quick/results/jepa.json

For each loss and seed (and Barlow Twins and VICReg through an expander), clean and with distractor dots (common/readout.py): collapse (per-dimension std,
RankMe), the position probe (R^2, error in px), the direction probe against the oracle's limit, the
predictor's error / the latent floor, and the unpredictable share (latent floor / Var f(y)) beside the
pixel one (Bayes floor / Var(y)) and that of a code that is the ball's column itself; the pixel model's
MSE / Bayes floor. Then mean and spread over seeds.
"""
import os
from functools import partial

import numpy as np
import torch
from tqdm import tqdm

from cli import SEED, ArgumentParser, add_quick, add_world, check_output, hint, quick_sizes, run_main
from common.distractors import DOT_DENSITY, dot_variance
from common.files import beside, load_json, load_run, save_json
from common.jepa import JEPA, JEPA_STEPS, RUN_NAMES, jepa_checkpoint, jepa_model
from common.models import pixel_predictor
from common.probes import column_code_share
from common.readout import jepa_readout, pairs, pixel_readout

RESULTS = "results/jepa.json"
SEEDS = (0, 1, 2)
PIXEL_SEEDS = (0, 1, 2)
# held-out pairs scored, pairs the probes are fitted on, dot draws per future (distractor floor); --quick: tiny
SIZES = {"heldout_pairs": 512, "probe_fit_pairs": 1024, "dot_draws": 2}
QUICK_SIZES = {"heldout_pairs": 256, "probe_fit_pairs": 512, "dot_draws": 2}


def summarize(runs):
    """Mean, standard deviation (ddof 1 where there are >= 2 runs), min and max over seeds of every number."""
    keys = runs[0].keys()
    values = {k: np.array([r[k] for r in runs], dtype=np.float64) for k in keys}
    return {"mean": {k: float(v.mean()) for k, v in values.items()},
            "std": {k: float(v.std(ddof=1)) if len(v) > 1 else 0.0 for k, v in values.items()},
            "min": {k: float(v.min()) for k, v in values.items()},
            "max": {k: float(v.max()) for k, v in values.items()}}


def cached(path, sizes, compute):
    """A read-out saved beside its checkpoint (.readout.json) and reused while the sizes are the same and the
    checkpoint is not newer: several measure.py processes can fill them in parallel, and a last one gathers them."""
    cache = beside(path, ".readout.json")
    retrained = os.path.exists(cache) and os.path.exists(path) and os.path.getmtime(path) > os.path.getmtime(cache)
    if os.path.exists(cache) and not retrained:   # (the untrained control has no checkpoint to be newer)
        saved = load_json(cache, "python part2_jepa/measure.py")
        if saved.get("sizes") == sizes:
            return saved["readout"]
    readout = compute()
    save_json({"sizes": sizes, "readout": readout}, cache)
    return readout


def measure_setting(args, dots, seeds, pixel_seeds, sizes, prefix):
    """Every encoder's read-outs in one setting (clean, or with distractor dots), on one set of held-out pairs."""
    path = lambda name, seed: prefix + jepa_checkpoint(name, seed, dots, args.world.name)
    made = {}
    data = lambda: made.setdefault("pairs", pairs(args.world, dots, sizes["heldout_pairs"], sizes["probe_fit_pairs"]))
    found = lambda name, candidates: [s for s in candidates if not args.available_only or os.path.exists(path(name, s))]

    def jepa(loss, seed):
        model, _ = load_run(path(loss, seed), jepa_model, hint("bash run_jepa.sh", args),
                            expect={"world": args.world.name, "seed": seed, "distractors": dots})
        return jepa_readout(model, args.world, dots, data=data(), draws=sizes["dot_draws"])

    def untrained():
        torch.manual_seed(0)   # one initialisation: a control, not a result
        return jepa_readout(JEPA(), args.world, dots, data=data(), draws=sizes["dot_draws"])

    def pixel(seed):
        model, _ = load_run(path("pixel", seed), pixel_predictor, hint("bash run_jepa.sh", args),
                            expect={"world": args.world.name, "seed": seed, "distractors": dots})
        return pixel_readout(model, args.world, dots, data=data())

    block = {}
    for loss in tqdm([name for name in RUN_NAMES if name in args.losses], desc="measure " + ("dots" if dots else "clean")):
        present = found(loss, seeds)
        runs = [cached(path(loss, seed), sizes, partial(jepa, loss, seed)) for seed in present]
        if runs:
            block[loss] = {"seeds": present, "runs": runs, **summarize(runs)}
    # control: the same JEPA at initialisation, never trained (what the probes find in random features)
    if "untrained" in args.losses:
        runs = [cached(path("untrained", 0), sizes, untrained)]
        block["untrained"] = {"runs": runs, **summarize(runs)}
    if "pixel" in args.losses:
        runs = [cached(path("pixel", seed), sizes, partial(pixel, seed)) for seed in found("pixel", pixel_seeds)]
        if runs:
            block["pixel"] = {"runs": runs, **summarize(runs)}
    return block


def check_checkpoints(args, seed_sets, pixel_seeds, prefix):
    """Load every checkpoint the run will measure, before any measuring: a missing one (unless
    --available-only) or one of another world, seed or setting stops the run here."""
    for dots, setting in ((False, "clean"), (True, "distractors")):
        if setting not in args.settings:
            continue
        for name in [*[n for n in RUN_NAMES if n in args.losses], *(["pixel"] if "pixel" in args.losses else [])]:
            build = pixel_predictor if name == "pixel" else jepa_model
            for seed in pixel_seeds if name == "pixel" else seed_sets[dots]:
                path = prefix + jepa_checkpoint(name, seed, dots, args.world.name)
                if not (args.available_only and not os.path.exists(path)):
                    load_run(path, build, hint("bash run_jepa.sh", args),
                             expect={"world": args.world.name, "seed": seed, "distractors": dots})


def main(argv=None):
    p = ArgumentParser(prog="measure.py", description=__doc__.split("\n")[0])
    add_world(p)
    p.set_defaults(world="biased")
    add_quick(p)
    p.add_argument("--seeds", type=SEED, nargs="+", default=list(SEEDS), help="seeds of the clean runs")
    p.add_argument("--dots-seeds", type=SEED, nargs="+", default=list(SEEDS), help="seeds of the runs with distractors")
    p.add_argument("--settings", nargs="+", choices=("clean", "distractors"), default=["clean", "distractors"],
                   help="which worlds to measure; the other's block already in --out is kept")
    p.add_argument("--losses", nargs="+", default=[*RUN_NAMES, "untrained", "pixel"],
                   help="which encoders to measure (LOSS_expander: the loss saw an expander; untrained: the JEPA at "
                        "initialisation, a control; pixel: the pixel model)")
    p.add_argument("--available-only", action="store_true",
                   help="measure the seeds whose checkpoints exist and list them, instead of failing on a missing one")
    p.add_argument("--out", default=None, help=f"results JSON (default {RESULTS}, under runs/quick/ with --quick)")
    args = p.parse_args(argv)
    prefix = "runs/quick/" if args.quick else ""
    sizes = QUICK_SIZES if args.quick else SIZES
    quick_sizes(args, seeds=[0], dots_seeds=[0])
    seed_sets = {False: args.seeds, True: args.dots_seeds}
    pixel_seeds = [0] if args.quick else list(PIXEL_SEEDS)
    out = check_output(args.out or prefix + RESULTS, ".json")
    check_checkpoints(args, seed_sets, pixel_seeds, prefix)

    result = {"world": args.world.name, "seeds": seed_sets[False], "dots_seeds": seed_sets[True], "pixel_seeds": pixel_seeds,
              "jepa_steps": JEPA_STEPS, **sizes,
              "dot_density": DOT_DENSITY, "dot_variance_per_pixel": dot_variance()}
    if set(args.settings) != {"clean", "distractors"} and os.path.exists(out):
        result = {**load_json(out, "python part2_jepa/measure.py"), **result}
    for dots, setting in ((False, "clean"), (True, "distractors")):
        if setting in args.settings:
            result[setting] = measure_setting(args, dots, seed_sets[dots], pixel_seeds, sizes, prefix)
    held, _ = pairs(args.world, False, sizes["heldout_pairs"], sizes["probe_fit_pairs"])   # the same pairs' columns
    result["column_code_share"] = column_code_share(held["col_t"], held["col_next"], args.world)

    save_json(result, out)
    print(f"{'':16s} {'setting':11s} {'std':>7s} {'RankMe':>7s} {'pos R2':>7s} {'px':>5s} {'dir':>6s} {'oracle':>6s} "
          f"{'err/floor':>9s} {'share':>6s} {'pixel':>6s}")
    for setting in ("clean", "distractors"):
        if setting not in result:
            continue
        for loss in [name for name in (*RUN_NAMES, "untrained") if name in result[setting]]:
            m = result[setting][loss]["mean"]
            print(f"{loss:16s} {setting:11s} {m['std_mean']:7.4f} {m['rankme']:7.2f} {m['position_r2']:7.4f} "
                  f"{m['position_mae_px']:5.2f} {m['direction_accuracy']:6.3f} {m['oracle_direction_accuracy']:6.3f} "
                  f"{m['ratio_to_latent_floor']:9.3f} {m['unpredictable_share']:6.3f} {m['pixel_share']:6.3f}")
        if "pixel" not in result[setting]:
            continue
        m = result[setting]["pixel"]["mean"]
        print(f"{'pixel':16s} {setting:11s} MSE / Bayes floor {m['ratio_to_bayes']:.3f}, pixel share {m['pixel_share']:.3f}")
    print(f"wrote {out}")


if __name__ == "__main__":
    run_main(main)
