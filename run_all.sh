#!/usr/bin/env bash
# Train with the defaults, then regenerate every metrics file and figure the README quotes.
# About 3 minutes on a 2-core CPU; stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")"

step() { echo; echo "== $1"; }

step "1/7 train the PixelPredictor (checkpoints/pixel.pt, checkpoints/pixel.json)"
python part1_pixel/train.py
step "2/7 figure: input | actual next | prediction | E[y|x]"
python part1_pixel/fig_panels.py
step "3/7 figure: an 80-frame episode (PNG strip and GIF)"
python part1_pixel/fig_episode.py
step "4/7 figure: smear vs position"
python part1_pixel/fig_smear.py
step "5/7 figure: ghost brightness vs training-data bias"
python part1_pixel/fig_ratio.py
step "6/7 figure: loss curve"
python part1_pixel/fig_loss.py
step "7/7 benchmark: time to the Bayes floor, project default vs reference (bench/results.json)"
python bench/speed_to_floor.py
echo; echo "done: figures/, checkpoints/pixel.json, bench/results.json"
