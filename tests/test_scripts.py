"""One smoke test per entry script, at tiny sizes, and their answers to bad input. Their real results come
from run_all.sh and run_claims.sh."""
import json
import os
import shutil

import numpy as np
import pytest
import torch

from bench import plan_cost, speed_to_floor, threads
from cli import run_main
from common.files import load_run
from common.models import pixel_predictor
from common.training import DIGITS_RECIPE, DIGITS_STEPS, RECIPE, STEPS
from common.world_models import KINDS
from part1_pixel import train as train_script
from part1_pixel.bias import fig_brightness, measure_brightness
from part1_pixel.blur import fig_episode, fig_loss, fig_panels, fig_ratio, fig_smear, measure
from part1_pixel.claims import exp_capacity, exp_controls, fig_capacity
from part1_pixel.sampling import exp_mixture, fig_mixture
from tests.conftest import assert_one_line_error, run_script

PNG = b"\x89PNG\r\n\x1a\n"


def is_png(path):
    return path.read_bytes()[:8] == PNG and path.stat().st_size > 10_000


def test_train_writes_checkpoint_metrics_and_timing_apart(tiny_checkpoint):
    metrics = json.loads(tiny_checkpoint.with_suffix(".json").read_text())
    held = metrics["heldout"]
    assert held["ratio_to_bayes"] == pytest.approx(held["mse"] / held["bayes_floor"])
    assert len(metrics["loss"]) == 3 and metrics["config"]["world"] == "article"
    assert "time" not in json.dumps(metrics)   # wall times only in the .timing.json, which is not committed
    assert json.loads(tiny_checkpoint.with_suffix(".timing.json").read_text())["train_time_s"] > 0
    assert set(torch.load(tiny_checkpoint, weights_only=True)) == {"model", "config"}


def test_train_defaults_are_the_worlds_recipe_and_a_flag_wins():
    article, _ = train_script.parse_args(["--device", "cpu"])
    assert (article.steps, article.batch_size, article.lr) == (STEPS, RECIPE["batch_size"], RECIPE["lr"])
    digits, _ = train_script.parse_args(["--world", "digits", "--device", "cpu", "--lr", "2e-3"])
    assert (digits.steps, digits.batch_size, digits.lr) == (DIGITS_STEPS, DIGITS_RECIPE["batch_size"], 2e-3)
    assert digits.out == "checkpoints/digits/pixel.pt"


def test_quick_digits_training_writes_both_heldout_sets_under_runs_quick(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    train_script.main(["--world", "digits", "--quick", "--steps", "2", "--device", "cpu", "--quiet"])
    out = tmp_path / "runs/quick/checkpoints/digits/pixel.pt"
    metrics = json.loads(out.with_suffix(".json").read_text())
    assert metrics["config"]["world"] == "digits" and metrics["config"]["batch_size"] == 32   # the world's recipe
    for key in ("heldout", "heldout_training_digits"):
        held = metrics[key]
        assert held["ratio_to_bayes"] == pytest.approx(held["mse"] / held["bayes_floor"])
        assert "position_specific_share" in held and held["bayes_floor"] < held["zeros_floor"]
    model, config = load_run(str(out), pixel_predictor)
    assert config["coordinates"] == model.coordinates and config["network"] == "shifts" == model.output


def test_another_network_trains_beside_the_default_and_loads_as_itself(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args, _ = train_script.parse_args(["--world", "digits", "--network", "decoder", "--device", "cpu"])
    assert args.out == "checkpoints/digits/pixel-decoder.pt"   # the default checkpoint is not overwritten
    train_script.main(["--world", "digits", "--network", "decoder", "--quick", "--steps", "2", "--device", "cpu", "--quiet"])
    model, config = load_run(str(tmp_path / "runs/quick/checkpoints/digits/pixel-decoder.pt"), pixel_predictor)
    assert config["network"] == "decoder" == model.output and model.coordinates


def test_blur_measure_and_its_figures(tiny_checkpoint, tmp_path):
    blur = tmp_path / "blur.json"
    measure.main(["--checkpoint", str(tiny_checkpoint), "--out", str(blur)])
    numbers = json.loads(blur.read_text())
    assert numbers["panel"]["x"] == 30.5 and set(numbers) >= {"smear", "share_vs_data"}
    for script in (fig_smear, fig_ratio):
        script.main(["--blur", str(blur), "--out", str(tmp_path / "f.png")])
        assert is_png(tmp_path / "f.png")
    fig_panels.main(["--blur", str(blur), "--checkpoint", str(tiny_checkpoint), "--out", str(tmp_path / "p.png")])
    fig_loss.main(["--metrics", str(tiny_checkpoint.with_suffix(".json")), "--out", str(tmp_path / "l.png")])
    fig_episode.main(["--checkpoint", str(tiny_checkpoint), "--frames", "6", "--every", "2", "--out", str(tmp_path / "e.png")])
    assert all(is_png(tmp_path / n) for n in ("p.png", "l.png", "e.png"))
    assert (tmp_path / "e.gif").read_bytes()[:3] == b"GIF"


def test_brightness_reads_every_world_and_seed(tiny_checkpoint, tmp_path):
    tiny = torch.load(tiny_checkpoint, weights_only=True)
    for world in ("", "biased/"):
        for seed, name in enumerate(("pixel", "pixel-seed1")):
            (tmp_path / world).mkdir(exist_ok=True)
            config = {**tiny["config"], "world": world.strip("/") or "article", "seed": seed}   # the slot's run
            torch.save({**tiny, "config": config}, tmp_path / world / (name + ".pt"))
            shutil.copy(tiny_checkpoint.with_suffix(".json"), tmp_path / world / (name + ".json"))
    out = tmp_path / "brightness.json"
    measure_brightness.main(["--seeds", "0", "1", "--checkpoints", str(tmp_path), "--out", str(out)])
    worlds = json.loads(out.read_text())["worlds"]
    assert set(worlds) == {"article", "biased"} and len(worlds["biased"]["runs"]) == 2
    assert worlds["biased"]["p_right_range_both_directions"] == pytest.approx([0.12, 0.88], abs=0.005)
    fig_brightness.main(["--results", str(out), "--out", str(tmp_path / "b.png")])
    assert is_png(tmp_path / "b.png")


def test_capacity_experiment_runs_variants_and_reruns_one(tmp_path):
    """Three of the variants (the transformer's forward pass is tested in test_models), then one rerun."""
    out, names = tmp_path / "capacity.json", ["default", "encoder x2", "steps x4"]
    exp_capacity.main(["--steps", "1", "--device", "cpu", "--out", str(out), *[a for n in names for a in ("--only", n)]])
    rows = {r["name"]: r for r in json.loads(out.read_text())["rows"]}
    assert list(rows) == names and rows["encoder x2"]["parameters"] > rows["default"]["parameters"]
    assert rows["steps x4"]["steps"] == 4 and rows["default"]["steps"] == 1
    fig_capacity.main(["--results", str(out), "--out", str(tmp_path / "capacity.png")])
    assert is_png(tmp_path / "capacity.png")
    exp_capacity.main(["--steps", "1", "--device", "cpu", "--only", "default", "--seed", "1", "--out", str(out)])
    again = json.loads(out.read_text())["rows"]
    assert [r["name"] for r in again] == names   # the rerun replaced its row and kept the others
    assert again[1:] == [rows[n] for n in names[1:]] and again[0] != rows["default"]


def test_controls_experiment_runs(tmp_path):
    out = tmp_path / "controls.json"
    exp_controls.main(["--steps", "1", "--device", "cpu", "--out", str(out)])
    rows = json.loads(out.read_text())["rows"]
    assert [r["inputs"] for r in rows] == ["two_frames", "direction"]
    assert all(r["one_frame_bayes_floor"] == pytest.approx(0.0176, abs=0.0005) for r in rows)


def test_mixture_experiment_and_figure(tiny_checkpoint, tmp_path):
    out, ckpt = tmp_path / "mixture.json", tmp_path / "mixture.pt"
    exp_mixture.main(["--steps", "2", "--samples", "20", "--prior-pairs", "300", "--hypotheses", "3", "--device", "cpu",
                      "--pixel-checkpoint", str(tiny_checkpoint), "--checkpoint", str(ckpt), "--out", str(out)])
    result = json.loads(out.read_text())
    assert len(result["probes"]) == len(exp_mixture.PROBE_COLUMNS) and len(result["every_column"]["x"]) == 48
    assert len(result["hypothesis_use"]["mean_prior"]) == 3 and sum(result["hypothesis_use"]["mean_prior"]) == pytest.approx(1)
    fig_mixture.main(["--mixture", str(ckpt), "--results", str(out), "--checkpoint", str(tiny_checkpoint),
                      "--samples", "20", "--out", str(tmp_path / "m.png")])
    assert is_png(tmp_path / "m.png")


def test_quick_benchmark_trains_both_configurations(tmp_path):
    out = tmp_path / "bench.json"
    speed_to_floor.main(["--quick", "--device", "cpu", "--out", str(out)])
    reference, project = json.loads(out.read_text())["rows"]
    assert reference["parameters"] > 1_000_000 and 600_000 < project["parameters"] < 800_000
    assert reference["steps"] == 50 and reference["fixed_pairs"] == 4096 and project["fixed_pairs"] == 0


def test_quick_benchmark_runs_in_the_digits_world(tmp_path):
    out = tmp_path / "bench.json"
    speed_to_floor.main(["--world", "digits", "--quick", "--device", "cpu", "--out", str(out)])
    results = json.loads(out.read_text())
    reference, project = results["rows"]
    assert results["world"] == "digits" and reference["fixed_pairs"] == 4096 and project["batch_size"] == 32
    assert project["output"] == "shifts" and project["coordinates"]   # the world's default network, as trained
    assert project["bayes_floor"] == reference["bayes_floor"] < project["zeros_floor"]   # the same held-out digits


def test_plan_cost_times_every_planner_on_the_same_starts(tmp_path, monkeypatch):
    calls, real = [], plan_cost.best_sequence
    monkeypatch.setattr(plan_cost, "best_sequence",
                        lambda m, s, g, h: calls.append((type(m).__name__, h, tuple(np.asarray(s).ravel()[:2])))
                        or real(m, s, g, h))
    out = tmp_path / "plan_cost.json"
    plan_cost.main(["--quick", "--plans", "3", "--out", str(out)])
    result = json.loads(out.read_text())
    names = {"simulator", *[f"{kind}, {frames} frame(s)" for kind in KINDS for frames in (2, 1)]}
    assert set(result["ms_per_action"]) == names and all(ms > 0 for ms in result["ms_per_action"].values())
    assert result["plans"] == 3 and result["horizon"] == 2 and result["threads"] == 1
    assert len(calls) == len(names) * 4 and all(h == 2 for _, h, _ in calls)   # one untimed plan, then 3 timed
    simulator = [c[2] for c in calls if c[0] == "Simulator"]
    assert len(set(simulator[1:])) == 3   # three different starts, read as (column, velocity)


def test_thread_benchmark_times_a_real_training_and_reports_the_ratios(tmp_path, monkeypatch):
    seconds = threads.train_times(1, 1, 3, str(tmp_path), quick=True)   # one real run, through train.py
    assert len(seconds) == 1 and seconds[0] > 0
    fake = {(2, 1): [10.0], (1, 1): [12.0], (1, 2): [13.0, 15.0], (2, 2): [30.0, 34.0]}
    monkeypatch.setattr(threads, "train_times", lambda t, n, *_: fake[(t, n)])
    compared = []
    monkeypatch.setattr(threads, "weight_difference", lambda a, b: compared.append((a, b)) or 0.25)
    out = tmp_path / "threads.json"
    threads.main(["--repeats", "1", "--out", str(out)])
    row = json.loads(out.read_text())["rows"][0]
    assert row["policy_alone_vs_torch_default_alone"] == pytest.approx(1.2)
    assert row["policy_side_by_side_vs_alone"] == pytest.approx(14 / 12)
    assert row["torch_default_side_by_side_vs_alone"] == pytest.approx(3.2)
    # seed 0 alone with one thread against seed 0 alone with two, and against seed 0 beside another job
    assert [tuple(os.path.basename(p) for p in pair) for pair in compared] == [("1-1-0.pt", "2-1-0.pt"),
                                                                              ("1-1-0.pt", "1-2-0.pt")]
    assert row["weights_one_vs_two_threads"] == row["weights_one_thread_twice"] == 0.25


def test_weight_difference_is_the_largest_absolute_difference(tmp_path):
    a, b = {"w": torch.zeros(3), "v": torch.ones(2)}, {"w": torch.tensor([0.0, -0.5, 0.1]), "v": torch.ones(2)}
    for name, weights in (("a.pt", a), ("b.pt", b)):
        torch.save({"model": weights}, tmp_path / name)
    assert threads.weight_difference(tmp_path / "a.pt", tmp_path / "b.pt") == pytest.approx(0.5)


@pytest.mark.parametrize("script,argv", [
    (train_script, ["--steps", "-1"]), (train_script, ["--device", "tpu"]), (train_script, ["--lr", "0"]),
    (train_script, ["--out", "/proc/nope/pixel.pt", "--steps", "1"]), (train_script, ["--out", "model.txt"]),
    (train_script, ["--world", "nowhere"]), (train_script, ["--loss", "l7"]),
    (measure, ["--checkpoint", "{tmp}/none.pt"]), (measure, ["--x", "2"]),
    (fig_loss, ["--metrics", "{tmp}/list.json"]), (fig_loss, ["--out", "{tmp}/curve.txt"]),
    (fig_episode, ["--seed", "-1"]), (fig_panels, ["--checkpoint", "{tmp}/corrupt.pt", "--blur", "{tmp}/blur.json"]),
    (exp_controls, ["--steps", "0"]), (exp_capacity, ["--only", "huge"]), (exp_mixture, ["--hypotheses", "1"]),
    (fig_brightness, ["--results", "{tmp}/none.json"]),
])
def test_bad_input_is_one_line_and_exit_2(script, argv, tmp_path, capsys):
    (tmp_path / "list.json").write_text("[1, 2]")
    (tmp_path / "blur.json").write_text('{"panel": {"x": 30.5, "p_right": 0.5, "right": 0.5, "left": 0.5}}')
    (tmp_path / "corrupt.pt").write_bytes(b"junk")
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(SystemExit) as exit_:
        run_main(lambda: script.main([a.format(tmp=tmp_path) for a in argv]))
    assert exit_.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == before   # nothing half-written


@pytest.mark.parametrize("script,argv", [("part1_pixel/train.py", ["--world", "nowhere"]),
                                         ("part1_pixel/blur/fig_panels.py", ["--checkpoint", "{tmp}/corrupt.pt"])])
def test_a_user_sees_one_line_and_no_traceback(script, argv, tmp_path):
    (tmp_path / "corrupt.pt").write_bytes(b"junk")
    assert_one_line_error(run_script(script, *[a.format(tmp=tmp_path) for a in argv]))


def test_help_shows_defaults():
    proc = run_script("part1_pixel/train.py", "--help")
    text = " ".join(proc.stdout.split())   # argparse wraps the lines
    assert proc.returncode == 0 and "(default: 6000; digits world: 20000)" in text and "--world" in text
