#!/usr/bin/env bash
# Part 5: plan with the world model. Train the action-conditioned pixel model and the VICReg and SIGReg JEPAs
# (two frames, and the one-frame controls; clean and with distractor dots; seeds 0, 1, 2), then plan with each
# and with the true simulator on the same start/goal pairs (results/planning.json).
#   bash run_planning.sh           # everything; JOBS=2 (default) trainings and planners at once, one thread each
#   bash run_planning.sh --quick   # smoke run of every step, everything under runs/quick/
set -euo pipefail
cd "$(dirname "$0")"
case "${1:-}" in
    "") QUICK="" SEEDS=(0 1 2) ;;
    --quick) QUICK="--quick" SEEDS=(0) ;;
    *) echo "run_planning.sh: error: unknown argument $1 (use --quick)" >&2; exit 2 ;;
esac

echo "== 1/4 train (checkpoints/planning/)"
runs=()
for dots in "" "--distractors"; do
  for seed in "${SEEDS[@]}"; do
    for model in pixel vicreg sigreg; do
      for frames in 2 1; do
        # the one-frame controls: first seed only (common.world_models.trained_seeds)
        [[ $frames == 1 && $seed != "${SEEDS[0]}" ]] && continue
        runs+=("python part4_planning/train.py --model $model --frames $frames --seed $seed $dots $QUICK --quiet")
      done
    done
  done
done
printf '%s\n' "${runs[@]}" | OMP_NUM_THREADS=1 xargs -P "${JOBS:-2}" -I{} bash -c '{}'
echo "== 2/4 plan (results/planning.json)"
OMP_NUM_THREADS=1 python part4_planning/plan.py --jobs "${JOBS:-2}" $QUICK
echo "== 3/4 rollouts against the true world (results/planning_rollouts.json)"
OMP_NUM_THREADS=1 python part4_planning/rollouts.py $QUICK
echo "== 4/4 figures"
python part4_planning/fig_episode.py $QUICK
python part4_planning/fig_planning.py $QUICK
