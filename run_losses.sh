#!/usr/bin/env bash
# Other losses against blur (docs/losses.md): train MSE, L1, MSE + GDL and adversarial predictors in both
# worlds, 2 seeds each, then measure (results/losses.json) and draw (figures/losses.png).
#   bash run_losses.sh              # everything, one world after the other
#   bash run_losses.sh --parallel   # the four (world, seed) streams side by side, one thread each
#   bash run_losses.sh --quick      # smoke run: tiny step counts, everything under runs/quick/
set -euo pipefail
cd "$(dirname "$0")"

QUICK=() ROOT="" PARALLEL=0
for arg in "$@"; do
    case "$arg" in
        --quick) QUICK=(--quick); ROOT="runs/quick/" ;;
        --parallel) PARALLEL=1 ;;
        *) echo "run_losses.sh: error: unknown argument $arg (use --quick and/or --parallel)" >&2; exit 2 ;;
    esac
done
SEEDS=(0 1)

train() {           # every loss in one world with one seed
    local world=$1 seed=$2 dir="${ROOT}checkpoints/losses/$1"
    for loss in mse l1 gdl; do
        python part1_pixel/train.py "${QUICK[@]}" --world "$world" --loss "$loss" --seed "$seed" \
            --out "$dir/$loss-seed$seed.pt" --quiet
    done
    python part1_pixel/losses/train_adversarial.py "${QUICK[@]}" --world "$world" --seed "$seed" \
        --out "$dir/adversarial-seed$seed.pt" --quiet
}

for world in biased article; do
    for seed in "${SEEDS[@]}"; do
        if [ "$PARALLEL" = 1 ]; then
            mkdir -p runs
            OMP_NUM_THREADS=1 train "$world" "$seed" > "runs/losses-$world-$seed${ROOT:+-quick}.log" 2>&1 &
        else
            train "$world" "$seed"
        fi
    done
done
if [ "$PARALLEL" = 1 ]; then
    for _ in 1 2 3 4; do wait -n; done   # set -e: stop on the first failure
fi
python part1_pixel/losses/measure_losses.py "${QUICK[@]}"
python part1_pixel/losses/fig_losses.py "${QUICK[@]}"
