import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_quick_benchmark_trains_both_configurations(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, "bench/speed_to_floor.py", "--quick", "--device", "cpu", "--out", str(out)],
                          cwd=ROOT, check=False, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(out.read_text())
    reference, project = result["rows"]
    assert reference["parameters"] > 1_000_000 and 600_000 < project["parameters"] < 800_000
    assert reference["steps"] == 50 and reference["fixed_pairs"] == 4096 and project["fixed_pairs"] == 0
    for row in (reference, project):
        assert row["wall_s"] > 0 and row["mse"] < row["zeros_floor"] * 1.5
    assert result["time_ratio"] == project["wall_s"] / reference["wall_s"]
    assert "time project / reference" in proc.stdout


def test_benchmark_rejects_unknown_device():
    proc = subprocess.run([sys.executable, "bench/speed_to_floor.py", "--quick", "--device", "tpu"],
                          cwd=ROOT, check=False, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
