#!/usr/bin/env bash
# Train the MSE models and regenerate every metrics file and figure the README's Part 2 sections quote.
#   bash run_all.sh            about 8 minutes on a 2-core CPU: 6 trainings (2 worlds x 3 seeds) of ~50 s each
#   bash run_all.sh --quick    smoke run (about a minute): tiny trainings, everything under runs/quick/
# Overwrites: checkpoints/ (pixel*.pt, pixel.json, biased/...), results/blur.json, results/biased/blur.json,
# results/brightness.json, and figures/{panels,episode,smear_vs_position,ratio_vs_data,loss_curve,brightness}
# (plus figures/biased/...). Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")"
# One thread per process: the committed results were made so, and the same seed then gives the same files
# (a different thread count can change the last digits).
export OMP_NUM_THREADS=1
quick=""
case "${1:-}" in
  "") ;;
  --quick) quick="--quick" ;;
  *) echo "usage: bash run_all.sh [--quick]" >&2; exit 2 ;;
esac

step() { echo; echo "== $1"; }

for world in article biased; do
  dir=checkpoints; [ "$world" = article ] || dir=checkpoints/$world
  [ -z "$quick" ] || dir=runs/quick/$dir
  step "train the PixelPredictor, $world world, seeds 0 (the default checkpoint), 1 and 2"
  python part1_pixel/train.py --world $world $quick
  for seed in 1 2; do
    python part1_pixel/train.py --world $world --seed $seed --out $dir/pixel-seed$seed.pt $quick
  done
  step "measure the blur ($world world): smear, ghost shares, the panel's fit"
  python part1_pixel/blur/measure.py --world $world $quick
  step "figures ($world world): panels, smear vs position, ghost share vs data, loss curve"
  for fig in fig_panels fig_smear fig_ratio fig_loss; do
    python part1_pixel/blur/$fig.py --world $world $quick
  done
done
step "figure: an 80-frame episode (PNG strip and GIF)"
python part1_pixel/blur/fig_episode.py $quick
step "the brightness claim in both worlds over 3 seeds (results/brightness.json) and its figure"
python part1_pixel/bias/measure_brightness.py $quick
python part1_pixel/bias/fig_brightness.py $quick
echo; echo "done"
