"""What does not fix the blur: MSE and distance to E[y|x] for bigger, longer-trained and transformer models.

    python part1_pixel/fig_capacity.py [--results results/capacity.json]
"""
from part1_pixel import plotting
from part1_pixel.cli import ArgumentParser, UsageError, load_json, run_main, save_figure

COMMAND = "python part1_pixel/exp_capacity.py"


def parse_args(argv=None):
    p = ArgumentParser(prog="fig_capacity.py", description=__doc__.split("\n")[0])
    p.add_argument("--results", default="results/capacity.json", help="JSON written by exp_capacity.py")
    p.add_argument("--out", default="figures/capacity.png", help="PNG to write")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    results = load_json(args.results, COMMAND)
    try:
        rows, floor = results["rows"], results["bayes_floor"]
    except KeyError as err:
        raise UsageError(f"{args.results} has no {err} entry; is it an exp_capacity.py result?") from None
    by_name = {r["name"]: r for r in rows}

    fig, axes = plotting.figure(1, 3, figsize=(14, 4.4), layout="constrained")
    panels = [("parameters", ["default", "encoder x2", "encoder x4", "transformer"], "parameters", True),
              ("steps", ["default", "steps x4", "steps x16"], "training steps", True)]
    for ax, (key, names, label, log) in zip(axes[:2], panels):
        shown = [by_name[n] for n in names if n in by_name]
        for r in shown:
            ax.scatter(r[key], r["mse"], s=50, color="tab:red" if r["name"] != "transformer" else "tab:purple", zorder=3)
            ax.annotate(f"{r['name']}\n{r['ratio_to_bayes']:.3f} x floor", (r[key], r["mse"]), fontsize=8,
                        textcoords="offset points", xytext=(6, 6))
        ax.axhline(floor, ls="--", color="black", label=f"Bayes floor {floor:.4f}")
        ax.set_xscale("log" if log else "linear")
        ax.set_xlabel(label + " (log scale)")
        ax.set_ylabel("held-out MSE per pixel")
        ax.set_ylim(floor * 0.97, max([r["mse"] for r in shown] + [floor]) * 1.04)
        ax.grid(alpha=0.3, which="both")
        ax.legend(loc="upper right", fontsize=9)
    axes[0].set_title("Bigger or different models: MSE stays at the floor")
    axes[1].set_title("Longer training: MSE stays at the floor")

    ax = axes[2]
    names = [r["name"] for r in rows]
    ax.bar(range(len(rows)), [r["smear"]["ambiguous_zone"] for r in rows], color="tab:red", label="mid-frame zone")
    ax.bar(range(len(rows)), [r["smear"]["walls"] for r in rows], color="0.3", width=0.5, label="near the walls")
    ax.axhline(0.5, ls=":", color="black", label="two equal ghosts")
    ax.set_xticks(range(len(rows)), names, rotation=30, ha="right", fontsize=9)
    ax.set_ylabel("weight of the fainter ghost")
    ax.set_ylim(0, 0.6)
    ax.legend(loc="upper right", fontsize=8)
    ax.set_title("...and every one of them keeps the smear")
    fig.suptitle("The blur is not a capacity problem: every model converges to E[y|x], which is the blur", fontsize=12)
    save_figure(fig, args.out)
    plotting.close(fig)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    run_main(main)
