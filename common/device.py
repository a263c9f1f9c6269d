"""Device choice: CUDA, then Apple MPS, then CPU, unless the user names one."""
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
