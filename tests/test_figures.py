import json
import os
import subprocess
import sys

import numpy as np
import pytest

from common.ghosts import POSITIONS, right_share, share_vs_data, smear, smear_summary
from common.oracle import conditional_mean, p_right
from part1_pixel import fig_episode, fig_loss, fig_panels, fig_ratio, fig_smear
from part1_pixel import train as train_script

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPTS = {"fig_panels": fig_panels, "fig_episode": fig_episode, "fig_smear": fig_smear, "fig_ratio": fig_ratio}


@pytest.fixture(scope="module")
def tiny_checkpoint(tmp_path_factory):
    out = tmp_path_factory.mktemp("ckpt") / "pixel.pt"
    train_script.main(["--steps", "4", "--batch-size", "8", "--device", "cpu", "--quiet", "--out", str(out)])
    return out


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_figure_script_writes_a_png(name, tiny_checkpoint, tmp_path):
    out = tmp_path / f"{name}.png"
    extra = ["--frames", "6", "--every", "2"] if name == "fig_episode" else []
    SCRIPTS[name].main(["--checkpoint", str(tiny_checkpoint), "--out", str(out)] + extra)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 10_000
    if name == "fig_episode":
        assert out.with_suffix(".gif").read_bytes()[:3] == b"GIF"
    if name in ("fig_smear", "fig_ratio"):
        assert json.loads(out.with_suffix(".json").read_text())


def test_loss_figure_reads_the_metrics(tiny_checkpoint, tmp_path):
    out = tmp_path / "loss.png"
    fig_loss.main(["--metrics", str(tiny_checkpoint.with_suffix(".json")), "--out", str(out)])
    assert out.stat().st_size > 10_000


@pytest.mark.parametrize("script,flag", [("fig_panels", "--checkpoint"), ("fig_episode", "--checkpoint"),
                                         ("fig_smear", "--checkpoint"), ("fig_ratio", "--checkpoint"),
                                         ("fig_loss", "--metrics")])
def test_missing_input_gives_one_line_and_exit_2(script, flag, tmp_path):
    proc = subprocess.run([sys.executable, f"part1_pixel/{script}.py", flag, str(tmp_path / "none.pt"),
                           "--out", str(tmp_path / "f.png")], cwd=ROOT, check=False, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "train.py" in proc.stderr
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("script,args", [
    ("fig_episode.py", ["--seed", "-1"]),                       # numpy would raise on a negative seed
    ("exp_controls.py", ["--seed", "-1", "--steps", "1"]),
    ("fig_loss.py", ["--out", "{tmp}/curve.txt"]),              # matplotlib cannot write .txt
    ("fig_loss.py", ["--out", "{tmp}/curve"]),
    ("fig_loss.py", ["--metrics", "{tmp}/list.json"]),          # valid JSON, but not a metrics object
])
def test_bad_input_gives_one_line_and_exit_2(script, args, tmp_path):
    (tmp_path / "list.json").write_text("[1, 2]")
    proc = subprocess.run([sys.executable, f"part1_pixel/{script}"] + [a.format(tmp=tmp_path) for a in args],
                          cwd=ROOT, check=False, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["list.json"]


def test_oracle_smear_is_largest_mid_frame_and_zero_at_the_walls():
    x = POSITIONS
    s = smear(conditional_mean(x), x)
    summary = smear_summary(x, s)
    assert summary["walls"] == 0.0
    assert summary["centre"] > 0.45
    assert s.argmax() in np.nonzero(np.abs(x - 32) < 18)[0]


def test_smear_sees_one_sharp_ball_as_no_smear():
    from common.world import SPEED, render_frames
    x = np.array([20.3, 40.7])
    assert np.all(smear(render_frames(x + SPEED), x) < 1e-9)
    assert np.all(np.abs(smear(0.5 * render_frames(x + SPEED) + 0.5 * render_frames(x - SPEED), x) - 0.5) < 1e-9)


def test_oracle_ratio_equals_the_data_p_right_exactly():
    x = POSITIONS
    np.testing.assert_allclose(right_share(conditional_mean(x), x), p_right(x), atol=1e-6)
    numbers = share_vs_data(x, right_share(conditional_mean(x), x))
    np.testing.assert_allclose(numbers["right_share"], numbers["p_right"], atol=1e-6)
    assert numbers["corr_ambiguous"] > 0.9999
