"""Generated parts of docs/flow.md and docs/flow_details.md: the flow-matching sampler against NFE, its
results at the default NFE, three seeds, the network's posterior at small s, the Euler grid, the cost, and the
variants of "Also measured".

Reads results/[biased/]sampler.json and results/[biased/]sampler_cost.json (part1_pixel/sampling/measure_sampler.py),
results/[biased/]sampler_calibration.json (calibrate_sampler.py), checkpoints/[biased/]sampler.json
(train_sampler.py's metrics: the default recipe), results/sampler_variants/*.json (seeds and variants, measured
at 200 samples per cell) and results/mixture.json (the 2-component mixture, for comparison).
"""
import numpy as np

from blocks.fmt import load, num, pct, sig, table
from blocks.rules import FAITHFUL_SDS, NEAR, chi_square_bound, is_faithful, near

WORLDS = ("article", "biased")
VARIANTS = "results/sampler_variants"
S = 0.05   # the flow time at which the seeds' and variants' posteriors are compared
TRAIN = "python part1_pixel/train_sampler.py"
MEASURE = "python part1_pixel/sampling/measure_sampler.py"
CALIBRATE = "python part1_pixel/sampling/calibrate_sampler.py"


def in_world(path, world):
    """results/x.json for the article world, results/WORLD/x.json for another."""
    if world == "article":
        return path
    folder, name = path.rsplit("/", 1)
    return f"{folder}/{world}/{name}"


def results(world):
    return load(in_world("results/sampler.json", world))


def calibration_of(world):
    return load(in_world("results/sampler_calibration.json", world))


def at_s(calibration, s):
    """The calibration summary at flow time s."""
    return next(row for row in calibration["summary"] if row["s"] == s)


def mse(x):
    """An MSE with two significant figures, trailing zeros kept: 0.00040, 0.020."""
    return f"{x:#.2g}" if x >= 1e-4 else sig(x, 1)


def link(path):
    """A markdown link to a committed file, named by its file name."""
    return f"[{path.rsplit('/', 1)[1]}](../{path})"


def within(share):
    """Cells within 3 points, with an exact sampler's expected rate at as many samples."""
    return f"{pct(share['within_3_points'])} ({pct(share['exact_sampler_within_3_points'])})"


def cell_count():
    """How many cells where both directions occur the default-NFE runs score."""
    return len(results("article")["default"]["share"]["cells"])


def signed(value):
    return "-" if value is None else f"{value:+.3f}"


# --- the NFE sweep and the default-NFE results -----------------------------------------------------------

def sweep():
    rows = []
    def chi_cells(share):
        """The chi-square over the cells that counted a sample; none counted (every sample invalid) reads "-"."""
        counted = sum(n > 0 for n in share["counted_per_cell"])
        if not counted:
            return f"- (no valid sample in {len(share['cells'])} cells)"
        return f"{num(share['chi_square'], 1)} ({counted} cells)"

    for world in WORLDS:
        r = results(world)
        for row in r["sweep"] + [r["default"]]:
            walls = row["wrong_way_at_walls"]
            rows.append([world, f"**{row['nfe']}** (large run)" if row is r["default"] else row["nfe"],
                         f"{row['samples']:,} ({row['samples_per_cell']:,})",
                         mse(row["sharpness_ambiguous"]), pct(row["validity_ambiguous"], 1),
                         mse(row["sample_to_oracle_ambiguous"]),
                         chi_cells(row["share"]),
                         "-" if walls is None else pct(walls, 1)])
        oracle = r["oracle"]
        rows.append([world, "E[y\\|x] itself (the blur)", "", mse(oracle["sharpness_ambiguous"]),
                     pct(oracle["validity_ambiguous"], 1), "0", "", ""])
    mixture = load("results/mixture.json")["sharpness"]
    rows.append(["article", "the MSE model's output", "held-out pairs", mse(mixture["mse_output_to_nearest_future"]),
                 "", "", "", ""])
    rows.append(["article", "2-component mixture, told K = 2 ([claims](claims.md))", "held-out pairs",
                 mse(mixture["sample_to_nearest_future"]), "", "", "", ""])
    return table(["world", "NFE", "samples (per cell)", "MSE to the nearer true future", "valid single balls",
                  "MSE of a sample to E[y\\|x]", "chi-square of the shares (about the cell count if faithful)",
                  "wrong way at the walls"], rows)


def results_table():
    """The default-NFE run of each world beside what each number is compared with, and each row's verdict."""
    d = {world: results(world)["default"] for world in WORLDS}
    share = {world: d[world]["share"] for world in WORLDS}
    blur = {world: results(world)["oracle"]["sharpness_ambiguous"] for world in WORLDS}
    blurs = " / ".join(mse(blur[w]) for w in WORLDS)

    def verdict(passes, yes, no):
        passes = [bool(p) for p in passes]
        return yes if all(passes) else no if not any(passes) else f"{yes} ({', '.join(w for w, p in zip(WORLDS, passes) if p)} only)"

    rows = [
        ["MSE of a sample to the nearer true future", *(mse(d[w]["sharpness"]) for w in WORLDS),
         f"E[y\\|x]: {blurs}", verdict((near(d[w]["sharpness"], blur[w]) for w in WORLDS), "sharp", "not sharp")],
        ["valid single balls", *(pct(d[w]["validity"], 2) for w in WORLDS), "E[y\\|x]: 0%", ""],
        ["cells where the share going right is within 3 points of P(right\\|x)",
         *(f"{pct(share[w]['within_3_points'])} of {len(share[w]['cells'])} (largest gap {num(share[w]['max_gap'])})"
           for w in WORLDS),
         "an exact sampler, as many samples: " + " / ".join(pct(share[w]["exact_sampler_within_3_points"], 1) for w in WORLDS), ""],
        ["chi-square of the shares against P(right\\|x)", *(num(share[w]["chi_square"], 0) for w in WORLDS),
         "an exact sampler: " + " / ".join(f"{len(share[w]['cells'])}, bound {num(chi_square_bound(len(share[w]['cells'])), 0)}"
                                           for w in WORLDS),
         verdict((is_faithful(share[w]) for w in WORLDS), "faithful", "**not faithful**")],
        ["MSE of the samples' mean to E[y\\|x], sampling noise subtracted",
         *(f"{mse(d[w]['mean_to_oracle_noise_corrected'])} (raw {mse(d[w]['mean_to_oracle'])}, "
           f"noise {mse(d[w]['mean_sampling_noise'])})" for w in WORLDS),
         f"E[y\\|x]'s MSE to the nearer future: {blurs}",
         verdict((near(d[w]["mean_to_oracle_noise_corrected"], blur[w]) for w in WORLDS), "mean is E[y\\|x]",
                 "mean is not E[y\\|x]")],
    ]
    return table(["measured at NFE 8", "article", "biased", "compared with (article / biased)", "verdict"], rows)


def share_gaps(world):
    """(cell, share going right - P(right|x)) per cell where both directions occur, at the default NFE."""
    share = results(world)["default"]["share"]
    return [(cell, s - p) for cell, s, p in zip(share["cells"], share["sample_right"], share["p_right"])]


def rms_points(world):
    """Root-mean-square per-cell share error, in points, with the binomial part p (1 - p) / n removed."""
    d = results(world)["default"]
    share, n = d["share"], d["samples_per_cell"]
    squares = [(s - p) ** 2 - p * (1 - p) / n for s, p in zip(share["sample_right"], share["p_right"])]
    return f"{100 * (sum(squares) / len(squares)) ** 0.5:.1f}"


def extreme_gap(world, pick):
    cell, gap = pick(share_gaps(world), key=lambda cell_gap: cell_gap[1])
    return f"{gap:+.2f} at x = {cell} to {cell + 1}"


def cells_off(world, points=0.06):
    return ", ".join(str(cell) for cell, gap in share_gaps(world) if abs(gap) > points)


def most_negative_posterior(world, count=3):
    """The calibrated columns whose network posterior at s = S lies furthest below the exact one."""
    rows = sorted((r for r in calibration_of(world)["rows"] if r["s"] == S), key=lambda r: r["mean_gap"])
    return ", ".join(f"{r['x']} ({r['mean_gap']:+.3f})" for r in sorted(rows[:count], key=lambda r: r["x"]))


# --- seeds and variants: one measurement (200 per cell) and one calibration each ---------------------------

SEEDS = [(world, f"{world}-seed{seed}") for world in WORLDS for seed in (0, 1, 2)]
ALSO = [  # world, file stem under results/sampler_variants/ (WORLD-seed0: the default checkpoint)
    ("biased", "biased-seed0"), ("biased", "biased-clean-6500"), ("biased", "biased-tp2-4000"),
    ("biased", "biased-tp3-4000"), ("biased", "biased-w16-4000"),
    ("article", "article-seed0"), ("article", "article-clean-6500"),
]


def files(world, stem):
    """(measurement JSON, calibration JSON); the default checkpoint's calibration is run_sampler.sh's."""
    if stem.endswith("seed0"):
        return f"{VARIANTS}/{stem}.json", in_world("results/sampler_calibration.json", world)
    return f"{VARIANTS}/{stem}.json", f"{VARIANTS}/{stem}.calibration.json"


def seeds():
    rows = []
    for world, stem in SEEDS:
        measured, calibrated = files(world, stem)
        m, c = load(measured), at_s(load(calibrated), S)
        d = m["default"]
        rows.append([world, m["checkpoint_config"]["seed"], within(d["share"]), num(d["share"]["chi_square"], 1),
                     f"{d['share']['pooled_gap']:+.3f}", mse(d["sharpness"]), pct(d["validity"], 2),
                     mse(d["mean_to_oracle_noise_corrected"]), num(c["mean_abs_gap"]),
                     signed(c["lean_to_likelier"]), f"{link(measured)}, {link(calibrated)}"])
    return table(["world", "seed", "cells within 3 points (exact sampler)", f"chi-square ({cell_count()} cells)", "pooled gap",
                  "MSE to the nearer future", "valid", "mean to E[y\\|x]", f"posterior mean \\|gap\\| at s = {S}",
                  f"lean to the likelier future at s = {S}", "JSON"], rows)


def span(pairs, value, fmt):
    values = [value(*files(world, stem)) for world, stem in pairs]
    values = [v for v in values if v is not None]
    return f"{fmt(min(values))} to {fmt(max(values))}"


def default_config(world):
    return load(in_world("checkpoints/sampler.json", world))["config"]


def train_flags(config):
    """train_sampler.py's flags that differ from the default checkpoint's recipe (--world and --out aside)."""
    default = default_config(config["world"])
    flags = []
    if config["seed"] != default["seed"]:
        flags.append(f"--seed {config['seed']}")
    if config["steps"] != default["steps"]:
        flags.append(f"--steps {config['steps']}")
    if config.get("time_power", 1) != 1:   # the default checkpoints' configs predate the flag: uniform s
        flags.append(f"--time-power {config['time_power']:g}")
    if config["widths"] != default["widths"]:
        flags.append("--widths " + " ".join(str(w) for w in config["widths"]))
    return " ".join(flags)


def share_slope(world):
    """Least-squares slope of the default run's per-cell shares on P(right | x): 1 if faithful."""
    share = results(world)["default"]["share"]
    return float(np.polyfit(share["p_right"], share["sample_right"], 1)[0])


def half_gaps():
    """Mean share - P(right | x) over the biased world's cells where P(right | x) > 1/2 and where it is < 1/2."""
    share = results("biased")["default"]["share"]
    p, gap = np.array(share["p_right"]), np.array(share["sample_right"]) - np.array(share["p_right"])
    return f"{gap[p > 0.5].mean():+.3f} / {gap[p < 0.5].mean():+.3f}"


def rule(share):
    """Which samples a JSON's shares count: the valid ones that go one way (ties neither), or, in files measured
    before that rule, every sample with a tie counted as right-going."""
    return "valid samples, ties neither way" if "counted_per_cell" in share else "every sample, a tie as right"


def rule_shift():
    """The largest move of a cell's share, in points, between the two rules on the same samples (default runs)."""
    shift = max(abs(a - b) for w in WORLDS for a, b in zip(results(w)["default"]["share"]["sample_right"],
                                                            results(w)["default"]["share"]["sample_right_every_sample_ties_right"]))
    return num(100 * shift, 2)


def also():
    rows = []
    for world, stem in ALSO:
        measured, calibrated = files(world, stem)
        m, c = load(measured), at_s(load(calibrated), S)
        d, flags = m["default"], train_flags(m["checkpoint_config"])
        rows.append([world, f"`{flags}`" if flags else "the default", f"{m['checkpoint_config']['parameters']:,}",
                     within(d["share"]), num(d["share"]["chi_square"], 1), mse(d["sharpness"]),
                     signed(c["lean_to_likelier"]), num(c["slope"], 2), rule(d["share"]),
                     f"{link(measured)}, {link(calibrated)}"])
    return table(["world", "train_sampler.py flags", "parameters", "cells within 3 points (exact sampler)",
                  f"chi-square ({cell_count()} cells)", "MSE to the nearer future", f"lean at s = {S}", f"slope at s = {S}",
                  "shares count", "JSON"], rows)


def measure_flags(m):
    """measure_sampler.py's flags that give a measurement like `m`: the sweep's NFEs and samples per column."""
    columns = m["sub_columns"]
    return (f"--sweep-nfes {' '.join(str(row['nfe']) for row in m['sweep'])} "
            f"--default-samples {m['default']['samples_per_cell'] // columns} "
            f"--grid-samples {m['grid'][0]['samples_per_cell'] // columns}")


def commands():
    """The commands behind every row of the seeds table and the Also measured table."""
    lines = []
    for world, stem in ALSO + [(world, stem) for world, stem in SEEDS if not stem.endswith("seed0")]:
        measured, calibrated = files(world, stem)
        m = load(measured)
        if stem.endswith("seed0"):
            lines += [f"# {world} world, the default checkpoint (calibration: {calibrated})",
                      f"{MEASURE} --world {world} {measure_flags(m)} --out {measured}"]
            continue
        flags, checkpoint = train_flags(m["checkpoint_config"]), f"checkpoints/sampler_variants/{stem}.pt"
        lines += [f"# {world} world, {flags}",
                  f"{TRAIN} --world {world} {flags} --out {checkpoint}",
                  f"{MEASURE} --world {world} --checkpoint {checkpoint} {measure_flags(m)} --out {measured}",
                  f"{CALIBRATE} --world {world} --checkpoint {checkpoint} --out {calibrated}"]
    return "```bash\n" + "\n".join(lines) + "\n```\n"


# --- the network's posterior at small s, the Euler grid, the cost ------------------------------------------

def calibration():
    rows = []
    for a, b in zip(*(calibration_of(world)["summary"] for world in WORLDS)):
        rows.append([a["s"], f"{num(a['exact_sd'], 2)} / {num(b['exact_sd'], 2)}",
                     f"{num(a['slope'], 2)} / {num(b['slope'], 2)}",
                     f"{num(a['mean_abs_gap'])} / {num(b['mean_abs_gap'])}", signed(b["lean_to_likelier"])])
    return table(["flow time s", "exact posterior's s.d. (article / biased)",
                  "slope of the network's posterior on the exact one", "mean \\|gap\\| between them",
                  "lean to the likelier future (biased)"], rows)


def path_of(world, stochastic=False, exact=False):
    """calibrate_sampler.py's walk along the Euler (or stochastic) sampler's own path, of the network or of the
    exact x1-prediction in its place (with its own noise draws: more of them, as it needs no network)."""
    c = calibration_of(world)
    if stochastic:
        return c["along_stochastic_path"]["exact_sampler" if exact else "network"]
    return c["along_path"]["exact_sampler"] if exact else c["along_path"]


def along_path():
    rows = []
    for a, b in zip(*(path_of(world)["steps"] for world in WORLDS)):
        rows.append([f"{a['s']:.3f}", f"{num(a['network_minus_exact_rms'])} / {num(b['network_minus_exact_rms'])}",
                     signed(b["lean_to_likelier"]), num(b["network_slope"], 2), num(b["exact_slope"], 2),
                     f"{num(a['exact_minus_p_rms'])} / {num(b['exact_minus_p_rms'])}"])
    return table(["grid time s", "RMS of the network's share - the exact posterior's (article / biased)",
                  "network's lean to the likelier future (biased)", "slope on P(right\\|x) of the network's share (biased)",
                  "... of the exact posterior of the path's x_s (biased)",
                  "RMS of the exact posterior - P(right\\|x) (article / biased)"], rows)


def path_ends():
    rows = []
    for label, stochastic in (("Euler, eta 0 (the flow ODE)", False), ("ancestral (eta 1)", True)):
        for who, exact in (("the network", False), ("the exact x1-prediction", True)):
            runs = [path_of(world, stochastic, exact) for world in WORLDS]
            rows.append([label, who, " / ".join(f"{r['draws']:,}" for r in runs),
                         " / ".join(f"{100 * r['sample_rms_noise_corrected']:.1f}" for r in runs),
                         num(runs[1]["sample_slope"], 2)])
    return table(["sampler, NFE 8", "x1-prediction", "noise draws per cell (article / biased)",
                  "share error, points (article / biased)", "slope on P(right\\|x) (biased)"], rows)


def stochastic_of(world):
    return load(in_world("results/sampler_stochastic.json", world))


def stochastic():
    """The Euler and the stochastic sampler's default runs; share error and slope as compare_samplers.py
    computed them (results/samplers.json)."""
    rows = []
    for world in WORLDS:
        for label, d, name in (("Euler, eta 0 (the default)", results(world)["default"], "flow ODE (Euler, NFE 8)"),
                               ("ancestral (eta 1)", stochastic_of(world)["default"],
                                "flow stochastic (ancestral, NFE 8)")):
            row = next(r for r in load("results/samplers.json")[world]["rows"] if r["sampler"] == name)
            rows.append([world, label, d["samples_per_cell"], f"{100 * row['share_rms']:.1f}",
                         "-" if row["slope"] is None else num(row["slope"], 2), mse(d["sharpness"]),
                         pct(d["validity"], 2)])
    return table(["world", "sampler (NFE 8)", "samples per cell", "share error, points (noise removed)",
                  "slope on P(right\\|x)", "MSE to the nearer future", "valid"], rows)


def grid_row(world, power):
    return next(row for row in results(world)["grid"] if row["grid_power"] == power)


def grid():
    rows = []
    for world in WORLDS:
        for row in results(world)["grid"]:
            nfe, power = row["nfe"], row["grid_power"]
            label = f"equal steps, s_i = i / {nfe}" if power == 1 else f"s_i = (i / {nfe})^{power} (the default)"
            rows.append([world, label, within(row["share"]), num(row["share"]["chi_square"], 1),
                         num(row["share"]["max_gap"]), mse(row["sharpness"]), pct(row["validity"], 2)])
    return table(["world", "Euler grid (NFE 8, 200 samples per cell, same noise)", "cells within 3 points (exact sampler)",
                  f"chi-square ({cell_count()} cells)", "largest gap", "MSE to the nearer future", "valid"], rows)


TABLES = {
    "sampling.sweep": sweep,
    "sampling.results": results_table,
    "sampling.seeds": seeds,
    "sampling.calibration": calibration,
    "sampling.grid": grid,
    "sampling.path": along_path,
    "sampling.path_ends": path_ends,
    "sampling.stochastic": stochastic,
    "sampling.also": also,
    "sampling.commands": commands,
}
NUMBERS = {
    "sampling.n.near": lambda: f"{NEAR:g}",
    "sampling.n.faithful_sds": lambda: str(FAITHFUL_SDS),
    "sampling.n.parameters": lambda: f"{default_config('article')['parameters']:,}",
    "sampling.n.cells": lambda: str(cell_count()),
    "sampling.n.chi2": lambda: " / ".join(num(results(w)["default"]["share"]["chi_square"], 0) for w in WORLDS),
    "sampling.n.rms": lambda: " / ".join(rms_points(w) for w in WORLDS),
    "sampling.n.pooled": lambda: " / ".join(f"{results(w)['default']['share']['pooled_gap']:+.3f}" for w in WORLDS),
    "sampling.n.ties": lambda: " / ".join(str(results(w)["default"]["share"]["ties"]) for w in WORLDS),
    "sampling.n.invalid": lambda: " / ".join(str(results(w)["default"]["share"]["invalid"]) for w in WORLDS),
    "sampling.n.rule_shift": rule_shift,
    "sampling.n.biased_high": lambda: extreme_gap("biased", max),
    "sampling.n.biased_slope": lambda: num(share_slope("biased"), 2),
    "sampling.n.zero_rms": lambda: " / ".join(f"{100 * calibration_of(w)['at_noise']['rms_noise_corrected']:.1f}"
                                              for w in WORLDS),
    "sampling.n.zero_slope": lambda: num(calibration_of("biased")["at_noise"]["slope"], 2),
    "sampling.n.zero_spread": lambda: " / ".join(num(calibration_of(w)["at_noise"]["mean_sd"], 2) for w in WORLDS),
    "sampling.n.path_slopes": lambda: (
        f"{num(path_of('biased')['sample_slope'], 2)} for the network and "
        f"{num(path_of('biased', exact=True)['sample_slope'], 2)} for the exact x1-prediction"),
    "sampling.n.path_rms": lambda: (
        f"{100 * path_of('biased')['sample_rms_noise_corrected']:.1f} and "
        f"{100 * path_of('biased', exact=True)['sample_rms_noise_corrected']:.1f}"),
    "sampling.n.stochastic_slopes": lambda: (
        f"{num(path_of('biased', True)['sample_slope'], 2)} for the network and "
        f"{num(path_of('biased', True, True)['sample_slope'], 2)} for the exact x1-prediction"),
    "sampling.n.exact_slope_rise": lambda: (
        f"{num(path_of('biased')['steps'][0]['exact_slope'], 2)} at s = 0 to "
        f"{num(path_of('biased')['steps'][3]['exact_slope'], 2)} at s = {path_of('biased')['steps'][3]['s']:.2f}"),
    "sampling.n.path_draws": lambda: f"{path_of('biased')['draws']:,}",
    "sampling.n.exact_grid_vs_stochastic": lambda: (
        f"{100 * path_of('biased', exact=True)['sample_rms_noise_corrected']:.1f} points on the ODE grid and "
        f"{100 * path_of('biased', True, True)['sample_rms_noise_corrected']:.1f} with ancestral steps"),
    "sampling.n.exact_path_draws": lambda: f"{path_of('biased', exact=True)['draws']:,}",
    "sampling.n.stochastic_samples": lambda: f"{stochastic_of('biased')['default']['samples_per_cell']:,}",
    "sampling.n.zero_draws": lambda: f"{calibration_of('biased')['at_noise']['draws']:,}",
    "sampling.n.half_gaps": half_gaps,
    "sampling.n.biased_low": lambda: extreme_gap("biased", min),
    "sampling.n.article_cells_off": lambda: cells_off("article"),
    "sampling.n.article_posterior_low": lambda: most_negative_posterior("article"),
    "sampling.n.mixture_gap": lambda: num(load("results/mixture.json")["every_column"]["max_gap_both_directions"]),
    "sampling.n.lean_small_s": lambda: " and ".join(
        f"{signed(at_s(calibration_of('biased'), s)['lean_to_likelier'])} at s = {s}" for s in (0.02, 0.05)),
    "sampling.n.lean_gone": lambda: signed(at_s(calibration_of("biased"), 0.1)["lean_to_likelier"]),
    "sampling.n.seed_chi": lambda: span(SEEDS, lambda m, c: load(m)["default"]["share"]["chi_square"],
                                        lambda v: num(v, 0)),
    "sampling.n.seed_lean": lambda: span(SEEDS, lambda m, c: at_s(load(c), S)["lean_to_likelier"], signed),
    "sampling.n.also_lean": lambda: span(ALSO[:5], lambda m, c: at_s(load(c), S)["lean_to_likelier"], signed),
    "sampling.n.also_within": lambda: span(ALSO[:5], lambda m, c: load(m)["default"]["share"]["within_3_points"], pct),
    "sampling.n.also_exact": lambda: pct(load(files(*ALSO[0])[0])["default"]["share"]["exact_sampler_within_3_points"]),
    "sampling.n.two_draws": lambda: (
        f"{within(load(files(*ALSO[0])[0])['default']['share'])}, chi-square "
        f"{num(load(files(*ALSO[0])[0])['default']['share']['chi_square'], 1)} on one noise draw and "
        f"{within(grid_row('biased', 2)['share'])}, {num(grid_row('biased', 2)['share']['chi_square'], 1)} on another"),
}
