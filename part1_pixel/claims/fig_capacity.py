"""What does not fix the blur: MSE and distance to E[y|x] for bigger, longer-trained and transformer models.

    python part1_pixel/claims/fig_capacity.py        # draws results/capacity.json (exp_capacity.py)
"""
from cli import figure_parser, parse_figure_args, run_main
from common import plotting
from common.files import load_json

COMMAND = "python part1_pixel/claims/exp_capacity.py"


def main(argv=None):
    args = parse_figure_args(figure_parser("fig_capacity.py", __doc__, results="results/capacity.json",
                                           out="figures/capacity.png"), argv)
    results = load_json(args.results, COMMAND)
    rows, floor = results["rows"], results["bayes_floor"]
    by_name = {r["name"]: r for r in rows}
    names = [r["name"] for r in rows]
    color = {n: f"C{i}" for i, n in enumerate(names)}   # one colour per variant in every panel

    fig, axes = plotting.figure(2, 2, figsize=(12, 8.5))
    panels = [("parameters", ["default", "encoder x2", "encoder x4", "transformer"], "parameters"),
              ("steps", ["default", "steps x4", "steps x16"], "training steps")]
    for ax, (key, wanted, label) in zip(axes[0], panels):
        shown = [by_name[n] for n in wanted if n in by_name]
        for r in shown:
            ax.scatter(r[key], r["mse"], s=60, color=color[r["name"]], zorder=3,
                       label=f"{r['name']}: {r['ratio_to_bayes']:.3f} x floor")
        ax.axhline(floor, ls="--", color="black", label=f"Bayes floor {floor:.4f}")
        ax.set_xscale("log")
        ax.set_xlabel(label + " (log scale)")
        ax.set_ylabel("held-out MSE per pixel")
        ax.set_ylim(floor * 0.98, max([r["mse"] for r in shown] + [floor * 1.05]) * 1.02)
        ax.grid(alpha=0.3, which="both")
        ax.legend(loc="upper left", fontsize=9)
    axes[0, 0].set_title("Bigger or different models: MSE at the floor, not below it")
    axes[0, 1].set_title("Longer training: MSE creeps down to the floor, not below it")

    ax, ticks = axes[1, 0], {"rotation": 30, "ha": "right", "fontsize": 9}
    ax.bar(range(len(rows)), [r["distance_to_oracle"] for r in rows], color=[color[n] for n in names])
    ax.set_yscale("log")
    ax.set_xticks(range(len(rows)), names, **ticks)
    ax.set_ylabel("MSE between prediction and E[y|x] (log scale)")
    ax.set_title("Each prediction is within this distance of E[y|x], the blur")
    ax.grid(alpha=0.3, axis="y", which="both")

    ax = axes[1, 1]
    ax.bar(range(len(rows)), [r["smear"]["ambiguous_zone"] for r in rows], color="tab:red", label="mid-frame zone")
    ax.bar(range(len(rows)), [r["smear"]["walls"] for r in rows], color="0.3", width=0.5, label="near the walls")
    ax.axhline(0.5, ls=":", color="black", label="two equal ghosts")
    ax.set_xticks(range(len(rows)), names, **ticks)
    ax.set_ylabel("weight of the fainter ghost")
    ax.set_ylim(0, 0.65)
    ax.legend(loc="upper right", fontsize=8, ncols=3)
    ax.set_title("...and every one of them keeps the two half-bright ghosts")
    fig.suptitle("The blur is not a capacity problem: every model converges to E[y|x], which is the blur", fontsize=12)
    plotting.save_figure(fig, args.out)


if __name__ == "__main__":
    run_main(main)
