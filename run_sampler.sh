#!/usr/bin/env bash
# The flow-matching sampler in both worlds: train, measure (results/[biased/]sampler*.json), draw (docs/sampling.md).
#   ./run_sampler.sh           # both worlds: train, measure, draw (time: README, "The parts")
#   ./run_sampler.sh --quick   # smoke run, everything under runs/quick/
set -euo pipefail
cd "$(dirname "$0")"
QUICK=()
if [[ "${1:-}" == "--quick" ]]; then QUICK=(--quick); fi

for world in article biased; do
    python part1_pixel/train_sampler.py --world "$world" "${QUICK[@]}"
    python part1_pixel/sampling/measure_sampler.py --world "$world" "${QUICK[@]}"
    python part1_pixel/sampling/calibrate_sampler.py --world "$world" "${QUICK[@]}"
done
python part1_pixel/sample.py --x 30.5 --n 16 "${QUICK[@]}" --out "$( [[ ${#QUICK[@]} -gt 0 ]] && echo runs/quick/samples.npy || echo runs/samples.npy )"
python part1_pixel/sampling/fig_sampler_samples.py "${QUICK[@]}"
python part1_pixel/sampling/fig_sampler_samples.py --world biased "${QUICK[@]}"
python part1_pixel/sampling/fig_sampler_curves.py "${QUICK[@]}"
python part1_pixel/sampling/fig_sampler_share.py "${QUICK[@]}"
python part1_pixel/sampling/fig_sampler_share.py --world article "${QUICK[@]}"
