#!/usr/bin/env bash
# The article's claims as experiments (results/*.json, figures/capacity.png, figures/sampling.png).
# Needs checkpoints/pixel.pt from run_all.sh. About 30 minutes on a 2-core CPU, most of it the
# 16x-longer training run; stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")"

step() { echo; echo "== $1"; }

[ -f checkpoints/pixel.pt ] || { echo "checkpoints/pixel.pt not found; run 'bash run_all.sh' first" >&2; exit 2; }
step "1/5 what does not fix the blur: bigger encoder, longer training, transformer (results/capacity.json)"
python part1_pixel/exp_capacity.py
step "2/5 controls that remove it: two frames, or the direction as input (results/controls.json)"
python part1_pixel/exp_controls.py
step "3/5 sampling instead of point prediction (results/sampling.json, checkpoints/mixture.pt)"
python part1_pixel/exp_sampling.py
step "4/5 figure: capacity"
python part1_pixel/fig_capacity.py
step "5/5 figure: sampling"
python part1_pixel/fig_sampling.py
echo; echo "done: results/, figures/capacity.png, figures/sampling.png"
