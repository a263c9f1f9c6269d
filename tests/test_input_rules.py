"""The input rules of cli/ and common/files.py, over every entry script: a bad output, seed or input file is one
line and exit status 2 before any work, and nothing is written, folders included."""
import importlib
import os

import numpy as np
import pytest
import torch

from cli import run_main
from common.world_models import world_model

# Every entry script: (module, the extension of its --out, whether it takes --seed, its --seeds, or neither, and
# a flag that reads a file, with the kind of file it expects). A figure script's --out is ".png".
SCRIPTS = [
    ("part1_pixel.train", ".pt", "--seed", None),
    ("part1_pixel.sample", ".npy", "--seed", ("--frame", "npy")),
    ("part1_pixel.train_sampler", ".pt", "--seed", None),
    ("part1_pixel.train_token_sampler", ".pt", "--seed", None),
    ("part1_pixel.blur.measure", ".json", None, ("--checkpoint", "pt")),
    ("part1_pixel.blur.fig_episode", ".png", "--seed", ("--checkpoint", "pt")),
    ("part1_pixel.blur.fig_loss", ".png", None, ("--metrics", "json")),
    ("part1_pixel.blur.fig_panels", ".png", None, ("--blur", "json")),
    ("part1_pixel.blur.fig_ratio", ".png", None, ("--blur", "json")),
    ("part1_pixel.blur.fig_smear", ".png", None, ("--blur", "json")),
    ("part1_pixel.bias.measure_brightness", ".json", "--seeds", None),
    ("part1_pixel.bias.fig_brightness", ".png", None, ("--results", "json")),
    ("part1_pixel.digits.measure", ".json", "--seed", ("--checkpoint", "pt")),
    ("part1_pixel.digits.fig_panels", ".png", "--seed", ("--claims", "json")),
    ("part1_pixel.digits.fig_episode", ".png", "--seed", ("--checkpoint", "pt")),
    ("part1_pixel.digits.fig_lattice", ".png", None, ("--claims", "json")),
    ("part1_pixel.digits.two_frame_floor", ".json", None, None),
    ("part1_pixel.claims.exp_capacity", ".json", "--seed", None),
    ("part1_pixel.claims.exp_controls", ".json", "--seed", None),
    ("part1_pixel.claims.fig_capacity", ".png", None, ("--results", "json")),
    ("part1_pixel.losses.train_adversarial", ".pt", "--seed", None),
    ("part1_pixel.losses.measure_losses", ".json", "--seeds", None),
    ("part1_pixel.losses.fig_losses", ".png", None, ("--results", "json")),
    ("part1_pixel.sampling.calibrate_sampler", ".json", "--seed", ("--checkpoint", "pt")),
    ("part1_pixel.sampling.compare_samplers", ".json", None, None),
    ("part1_pixel.sampling.exp_mixture", ".json", "--seed", ("--pixel-checkpoint", "pt")),
    ("part1_pixel.sampling.fig_mixture", ".png", "--seed", ("--results", "json")),
    ("part1_pixel.sampling.fig_sampler_curves", ".png", None, ("--mixture", "json")),
    ("part1_pixel.sampling.fig_sampler_samples", ".png", "--seed", ("--checkpoint", "pt")),
    ("part1_pixel.sampling.fig_sampler_share", ".png", None, None),
    ("part1_pixel.sampling.fig_samplers", ".png", None, None),
    ("part1_pixel.sampling.measure_sampler", ".json", "--seed", ("--checkpoint", "pt")),
    ("part2_jepa.embed", ".npy", None, ("--frames", "npy")),
    ("part2_jepa.fig_embeddings", ".png", "--seed", None),
    ("part2_jepa.fig_probes", ".png", None, ("--results", "json")),
    ("part2_jepa.fig_share", ".png", None, ("--results", "json")),
    ("part2_jepa.measure", ".json", "--seeds", None),
    ("part2_jepa.train", ".pt", "--seed", None),
    ("part2_jepa.train_pixel", ".pt", "--seed", None),
    ("part4_planning.fig_episode", ".png", None, None),
    ("part4_planning.fig_planning", ".png", None, ("--results", "json")),
    ("part4_planning.plan", ".json", "--seeds", None),
    ("part4_planning.rollouts", ".json", "--seeds", None),
    ("part4_planning.train", ".pt", "--seed", None),
    ("bench.speed_to_floor", ".json", "--seed", None),
    ("bench.threads", ".json", None, None),
    ("bench.sample_cost", ".json", None, None),
    ("bench.plan_cost", ".json", None, None),
]
REQUIRED = {"part2_jepa.embed": {"--frames": "FRAMES"}, "part1_pixel.sample": {"--x": "32"}}   # flags a run needs


def run(module, argv, tmp_path, capsys):
    """Run a script's main in this process: its exit status, its stderr, and what it left in tmp_path."""
    before = sorted(os.listdir(tmp_path))
    with pytest.raises(SystemExit) as exit_:
        run_main(lambda: importlib.import_module(module).main(argv))
    return exit_.value.code, capsys.readouterr().err, sorted(set(os.listdir(tmp_path)) - set(before))


def base_argv(module, tmp_path, skip=None):
    """The flags a run of `module` needs besides the one under test (`skip`)."""
    frames = tmp_path / "frames.npy"
    if not frames.exists():
        np.save(frames, np.zeros((2, 64, 64), np.float32))
    needed = {flag: str(frames) if value == "FRAMES" else value for flag, value in REQUIRED.get(module, {}).items()}
    return [token for flag, value in needed.items() if flag != skip for token in (flag, value)]


def bad_outputs(extension, tmp_path):
    """(an --out, the words its one line must hold): an existing folder, another suffix, a path under a file, a
    path whose folders do not exist under a file (nothing may be created on the way)."""
    folder = tmp_path / f"taken{extension}"
    folder.mkdir(exist_ok=True)
    plain = tmp_path / "plain.txt"
    plain.write_text("a file, not a folder")
    return [(folder, "folder"), (tmp_path / "out.txt", "out.txt"),
            (plain / f"out{extension}", "not a folder"), (plain / "new" / f"out{extension}", "not a folder")]


def assert_one_line(status, err, left):
    assert status == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert left == [], left


@pytest.mark.parametrize("module,extension,seed,reads", SCRIPTS, ids=[s[0] for s in SCRIPTS])
def test_every_script_refuses_a_bad_output_before_any_work(module, extension, seed, reads, tmp_path, capsys):
    for out, words in bad_outputs(extension, tmp_path):
        status, err, left = run(module, [*base_argv(module, tmp_path), "--out", str(out)], tmp_path, capsys)
        assert_one_line(status, err, left)
        assert words in err, (out, err)


@pytest.mark.parametrize("module,extension,seed", [s[:3] for s in SCRIPTS if s[2]], ids=[s[0] for s in SCRIPTS if s[2]])
def test_every_seed_is_bounded(module, extension, seed, tmp_path, capsys):
    for value in (str(2 ** 63), "-1"):
        status, err, left = run(module, [*base_argv(module, tmp_path), seed, value, "--out", str(tmp_path / f"o{extension}")],
                                tmp_path, capsys)
        assert_one_line(status, err, left)
        assert value in err


@pytest.mark.parametrize("module,flag,kind", [(s[0], *s[3]) for s in SCRIPTS if s[3]], ids=[s[0] for s in SCRIPTS if s[3]])
def test_an_input_of_the_wrong_kind_is_one_line_naming_it(module, flag, kind, tmp_path, capsys):
    """A checkpoint where a JSON is expected, a JSON where a checkpoint or an array is, an archive for an array."""
    wrong = {"json": tmp_path / "wrong.pt", "pt": tmp_path / "wrong.json", "npy": tmp_path / "wrong.npz"}[kind]
    if kind == "json":
        torch.save({"model": {}, "config": {}}, wrong)
    elif kind == "pt":
        wrong.write_text('{"rows": []}')
    else:
        np.savez(wrong, frames=np.zeros((2, 64, 64)))
    instead = {"--frame": "--x"}.get(flag, flag)   # sample.py takes a --frame instead of a --x
    status, err, left = run(module, [*base_argv(module, tmp_path, skip=instead), flag, str(wrong)], tmp_path, capsys)
    assert_one_line(status, err, left)
    assert wrong.name in err, err


def test_an_input_of_zero_frames_is_refused(tmp_path, capsys):
    empty = tmp_path / "empty.npy"
    np.save(empty, np.zeros((0, 64, 64), np.float32))
    status, err, left = run("part2_jepa.embed", ["--frames", str(empty), "--out", str(tmp_path / "z.npy")], tmp_path, capsys)
    assert_one_line(status, err, left)
    assert "no frames" in err


def slot(root, name, config):
    """Write an untrained world model built from `config` into the planning slot `name` under root."""
    path = root / "checkpoints" / "planning" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save({"model": world_model(config).state_dict(), "config": config}, path)


@pytest.mark.parametrize("module", ["part4_planning.plan", "part4_planning.rollouts"])
def test_a_model_in_another_models_slot_stops_the_run(module, tmp_path, capsys, monkeypatch):
    """A two-frame pixel model saved where sigreg's (plan.py) or a sigreg model where the pixel model's
    (rollouts.py) goes loads as a network; its config says what it is, and the run stops on it."""
    monkeypatch.chdir(tmp_path)
    pixel = {"model": "pixel", "frames": 2, "distractors": False, "seed": 0}
    if module.endswith("plan"):
        slot(tmp_path, "sigreg_seed0.pt", pixel)
        argv = ["--models", "sigreg", "--seeds", "0", "--episodes", "1", "--out", "out.json"]
    else:
        slot(tmp_path, "pixel_seed0.pt", {**pixel, "model": "sigreg"})
        argv = ["--seeds", "0", "--rollouts", "1", "--out", "out.json"]
    status, err, left = run(module, argv, tmp_path, capsys)
    assert_one_line(status, err, left)
    assert "holds model" in err and "asked for model" in err, err


def test_quick_keeps_a_size_flag_given_beside_it():
    from cli import ArgumentParser, add_quick, at_least, quick_sizes
    from part4_planning import plan
    p = ArgumentParser(prog="demo")
    add_quick(p)
    p.add_argument("--episodes", type=at_least(1), default=500)
    p.add_argument("--horizon", type=at_least(1), default=6)
    args = p.parse_args(["--quick", "--episodes", "7"])
    quick_sizes(args, episodes=3, horizon=2)
    assert (args.episodes, args.horizon) == (7, 2) and plan.EPISODES == 500
    assert "given" not in vars(args)   # so never in a checkpoint's config


def test_too_many_jobs_and_a_huge_horizon_are_refused(tmp_path, capsys):
    for argv, words in ((["--models", "simulator", "--jobs", "16"], "--jobs 16"),
                        (["--models", "simulator", "--horizon", "40"], "GiB")):
        status, err, left = run("part4_planning.plan", [*argv, "--out", str(tmp_path / "p.json")], tmp_path, capsys)
        assert_one_line(status, err, left)
        assert words in err, err


def test_merge_with_no_file_or_rows_of_another_kind_is_refused_before_planning(tmp_path, capsys):
    out = tmp_path / "p.json"
    status, err, _ = run("part4_planning.plan", ["--models", "simulator", "--merge", "--out", str(out)], tmp_path, capsys)
    assert status == 2 and "not found" in err, err
    out.write_text('{"rows": {"not": "a list"}, "horizon": 6, "episodes": 500, "pixel_episodes": 100, "seeds": [0]}')
    status, err, _ = run("part4_planning.plan", ["--models", "simulator", "--merge", "--out", str(out)], tmp_path, capsys)
    assert status == 2 and "not the list" in err, err
