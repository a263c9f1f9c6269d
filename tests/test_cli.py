import pytest
import torch

from cli import ArgumentParser, UsageError, add_paths, add_quick, add_world, at_least, run_main, world_path
from common.device import set_threads
from common.world import ARTICLE, BIASED


def parser():
    p = ArgumentParser(prog="demo")
    add_world(p)
    add_quick(p)
    p.add_argument("--n", type=at_least(1), default=1)
    add_paths(p, out="results/x.json")
    return p


def test_world_and_default_paths():
    assert parser().parse_args([]).world is ARTICLE and parser().parse_args([]).out == "results/x.json"
    args = parser().parse_args(["--world", "biased", "--quick"])
    assert args.world is BIASED and args.out == "runs/quick/results/biased/x.json"
    assert parser().parse_args(["--out", "a.json", "--quick"]).out == "a.json"   # a named file is kept
    assert world_path("checkpoints/pixel.pt", BIASED) == "checkpoints/biased/pixel.pt"


@pytest.mark.parametrize("argv", [["--world", "nowhere"], ["--n", "0"], ["--n", "many"], ["--nope"]])
def test_usage_errors_are_one_line_and_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        parser().parse_args(argv)
    assert exit_.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_help_shows_the_defaults(capsys):
    with pytest.raises(SystemExit):
        parser().parse_args(["--help"])
    assert "(default: article)" in capsys.readouterr().out


def test_run_main_turns_a_usage_error_into_exit_2(capsys):
    def main():
        raise UsageError("bad thing")
    with pytest.raises(SystemExit) as exit_:
        run_main(main)
    assert exit_.value.code == 2 and "bad thing" in capsys.readouterr().err


def test_thread_policy_is_one_thread_unless_told(monkeypatch):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    before = torch.get_num_threads()
    try:
        assert set_threads() == 1 and torch.get_num_threads() == 1
        monkeypatch.setenv("OMP_NUM_THREADS", "2")
        assert set_threads() == 2
        assert set_threads(3) == 3 and torch.get_num_threads() == 3   # --threads wins
    finally:
        torch.set_num_threads(before)
