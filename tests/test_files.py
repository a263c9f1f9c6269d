import json

import pytest
import torch

from common.files import BadFile, atomic_write, load_json, load_run, save_json, save_run
from common.models import PixelPredictor, pixel_predictor


def test_a_failed_write_leaves_nothing_behind(tmp_path):
    def broken(tmp):
        with open(tmp, "w") as f:
            f.write("half")
        raise RuntimeError("disk full")
    with pytest.raises(RuntimeError):
        atomic_write(str(tmp_path / "out.json"), broken)
    assert not list(tmp_path.iterdir())


def test_save_run_writes_checkpoint_metrics_and_a_separate_timing_file(tmp_path):
    path = str(tmp_path / "m.pt")
    save_run(path, PixelPredictor(), {"encoder_widths": [16, 32, 64, 128]}, {"mse": 1.0}, timing={"train_time_s": 3.0})
    assert json.loads((tmp_path / "m.json").read_text()) == {"mse": 1.0}
    assert "train_time_s" not in (tmp_path / "m.json").read_text()
    assert json.loads((tmp_path / "m.timing.json").read_text()) == {"train_time_s": 3.0}
    model, config = load_run(path, pixel_predictor, "make it")
    assert not model.training and config["encoder_widths"] == [16, 32, 64, 128]


def test_a_run_whose_metrics_fail_to_write_leaves_the_old_checkpoint_and_metrics(tmp_path):
    """A checkpoint and its metrics are replaced together or not at all."""
    path = tmp_path / "m.pt"
    path.write_bytes(b"old checkpoint")
    (tmp_path / "m.json").write_text('{"old": 1}')
    with pytest.raises(TypeError):   # a metric JSON cannot hold
        save_run(str(path), PixelPredictor(), {}, {"mse": object()})
    assert path.read_bytes() == b"old checkpoint" and (tmp_path / "m.json").read_text() == '{"old": 1}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json", "m.pt"]


def test_a_json_of_another_kind_is_a_bad_file_at_the_missing_key(tmp_path):
    (tmp_path / "r.json").write_text('{"rows": [{"name": "a"}]}')
    data = load_json(str(tmp_path / "r.json"), "make it")
    assert data["rows"][0]["name"] == "a"
    with pytest.raises(BadFile, match="r.json has no 'mse'.*make it"):
        data["rows"][0]["mse"]


@pytest.mark.parametrize("content", [b"not a checkpoint", b""])
def test_a_corrupt_checkpoint_is_one_line_naming_file_and_command(tmp_path, content):
    path = tmp_path / "pixel.pt"
    path.write_bytes(content)
    with pytest.raises(BadFile) as err:
        load_run(str(path), pixel_predictor, "python part1_pixel/train.py")
    message = str(err.value)
    assert "\n" not in message and str(path) in message and "python part1_pixel/train.py" in message


def test_a_foreign_state_dict_is_refused(tmp_path):
    path = tmp_path / "other.pt"
    torch.save({"model": {"w": torch.zeros(1)}, "config": {}}, path)
    with pytest.raises(BadFile):
        load_run(str(path), pixel_predictor, "cmd")


def test_load_json_wants_an_object_from_an_existing_file(tmp_path):
    (tmp_path / "list.json").write_text("[1, 2]")
    (tmp_path / "bad.json").write_text("{")
    for name in ("list.json", "bad.json", "missing.json"):
        with pytest.raises(BadFile):
            load_json(str(tmp_path / name), "cmd")
    save_json({"a": 1}, str(tmp_path / "sub" / "ok.json"))
    assert load_json(str(tmp_path / "sub" / "ok.json"), "cmd") == {"a": 1}
