"""The pages a reader sees: their tables agree with the committed JSON, the README's snippet runs, every
figure they show exists, and they say what the code does rather than how it came to be."""
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_script

ROOT = Path(ROOT)
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "bench" / "README.md"]
# The pages that state a claim, whose opening holds a verdict.
CLAIM_PAGES = ("blur.md", "claims.md", "jepa.md", "losses.md", "planning.md", "bias.md", "digits.md", "sampling.md",
               "flow.md", "tokens.md")
OPENING_LINES = 15


def test_every_page_agrees_with_its_json():
    proc = run_script("docs/tables.py", "--check")
    assert proc.returncode == 0, proc.stderr


def test_a_changed_json_makes_the_check_fail(tmp_path):
    """The check reads the numbers: change one in a copy of the repo's JSON and it names the stale table."""
    for folder in ("docs", "bench", "results", "checkpoints"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.pt", "__pycache__"))
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    metrics = tmp_path / "checkpoints" / "pixel.json"
    data = json.loads(metrics.read_text())
    data["heldout"]["ratio_to_bayes"] += 0.01
    metrics.write_text(json.dumps(data))
    check = [sys.executable, str(tmp_path / "docs" / "tables.py"), "--check"]
    proc = subprocess.run(check, capture_output=True, text=True, check=False)
    assert proc.returncode == 1 and "blur.floors" in proc.stderr and "readme.claims" in proc.stderr, proc.stderr


def readme_snippet():
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## Use a trained model from Python"):]
    return re.search(r"```python\n(.*?)```", section, re.DOTALL)[1]


def test_readme_snippet_runs_from_the_repo_root_on_the_shipped_checkpoint():
    proc = subprocess.run([sys.executable, "-c", readme_snippet()], cwd=ROOT, capture_output=True, text=True,
                          check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert 0 < float(proc.stdout.strip()) < 0.005   # a trained model lies near E[y|x]; the blank frame is ~0.02 away


def test_shipped_checkpoint_scores_as_its_committed_metrics():
    from common.data import make_heldout
    from common.files import load_run
    from common.models import pixel_predictor
    from common.training import evaluate
    model, _ = load_run(str(ROOT / "checkpoints" / "pixel.pt"), pixel_predictor)
    committed = json.loads((ROOT / "checkpoints" / "pixel.json").read_text())["heldout"]
    assert evaluate(model, make_heldout(), "cpu")["mse"] == pytest.approx(committed["mse"], rel=1e-6)


def test_readme_is_short():
    assert len((ROOT / "README.md").read_text().splitlines()) <= 200


@pytest.mark.parametrize("page", sorted((ROOT / "docs").glob("*.md")), ids=lambda p: p.name)
def test_every_page_is_at_most_250_lines(page):
    assert len(page.read_text().splitlines()) <= 250


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_say_what_the_code_does_not_how_it_came_to_be(page):
    """No development history; a quotation of the article (a "> " line) may say what it says."""
    text = "\n".join(line for line in page.read_text().splitlines() if not line.startswith(">"))
    words = re.findall(r"\b(issues?|sessions?|pilots?|helpers?|previous version|restructur\w*)\b", text, re.IGNORECASE)
    assert not words, words


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_to_a_file_resolves(page):
    targets = re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text())
    missing = [t for t in targets if not (page.parent / t).exists()]
    assert not missing, missing


def anchors(page):
    """The anchors of a page's headings, by GitHub's rule (lower case, punctuation dropped, spaces to hyphens)."""
    headings = re.findall(r"^#+ (.+)$", page.read_text(), re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_to_a_section_finds_its_heading(page):
    links = re.findall(r"\]\(([^)#:]+\.md)#([^)]+)\)", page.read_text())
    missing = [f"{t}#{a}" for t, a in links if a not in anchors(page.parent / t)]
    assert not missing, missing


ANSWER_FIRST = sorted((ROOT / "docs").glob("*.md"))


def opening(page):
    return "\n".join(page.read_text().splitlines()[:OPENING_LINES])


def shown_figures(text):
    """The image files a markdown text shows (![...](path)) that exist, relative to docs/."""
    return [f for f in re.findall(r"!\[.*?\]\(([^)\s]+)\)", text) if (ROOT / "docs" / f).is_file()]


def generated_verdicts(text):
    """The generated parts of a text that give a verdict: a number or a table whose text says "holds" or "does not
    hold", or a table with a column headed "verdict"."""
    words = re.compile(r"\bholds\b|\bdoes not hold\b")
    numbers = [m[1] for m in re.finditer(r"<!-- n: [\w.-]+ -->(.*?)<!-- /n -->", text) if words.search(m[1])]
    tables = [m[1] for m in re.finditer(r"<!-- table: [\w.-]+ -->\n(.*?)(?:<!-- /table -->|$)", text, re.DOTALL)
              if words.search(m[1]) or re.search(r"^\|.*\bverdict\b.*\|$", m[1].split("\n")[0], re.IGNORECASE)]
    return numbers + tables


@pytest.mark.parametrize("page", ANSWER_FIRST, ids=lambda p: p.name)
def test_every_page_shows_a_figure_in_its_opening_lines(page):
    assert shown_figures(opening(page)), f"no figure that exists in the first {OPENING_LINES} lines of {page.name}"


@pytest.mark.parametrize("page", [ROOT / "docs" / name for name in CLAIM_PAGES], ids=lambda p: p.name)
def test_every_claim_page_gives_its_generated_verdict_in_its_opening_lines(page):
    assert generated_verdicts(opening(page)), f"no generated verdict in the first {OPENING_LINES} lines of {page.name}"


def test_a_typed_verdict_or_a_missing_figure_is_caught():
    """The two checks above read what they claim to: a typed verdict is not a generated one, a link is not a
    figure, and an image whose file is missing does not count."""
    assert not generated_verdicts("**Verdict: holds.**") and generated_verdicts("<!-- n: x -->holds<!-- /n -->")
    assert generated_verdicts("<!-- table: x -->\n| claim | verdict |\n|---|---|\n| a | yes |\n<!-- /table -->")
    assert not shown_figures("[panels](../figures/panels.png)") and shown_figures("![p](../figures/panels.png)")
    assert not shown_figures("![p](../figures/no_such_figure.png)") and shown_figures("![E[y|x]](../figures/panels.png)")


def test_every_claim_links_to_the_section_of_its_verdict():
    table = (ROOT / "README.md").read_text().split("<!-- table: readme.claims -->")[1].split("<!-- /table -->")[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert rows and all(re.search(r"\]\(docs/[\w.]+\.md#[\w-]+\)", row.rsplit("|", 2)[-2]) for row in rows)


def test_every_committed_figure_is_shown_or_linked_on_a_page():
    text = "".join(p.read_text() for p in PAGES)
    figures = [p.relative_to(ROOT) for p in (ROOT / "figures").rglob("*") if p.suffix in (".png", ".gif")]
    unshown = [str(f) for f in figures if f.as_posix() not in text]
    assert figures and not unshown, unshown


def test_train_help_fits_on_one_screen():
    proc = run_script("part1_pixel/train.py", "--help")
    assert proc.returncode == 0 and len(proc.stdout.splitlines()) <= 30
