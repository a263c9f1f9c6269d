"""The bouncing-ball world: constants, the renderer, the simulator, and the worlds it can run.

`simulate_episode` is the article's per-frame loop, kept as the specification. `simulate_positions`
does the same for many episodes at once with numpy and is tested equal to it; every training and
held-out pair comes from `sample_positions`.

A `World` is what may differ from the article's setting, passed around as one value:
  ARTICLE  24-frame episodes, launched left or right with probability 1/2 (the article)
  BIASED   2-frame episodes (one pair each), launched right with probability q(x0), a ramp from
           0.99 at the left wall to 0.01 at the right: balls tend to be thrown toward the open side.
"""
from dataclasses import dataclass

import numpy as np

FRAME_SIZE = 64               # frames are FRAME_SIZE x FRAME_SIZE, grayscale in [0, 1]
BALL_RADIUS = 8               # pixels whose centre lies within this distance are lit
SPEED = 6                     # pixels the ball moves per frame
BALL_ROW = FRAME_SIZE // 2    # the ball moves along this row only
EPISODE_LENGTH = 24           # frames per episode of the article's world, so 23 (frame_t, frame_t+1) pairs
START_LOW = BALL_RADIUS + 1   # episodes start uniformly in [START_LOW, START_HIGH)
START_HIGH = FRAME_SIZE - BALL_RADIUS - 1

_COLS = np.arange(FRAME_SIZE, dtype=np.float64)
_ROWS = np.arange(FRAME_SIZE, dtype=np.float64)


@dataclass(frozen=True)
class World:
    """How episodes are made: their length and how the first direction is drawn."""

    name: str
    episode_length: int
    biased_launch: bool   # False: right or left with probability 1/2; True: right with probability q(x0)

    def q_right(self, x0):
        """P(launched right | start column x0). Biased: (54.5 - floor(x0)) / 46, the centre of x0's unit
        cell measured from the right end of the start interval, so q is constant on every cell [n, n + 1)
        and the oracle stays exact."""
        x0 = np.asarray(x0, dtype=np.float64)
        if not self.biased_launch:
            return np.full(x0.shape, 0.5)
        return (START_HIGH - 0.5 - np.floor(x0)) / (START_HIGH - START_LOW)

    def launch(self, x0, rng):
        """The first velocity of an episode starting at x0, drawn from `rng`."""
        if not self.biased_launch:
            return float(rng.choice([-SPEED, SPEED]))   # the article's draw, so the same seed gives its episodes
        return float(SPEED if rng.random() < self.q_right(x0) else -SPEED)


ARTICLE = World("article", EPISODE_LENGTH, biased_launch=False)
BIASED = World("biased", 2, biased_launch=True)
WORLDS = {w.name: w for w in (ARTICLE, BIASED)}


def render_frames(xs, y=BALL_ROW):
    """Frames of balls at columns `xs` (any shape) on row y: shape (*xs.shape, 64, 64), float32.

    Pixel (row, col) is lit when (col - x)^2 <= BALL_RADIUS^2 - (row - y)^2; the right side
    depends on the row alone, so the comparison is one broadcast over (frames, rows, cols).
    """
    reach = BALL_RADIUS ** 2 - (_ROWS - y) ** 2
    dx2 = (_COLS - np.asarray(xs, dtype=np.float64)[..., None]) ** 2
    return (dx2[..., None, :] <= reach[:, None]).astype(np.float32)


def render_frame(x, y=BALL_ROW):
    """One frame: a disc of intensity 1 on 0 centred at (column x, row y), pixel centres within BALL_RADIUS."""
    return render_frames(x, y)


def futures(x):
    """The two possible next frames of a ball at columns x: (right-moving, left-moving), each (*x.shape, 64, 64)."""
    x = np.asarray(x, dtype=np.float64)
    return render_frames(x + SPEED), render_frames(x - SPEED)


def step(x, vx):
    """One tick of the article's bounce rule, for floats or numpy arrays: returns (x_next, vx_next).

    Hitting a wall flips the velocity and the ball moves away from the wall from where it is,
    so it never leaves the frame.
    """
    x_try = x + vx
    hits_left = x_try - BALL_RADIUS < 0
    hits_right = ~hits_left & (x_try + BALL_RADIUS >= FRAME_SIZE)
    vx = np.where(hits_left, np.abs(vx), np.where(hits_right, -np.abs(vx), vx))
    return x + vx, vx


def simulate_episode(steps, rng, world=ARTICLE):
    """The article's loop: one episode of `steps` frames, shape (steps, 64, 64)."""
    x = rng.uniform(START_LOW, START_HIGH)
    vx = world.launch(x, rng)
    frames = np.empty((steps, FRAME_SIZE, FRAME_SIZE), dtype=np.float32)
    for t in range(steps):
        frames[t] = render_frame(x, BALL_ROW)
        x_next = x + vx
        if x_next - BALL_RADIUS < 0:
            vx = abs(vx); x_next = x + vx
        elif x_next + BALL_RADIUS >= FRAME_SIZE:
            vx = -abs(vx); x_next = x + vx
        x = x_next
    return frames


def simulate_positions(n_episodes, steps, rng, world=ARTICLE):
    """Ball columns of `n_episodes` episodes, shape (n_episodes, steps).

    Draws the start of each episode in the same order as `simulate_episode`, so the same
    seed gives the same episodes; the steps themselves run vectorised over episodes.
    """
    starts = []
    for _ in range(n_episodes):
        x0 = rng.uniform(START_LOW, START_HIGH)
        starts.append((x0, world.launch(x0, rng)))
    x, vx = np.array(starts, dtype=np.float64).reshape(n_episodes, 2).T
    xs = np.empty((n_episodes, steps))
    for t in range(steps):
        xs[:, t] = x
        x, vx = step(x, vx)
    return xs


def sample_positions(n, rng, world=ARTICLE, history=0):
    """Columns (x_{t-history}, ..., x_t, x_{t+1}) at a uniform time t of `n` independent episodes: (n, history + 2).

    One pair per episode makes the pairs i.i.d. from the same distribution as "all pairs of many
    episodes". history=1 adds the frame before (t >= 1), for the controls.
    """
    if history > world.episode_length - 2:
        raise ValueError(f"the {world.name} world's episodes have no frame {history} steps before a pair")
    xs = simulate_positions(n, world.episode_length, rng, world)
    t = rng.integers(history, world.episode_length - 1, size=n)
    return xs[np.arange(n)[:, None], t[:, None] + np.arange(-history, 2)]
