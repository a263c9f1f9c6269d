#!/usr/bin/env bash
# The samplers in both worlds: the flow-matching sampler (docs/sampling.md) and the LLM-style token sampler (3 seeds,
# docs/tokens.md): train, measure (results/[biased/]sampler*.json, token_sampler*.json), compare
# (results/samplers.json), draw.
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
    python part1_pixel/sampling/measure_sampler.py --world "$world" --eta 1 --default-samples 100 "${QUICK[@]}"
    folder=checkpoints; [[ "$world" == article ]] || folder="checkpoints/$world"
    [[ ${#QUICK[@]} -gt 0 ]] && folder="runs/quick/$folder"
    for seed in 0 1 2; do
        name=token_sampler; [[ $seed == 0 ]] || name="token_sampler_seed$seed"
        python part1_pixel/train_token_sampler.py --world "$world" --seed "$seed" --out "$folder/$name.pt" "${QUICK[@]}"
        python part1_pixel/sampling/measure_sampler.py --world "$world" --checkpoint "$folder/$name.pt" --default-samples 100 "${QUICK[@]}"
    done
    python part1_pixel/sampling/measure_sampler.py --world "$world" --checkpoint "$folder/token_sampler_no_refit.pt" --default-samples 100 "${QUICK[@]}"
done
python part1_pixel/sampling/compare_samplers.py "${QUICK[@]}"
python part1_pixel/sampling/fig_samplers.py "${QUICK[@]}"
python part1_pixel/sample.py --x 30.5 --n 16 "${QUICK[@]}" --out "$( [[ ${#QUICK[@]} -gt 0 ]] && echo runs/quick/samples.npy || echo runs/samples.npy )"
python part1_pixel/sampling/fig_sampler_samples.py "${QUICK[@]}"
python part1_pixel/sampling/fig_sampler_samples.py --world biased "${QUICK[@]}"
python part1_pixel/sampling/fig_sampler_curves.py "${QUICK[@]}"
python part1_pixel/sampling/fig_sampler_share.py "${QUICK[@]}"
python part1_pixel/sampling/fig_sampler_share.py --world article "${QUICK[@]}"
