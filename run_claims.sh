#!/usr/bin/env bash
# The article's claims as experiments (docs/claims.md): what does not fix the blur, what removes it, and sampling
# from a mixture told K = 2.
#   bash run_claims.sh           every experiment (time: README, "The parts")
#   bash run_claims.sh --quick   smoke run: everything under runs/quick/
# Uses checkpoints/pixel.pt (shipped; bash run_all.sh remakes it). Overwrites results/{capacity,controls,mixture,
# mixture_k4}.json, results/biased/mixture.json, checkpoints/[biased/]mixture*.pt and figures/{capacity,mixture}.png.
# Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")"
# One thread per process: the committed results were made so, and the same seed then gives the same files
# (a different thread count can change the last digits).
export OMP_NUM_THREADS=1
quick="${1:-}"
if [ -n "$quick" ] && [ "$quick" != "--quick" ]; then echo "usage: bash run_claims.sh [--quick]" >&2; exit 2; fi
pixel=checkpoints/pixel.pt
[ -z "$quick" ] || pixel=runs/quick/$pixel
if [ ! -f "$pixel" ]; then
  [ -n "$quick" ] || { echo "$pixel not found; run 'bash run_all.sh' first" >&2; exit 2; }
  python part1_pixel/train.py --quick --quiet
fi

step() { echo; echo "== $1"; }

step "1/8 what does not fix the blur: bigger encoder, longer training, transformer (results/capacity.json)"
python part1_pixel/claims/exp_capacity.py $quick
step "2/8 controls that remove it: two frames, or the direction as input (results/controls.json)"
python part1_pixel/claims/exp_controls.py $quick
step "3/8 sampling from a 2-component mixture (results/mixture.json)"
python part1_pixel/sampling/exp_mixture.py $quick
step "4/8 the same with 4 components: are two of them left unused? (results/mixture_k4.json)"
python part1_pixel/sampling/exp_mixture.py --hypotheses 4 $quick
step "5/8 the mixture told K = 2 in the biased world (results/biased/mixture.json)"
python part1_pixel/sampling/exp_mixture.py --world biased $quick
step "6/8 figure: capacity"
python part1_pixel/claims/fig_capacity.py $quick
step "7/8 figure: mixture samples"
python part1_pixel/sampling/fig_mixture.py $quick
step "8/8 the article's own training length, 2,000 steps, 3 seeds (checkpoints/article2000/; not in --quick)"
if [ -z "$quick" ]; then
  for s in 0 1 2; do
    python part1_pixel/train.py --steps 2000 --seed $s --quiet --out checkpoints/article2000/pixel-seed$s.pt
  done
fi
echo; echo "done"
