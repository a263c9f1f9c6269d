"""The bouncing-ball world: constants, the renderer and the simulator.

`simulate_episode` is the article's per-frame loop, kept as the specification.
`simulate_positions` does the same for many episodes at once with numpy and is
tested equal to it; training draws its (frame_t, frame_t+1) pairs from `sample_pairs`.
"""
import numpy as np

FRAME_SIZE = 64               # frames are FRAME_SIZE x FRAME_SIZE, grayscale in [0, 1]
BALL_RADIUS = 8               # pixels whose centre lies within this distance are lit
SPEED = 6                     # pixels the ball moves per frame
BALL_ROW = FRAME_SIZE // 2    # the ball moves along this row only
EPISODE_LENGTH = 24           # frames per training episode, so 23 (frame_t, frame_t+1) pairs
START_LOW = BALL_RADIUS + 1   # episodes start uniformly in [START_LOW, START_HIGH)
START_HIGH = FRAME_SIZE - BALL_RADIUS - 1

_COLS = np.arange(FRAME_SIZE, dtype=np.float64)
_ROWS = np.arange(FRAME_SIZE, dtype=np.float64)


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


def simulate_episode(steps, rng):
    """The article's loop: one episode of `steps` frames, shape (steps, 64, 64)."""
    x = rng.uniform(START_LOW, START_HIGH)
    vx = float(rng.choice([-SPEED, SPEED]))
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


def simulate_positions(n_episodes, steps, rng):
    """Ball columns of `n_episodes` episodes, shape (n_episodes, steps).

    Draws the start of each episode in the same order as `simulate_episode`, so the same
    seed gives the same episodes; the steps themselves run vectorised over episodes.
    """
    starts = [(rng.uniform(START_LOW, START_HIGH), rng.choice([-SPEED, SPEED])) for _ in range(n_episodes)]
    x, vx = np.array(starts, dtype=np.float64).reshape(n_episodes, 2).T
    xs = np.empty((n_episodes, steps))
    for t in range(steps):
        xs[:, t] = x
        x, vx = step(x, vx)
    return xs


def sample_pairs(n, rng, episode_length=EPISODE_LENGTH):
    """`n` independent training pairs, each from its own episode at a uniformly drawn time.

    Returns (x_t, x_next, frames_t, frames_next): ball columns (n,) and frames (n, 64, 64).
    Drawing one pair per episode makes the pairs i.i.d. from the same distribution as
    "all 23 pairs of many episodes".
    """
    x_t, x_next = sample_positions(n, rng, episode_length)[:, -2:].T
    return x_t, x_next, render_frames(x_t), render_frames(x_next)


def sample_positions(n, rng, episode_length=EPISODE_LENGTH, history=0):
    """Columns (x_{t-history}, ..., x_t, x_{t+1}) at a uniform time t of `n` independent episodes: (n, history + 2).

    With history=0 these are the pairs of `sample_pairs`; history=1 adds the frame before (t >= 1).
    """
    xs = simulate_positions(n, episode_length, rng)
    t = rng.integers(history, episode_length - 1, size=n)
    return xs[np.arange(n)[:, None], t[:, None] + np.arange(-history, 2)]


def sample_episode_pairs(n, rng, episode_length=EPISODE_LENGTH):
    """The first `n` pairs of whole episodes (all episode_length - 1 pairs of each), in the same format as `sample_pairs`."""
    n_episodes = -(-n // (episode_length - 1))
    xs = simulate_positions(n_episodes, episode_length, rng)
    x_t, x_next = xs[:, :-1].ravel()[:n], xs[:, 1:].ravel()[:n]
    return x_t, x_next, render_frames(x_t), render_frames(x_next)
