"""Smoke tests of part2_jepa's scripts: a --quick training run, embed.py on its checkpoint, and bad input
to both answered with one line and exit status 2."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from cli import run_main
from common.files import load_run
from common.jepa import embed, jepa_model
from part2_jepa import embed as embed_script
from part2_jepa import train as train_script

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    """train.py --quick (capped at a few steps) through the real command line, then embed.py on its checkpoint."""
    folder = tmp_path_factory.mktemp("jepa")
    ckpt, frames, z = folder / "vicreg.pt", folder / "frames.npy", folder / "z.npy"
    proc = subprocess.run([sys.executable, "part2_jepa/train.py", "--quick", "--steps", "3", "--loss", "vicreg",
                           "--quiet", "--out", str(ckpt)], cwd=ROOT, check=False, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    np.save(frames, np.random.default_rng(0).random((5, 64, 64)).astype(np.float32))
    proc = subprocess.run([sys.executable, "part2_jepa/embed.py", "--checkpoint", str(ckpt), "--frames", str(frames),
                           "--out", str(z)], cwd=ROOT, check=False, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return ckpt, frames, z


def test_quick_training_writes_a_checkpoint_and_its_readout(quick_run):
    ckpt, _, _ = quick_run
    metrics = json.loads(ckpt.with_suffix(".json").read_text())
    assert len(metrics["loss"]) == 3 and metrics["config"]["loss"] == "vicreg"
    assert 0 < metrics["readout"]["oracle_direction_accuracy"] < 1


def test_embed_cli_matches_the_python_function(quick_run):
    ckpt, frames, z = quick_run
    model, _ = load_run(str(ckpt), jepa_model, "train.py")
    np.testing.assert_allclose(np.load(z), embed(model.encoder, np.load(frames)), rtol=1e-5, atol=1e-6)
    assert np.load(z).shape == (5, 128)


def fails_with_one_line(main, argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        run_main(lambda: main(argv))
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    return err


def test_bad_input_to_embed_is_one_line_and_exit_2(tmp_path, quick_run, capsys):
    ckpt, frames, _ = quick_run
    wrong_shape, not_npy, not_ckpt = tmp_path / "w.npy", tmp_path / "x.npy", tmp_path / "c.pt"
    np.save(wrong_shape, np.zeros((3, 32, 32)))
    not_npy.write_text("hello")
    not_ckpt.write_text("not a checkpoint")
    (tmp_path / "empty.npy").write_bytes(b"")
    fails_with_one_line(embed_script.main, ["--checkpoint", str(ckpt), "--frames", str(tmp_path / "empty.npy")], capsys)
    assert "shape" in fails_with_one_line(embed_script.main, ["--checkpoint", str(ckpt), "--frames", str(wrong_shape)], capsys)
    fails_with_one_line(embed_script.main, ["--checkpoint", str(ckpt), "--frames", str(not_npy)], capsys)
    fails_with_one_line(embed_script.main, ["--checkpoint", str(ckpt), "--frames", str(tmp_path / "missing.npy")], capsys)
    assert "c.pt" in fails_with_one_line(embed_script.main, ["--checkpoint", str(not_ckpt), "--frames", str(frames)], capsys)
    fails_with_one_line(embed_script.main, ["--checkpoint", str(ckpt), "--frames", str(frames), "--out", "z.txt"], capsys)


def test_bad_input_to_train_is_one_line_and_exit_2(capsys):
    fails_with_one_line(train_script.main, ["--loss", "nope"], capsys)
    fails_with_one_line(train_script.main, ["--steps", "0"], capsys)
    fails_with_one_line(train_script.main, ["--out", "model.txt"], capsys)
