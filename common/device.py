"""Device choice (CUDA, then Apple MPS, then CPU, unless the user names one) and the CPU thread policy."""
import os

import torch

DEVICES = ("auto", "cpu", "cuda", "mps")


def pick_device(name="auto"):
    """Return a torch.device for `name`; ValueError if it is unknown or not available here."""
    if name not in DEVICES:
        raise ValueError(f"unknown device {name!r}; choose one of {', '.join(DEVICES)}")
    available = {"cuda": torch.cuda.is_available(), "mps": torch.backends.mps.is_available(), "cpu": True}
    if name == "auto":
        name = next(d for d in ("cuda", "mps", "cpu") if available[d])
    if not available[name]:
        raise ValueError(f"device {name!r} is not available on this machine")
    return torch.device(name)


def set_threads(threads=None):
    """The CPU thread policy of every script, in one place: `threads` if given (--threads), else
    OMP_NUM_THREADS if set, else one thread per process. Alone, one thread is slower than two; side by side,
    two processes of two threads each on two cores run several times slower than alone, two of one thread
    barely slower (bench/README.md measures all three). Returns the number of threads in use."""
    if threads is None:
        env = os.environ.get("OMP_NUM_THREADS", "")
        threads = int(env) if env.isdigit() and int(env) > 0 else 1
    torch.set_num_threads(threads)
    return threads
