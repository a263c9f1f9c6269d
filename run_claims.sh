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

step "1/7 what does not fix the blur: bigger encoder, longer training, transformer (results/capacity.json)"
python part1_pixel/claims/exp_capacity.py $quick
step "2/7 controls that remove it: two frames, or the direction as input (results/controls.json)"
python part1_pixel/claims/exp_controls.py $quick
step "3/7 sampling from a 2-component mixture (results/mixture.json)"
python part1_pixel/sampling/exp_mixture.py $quick
step "4/7 the same with 4 components: are two of them left unused? (results/mixture_k4.json)"
python part1_pixel/sampling/exp_mixture.py --hypotheses 4 $quick
step "5/7 the mixture told K = 2 in the biased world (results/biased/mixture.json)"
python part1_pixel/sampling/exp_mixture.py --world biased $quick
step "6/7 figure: capacity"
python part1_pixel/claims/fig_capacity.py $quick
step "7/7 figure: mixture samples"
python part1_pixel/sampling/fig_mixture.py $quick
echo; echo "done"
