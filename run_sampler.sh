#!/usr/bin/env bash
# The samplers in both worlds (docs/sampling.md): the flow-matching sampler (docs/flow.md), the LLM-style token
# sampler (3 seeds, docs/tokens.md, each also before its read-out refit) and the MSE model trained on the token
# network's pairs (3 seeds, results/brightness_pairs192k.json): train, measure (results/[biased/]sampler*.json,
# token_sampler*.json), compare (results/samplers.json), draw. The MSE model at its default budget comes from
# bash run_all.sh --seeds (results/brightness.json).
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
    python part1_pixel/sampling/measure_sampler.py --world "$world" --eta 1 "${QUICK[@]}"
    folder=checkpoints; [[ "$world" == article ]] || folder="checkpoints/$world"
    equal=checkpoints/pairs192k; [[ "$world" == article ]] || equal="checkpoints/pairs192k/$world"
    [[ ${#QUICK[@]} -gt 0 ]] && folder="runs/quick/$folder" && equal="runs/quick/$equal"
    for seed in 0 1 2; do
        name=token_sampler; [[ $seed == 0 ]] || name="token_sampler_seed$seed"
        python part1_pixel/train_token_sampler.py --world "$world" --seed "$seed" --out "$folder/$name.pt" "${QUICK[@]}"
        python part1_pixel/sampling/measure_sampler.py --world "$world" --checkpoint "$folder/$name.pt" "${QUICK[@]}"
        python part1_pixel/sampling/measure_sampler.py --world "$world" --checkpoint "$folder/${name}_no_refit.pt" "${QUICK[@]}"
        # the MSE model on the token network's pairs (6,000 steps of 32), for the comparison at equal data
        pixel=pixel; [[ $seed == 0 ]] || pixel="pixel-seed$seed"
        python part1_pixel/train.py --world "$world" --seed "$seed" --batch-size 32 --out "$equal/$pixel.pt" "${QUICK[@]}"
    done
done
python part1_pixel/bias/measure_brightness.py --checkpoints checkpoints/pairs192k --out "$( [[ ${#QUICK[@]} -gt 0 ]] && echo runs/quick/results/brightness_pairs192k.json || echo results/brightness_pairs192k.json )" "${QUICK[@]}"
python part1_pixel/sampling/compare_samplers.py "${QUICK[@]}"
python part1_pixel/sampling/fig_samplers.py "${QUICK[@]}"
python part1_pixel/sample.py --x 30.5 --n 16 "${QUICK[@]}" --out "$( [[ ${#QUICK[@]} -gt 0 ]] && echo runs/quick/samples.npy || echo runs/samples.npy )"
python part1_pixel/sampling/fig_sampler_samples.py "${QUICK[@]}"
python part1_pixel/sampling/fig_sampler_samples.py --world biased "${QUICK[@]}"
python part1_pixel/sampling/fig_sampler_curves.py "${QUICK[@]}"
python part1_pixel/sampling/fig_sampler_share.py "${QUICK[@]}"
python part1_pixel/sampling/fig_sampler_share.py --world article "${QUICK[@]}"
