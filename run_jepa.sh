#!/usr/bin/env bash
# Part 3: train every JEPA (4 losses x 3 seeds, clean and with distractor dots; Barlow Twins and VICReg also
# through an expander) and the pixel model (3 seeds) with and without dots, then measure (results/jepa.json)
# and draw (figures/jepa_*.png). --quick: a smoke run
# of every step with tiny sizes, writing only under runs/quick/. JOBS=2 (the default) runs two trainings at
# once, each single-threaded; JOBS=1 one at a time (time: README, "The parts"; docs/jepa.md).
set -euo pipefail
cd "$(dirname "$0")"
QUICK=""
if [[ "${1:-}" == "--quick" ]]; then QUICK="--quick"; fi
JOBS="${JOBS:-2}"
SEEDS=(0 1 2)
if [[ -n "$QUICK" ]]; then SEEDS=(0); fi

step() { echo; echo "== $1"; }

step "1/4 train the JEPAs and the pixel models (checkpoints/jepa/biased/)"
runs=()
for dots in "" "--distractors"; do   # the pixel runs first: at 6000 steps they are the longest
  for seed in "${SEEDS[@]}"; do
    runs+=("python part2_jepa/train_pixel.py --seed $seed $dots $QUICK --quiet")
  done
done
for dots in "" "--distractors"; do
  for seed in "${SEEDS[@]}"; do
    for loss in prediction barlow vicreg sigreg; do
      runs+=("python part2_jepa/train.py --loss $loss --seed $seed $dots $QUICK --quiet")
    done
    for loss in barlow vicreg; do   # the ablation: the loss sees the embeddings through an expander
      runs+=("python part2_jepa/train.py --loss $loss --expander --seed $seed $dots $QUICK --quiet")
    done
  done
done
printf '%s\n' "${runs[@]}" | OMP_NUM_THREADS=1 xargs -P "$JOBS" -I{} bash -c '{}'

step "2/4 measure: collapse, probes, latent floor, unpredictable share (results/jepa.json)"
python part2_jepa/measure.py $QUICK
step "3/4 embed a few frames with the CLI, the way a reader would"
OUT="${QUICK:+runs/quick/}"
mkdir -p runs
python -c "import numpy as np; from common.world import render_frames; np.save('runs/frames.npy', render_frames(np.linspace(9, 55, 8)))"
python part2_jepa/embed.py --checkpoint "${OUT}checkpoints/jepa/biased/sigreg_seed0.pt" --frames runs/frames.npy \
  --out "${OUT}runs/z.npy"
step "4/4 figures (figures/jepa_*.png)"
python part2_jepa/fig_embeddings.py $QUICK
python part2_jepa/fig_share.py $QUICK
python part2_jepa/fig_probes.py $QUICK
echo; echo "done: results/jepa.json, figures/jepa_*.png"
