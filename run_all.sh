#!/usr/bin/env bash
# The article's figures: one PixelPredictor per world, trained side by side (one thread each), then the
# blur measurements and the figures of docs/blur.md and docs/bias.md.
#   bash run_all.sh            the article's figures (time: README, "The parts")
#   bash run_all.sh --seeds    after it: seeds 1 and 2 of both worlds and the 3-seed brightness study
#   bash run_all.sh --quick    smoke run of both with tiny trainings, everything under runs/quick/
# Writes checkpoints/[biased/]pixel.{pt,json}, results/[biased/]blur.json, figures/{panels,episode,
# smear_vs_position,ratio_vs_data,loss_curve}.png and figures/episode.gif (each also under figures/biased/
# but the episode); --seeds writes checkpoints/[biased/]pixel-seed{1,2}.*, results/brightness.json and
# figures/brightness.png. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")"
# One thread per process: two processes share the two cores without oversubscribing them, and the same
# seed gives the same files (another thread count can change the last digits).
export OMP_NUM_THREADS=1
quick="" seeds=""
for arg in "$@"; do
  case "$arg" in
    --quick) quick="--quick" ;;
    --seeds) seeds=1 ;;
    *) echo "usage: bash run_all.sh [--seeds] [--quick]" >&2; exit 2 ;;
  esac
done

# Run "$@" once per world, both at once, each line of output prefixed with its world; fail if either fails.
per_world() {
  local pids=() world
  for world in article biased; do
    ( "$@" "$world" 2>&1 | sed -u "s/^/[$world] /" ) &
    pids+=($!)
  done
  local failed=0 pid
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  [ "$failed" = 0 ] || { echo "run_all.sh: a step failed (see above)" >&2; exit 1; }
}

figures() {   # one world: train the default checkpoint, measure its blur, draw its figures
  python part1_pixel/train.py --world "$1" --quiet $quick
  python part1_pixel/blur/measure.py --world "$1" $quick
  for fig in fig_panels fig_smear fig_ratio fig_loss; do
    python part1_pixel/blur/$fig.py --world "$1" $quick
  done
}

more_seeds() {   # one world: seeds 1 and 2, beside the default checkpoint (seed 0): checkpoints/[WORLD/]pixel-seedS.pt
  local seed
  for seed in 1 2; do
    python part1_pixel/train.py --world "$1" --seed $seed --quiet $quick
  done
}

if [ -z "$seeds" ] || [ -n "$quick" ]; then
  echo "== the MSE model in both worlds: train, measure the blur, draw (docs/blur.md, docs/bias.md)"
  per_world figures
  echo "== an 80-frame episode (PNG strip and GIF)"
  python part1_pixel/blur/fig_episode.py $quick
fi
if [ -n "$seeds" ]; then
  echo "== seeds 1 and 2 in both worlds, then the brightness study over 3 seeds (docs/bias.md)"
  per_world more_seeds
  python part1_pixel/bias/measure_brightness.py $quick
  python part1_pixel/bias/fig_brightness.py $quick
fi
echo "done"
