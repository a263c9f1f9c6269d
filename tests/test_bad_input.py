"""Bad input of the early scripts: each is one line, an exit status, and no file written (tests/test_input_rules.py
holds the rules every script shares)."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from bench import speed_to_floor
from cli import run_main
from part1_pixel import sample as sample_script
from part1_pixel import train as train_script
from part1_pixel.bias import fig_brightness, measure_brightness
from part1_pixel.blur import fig_loss, fig_ratio, fig_smear, measure
from part1_pixel.claims import fig_capacity
from part2_jepa import fig_embeddings, fig_probes, fig_share
from tests.conftest import ROOT


def exits_with_one_line(main, argv, capsys, status=2):
    with pytest.raises(SystemExit) as exit_:
        run_main(lambda: main(argv))
    err = capsys.readouterr().err
    assert exit_.value.code == status and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    return err


def test_an_empty_npy_is_one_line(tmp_path, capsys):
    empty = tmp_path / "in.npy"
    empty.write_bytes(b"")
    assert "in.npy" in exits_with_one_line(sample_script.main, ["--frame", str(empty), "--out", str(tmp_path / "s.npy")],
                                           capsys)
    assert sorted(os.listdir(tmp_path)) == ["in.npy"]


@pytest.mark.parametrize("main,flag,other_kind", [
    (fig_smear.main, "--blur", "results/jepa.json"), (fig_ratio.main, "--blur", "results/jepa.json"),
    (fig_loss.main, "--metrics", "results/jepa.json"), (fig_brightness.main, "--results", "results/jepa.json"),
    (fig_capacity.main, "--results", "results/jepa.json"), (fig_share.main, "--results", "results/blur.json"),
    (fig_probes.main, "--results", "results/blur.json"),
])
def test_a_json_of_another_kind_is_one_line_naming_the_file(main, flag, other_kind, tmp_path, capsys):
    out = tmp_path / "figure.png"
    err = exits_with_one_line(main, [flag, os.path.join(ROOT, other_kind), "--out", str(out)], capsys)
    assert os.path.basename(other_kind) in err and not out.exists()


@pytest.mark.parametrize("lr", ["inf", "1e6", "1e300", "nan"])
def test_a_learning_rate_above_the_maximum_is_refused_before_training(lr, tmp_path, capsys):
    out = tmp_path / "pixel.pt"
    err = exits_with_one_line(train_script.main, ["--lr", lr, "--steps", "40", "--batch-size", "4", "--device", "cpu",
                                                  "--quiet", "--out", str(out)], capsys)
    assert ("at most" in err or "at least" in err) and os.listdir(tmp_path) == []


def test_bench_refuses_an_output_that_is_not_json_before_training(tmp_path, capsys):
    exits_with_one_line(speed_to_floor.main, ["--out", str(tmp_path / "x.txt")], capsys)
    assert os.listdir(tmp_path) == []


def test_ctrl_c_is_one_line_exit_130_and_leaves_the_old_files_whole(tmp_path):
    """Interrupt a real training: the checkpoint and metrics that were there before stay as they were."""
    out = tmp_path / "pixel.pt"
    out.write_bytes(b"the old checkpoint")
    (tmp_path / "pixel.json").write_text(json.dumps({"old": True}))
    # A test runner started in the background may have SIGINT ignored, which a child inherits; a handled
    # SIGINT is reset to the default in the child, as for a script a user starts and stops with Ctrl-C.
    ignored = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        proc = subprocess.Popen([sys.executable, "part1_pixel/train.py", "--steps", "100000", "--device", "cpu",
                                 "--quiet", "--out", str(out)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
    finally:
        signal.signal(signal.SIGINT, ignored)
    try:
        proc.stdout.readline()   # its first line comes just before the held-out set and the training loop
        time.sleep(4)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()   # never leave a training behind, whatever happened
    assert proc.returncode == 130 and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert out.read_bytes() == b"the old checkpoint" and json.loads((tmp_path / "pixel.json").read_text()) == {"old": True}
    assert sorted(os.listdir(tmp_path)) == ["pixel.json", "pixel.pt"]   # no temporary file left


@pytest.mark.parametrize("main", [train_script.main, measure.main, measure_brightness.main, fig_embeddings.main])
def test_help_shows_no_empty_defaults_and_whole_sentences(main, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0 and "(default: None)" not in out and "(default: False)" not in out
    description = out.split("\n\n")[1].replace("\n", " ").strip()
    assert description.endswith((".", "?")), description


@pytest.mark.parametrize("world,network", [("article", "shifts"), ("digits", "unet")])
def test_a_network_the_world_does_not_have_is_one_line_before_training(world, network, tmp_path, capsys):
    err = exits_with_one_line(train_script.main, ["--world", world, "--network", network, "--device", "cpu", "--quiet",
                                                  "--out", str(tmp_path / "pixel.pt")], capsys)
    assert network in err and os.listdir(tmp_path) == []
