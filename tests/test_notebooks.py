"""The content notebooks: their shape, their sequence, and that what they say comes from the dataset.

Running them is nbval's job (`pytest` collects notebooks/ with --nbval-lax); these tests read
them as files.
"""
import json
import re
from functools import lru_cache

import pytest

from shared_future import data, pacing

NOTEBOOK_DIR = data.DATA_DIR.parent / "notebooks"
SEQUENCE = [
    "00_start_here", "01_the_documents", "02_community_with_a_shared_future",
    "03_diplomacy_and_partnerships", "04_development_and_opening_up", "05_global_governance",
    "06_friendship_and_civilizations", "07_language_of_diplomacy", "08_claims_and_evidence",
]
# Figures a reader could take for facts: years, numbers of three or more digits, decimals.
FIGURE_RE = re.compile(r"(?<![\w./-])(?:1[89]\d\d|20\d\d|\d{1,3}(?:,\d{3})+|\d+\.\d+|\d{3,})(?![\w/-])")
CJK_RE = re.compile(r"[\u4e00-\u9fff，、]+")
ESTIMATE_LINE_RE = re.compile(r"\*\*Estimated time:\*\* \d+ minutes")


def cells(name):
    with open(NOTEBOOK_DIR / f"{name}.ipynb", encoding="utf-8") as fh:
        return json.load(fh)["cells"]


def source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


@lru_cache(maxsize=1)
def dataset_text():
    """Everything the dataset and the corpus say, as one string, for membership tests."""
    parts = [data.corpus_text(doc_id) for doc_id in ("he_yin_2025", "wang_yi_2025")]
    for frame in data.load_all().values():
        parts.append(frame.astype(str).to_csv(index=False))
    return "\n".join(parts)


def test_the_sequence_is_complete():
    present = sorted(p.stem for p in NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
    assert present == SEQUENCE


@pytest.mark.parametrize("name", SEQUENCE)
def test_committed_without_outputs(name):
    for cell in cells(name):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, f"{name}: clear outputs before committing"


@pytest.mark.parametrize("name", SEQUENCE)
def test_notebook_has_the_course_shape(name):
    all_cells = cells(name)
    first = source(all_cells[0])
    assert first.startswith("# "), f"{name}: the first cell is the title"
    assert "Learning goals" in first and "Estimated time" in first, f"{name}: goals and time at the top"
    markdown = "\n".join(source(c) for c in all_cells if c["cell_type"] == "markdown")
    code = "\n".join(source(c) for c in all_cells if c["cell_type"] == "code")
    assert re.search(r"^#+ Summary", markdown, re.M), f"{name}: a Summary section"
    index = SEQUENCE.index(name)
    if index > 0:
        assert f"{SEQUENCE[index - 1]}.ipynb" in markdown, f"{name}: link to the previous notebook"
    if index < len(SEQUENCE) - 1:
        assert f"{SEQUENCE[index + 1]}.ipynb" in markdown, f"{name}: link to the next notebook"
    if index > 0:
        assert f"../exercises/{name}_exercise.ipynb" in markdown, f"{name}: point to its exercise"
    assert re.search(r"\bwidgets\.\w+\(", code), f"{name}: at least one widget"
    assert re.search(r"charts\.\w+\(|\.plot\(|\.bar\(|\.barh\(", code), f"{name}: at least one chart"
    assert "Chart description" in code or "charts.show(" in code, f"{name}: charts carry a text description"


@pytest.mark.parametrize("name", SEQUENCE[2:])
def test_every_concept_is_taught_in_its_notebook(name):
    concepts = data.load("concepts")
    mine = concepts[concepts["notebook"] == name[:2]]
    text = "\n".join(source(c) for c in cells(name)).lower()
    missing = [n for n in mine["name"] if n.lower().rstrip(".") not in text]
    assert not missing, f"{name} does not mention: {missing}"


@pytest.mark.parametrize("name", SEQUENCE)
def test_figures_and_chinese_in_prose_come_from_the_dataset(name):
    known = dataset_text()
    for cell in cells(name):
        if cell["cell_type"] != "markdown":
            continue
        prose = re.sub(r"\]\([^)]*\)", "]", source(cell))  # link targets are paths, not figures
        prose = ESTIMATE_LINE_RE.sub("", prose)  # the time estimate is the pacing rule's, not a fact of the texts
        for figure in FIGURE_RE.findall(prose):
            assert figure in known, f"{name}: {figure!r} in the prose is not in the dataset"
        for term in CJK_RE.findall(prose):
            assert term.strip("，、") in known, f"{name}: {term!r} is not in the glossary or concepts"


@pytest.mark.parametrize("name", SEQUENCE)
def test_stated_time_follows_the_rule(name):
    """Every notebook states the estimate README's rule gives (`python -m shared_future.pacing --write`)."""
    with open(NOTEBOOK_DIR / f"{name}.ipynb", encoding="utf-8") as fh:
        notebook = json.load(fh)
    assert pacing.stated(notebook) == pacing.estimate(notebook), \
        f"{name}: stated {pacing.stated(notebook)} minutes, the rule gives {pacing.estimate(notebook)}; run python -m shared_future.pacing --write"


TRACK_RE = re.compile(r"\*\*(Data|IR) track\*\*")


@pytest.mark.parametrize("name", SEQUENCE[:8])
def test_tracks_are_marked_the_same_way(name):
    """A track marker stands only at the start of a text cell; each notebook marks both tracks;
    no widget stands in a data-track section (widgets are for every reader)."""
    kinds, section = set(), None
    for cell in cells(name):
        body = source(cell)
        if cell["cell_type"] == "markdown":
            found = [(m.start(), m.group(1)) for m in TRACK_RE.finditer(body) if not body.startswith("**Data track** or")]
            at_start = [kind for start, kind in found if start == 0]
            assert len(found) <= 1 or name == "00_start_here", f"{name}: one track marker per cell"
            section = at_start[0] if at_start else None
            kinds |= set(at_start)
        elif section == "Data":
            assert not re.search(r"\bwidgets\.\w+\(", body), f"{name}: a widget inside a data-track section"
    if name != "00_start_here":
        assert kinds == {"Data", "IR"}, f"{name}: mark both tracks (found {sorted(kinds)})"


@pytest.mark.parametrize("name", SEQUENCE[3:8])
def test_every_concept_is_defined_and_discussed(name):
    """Each concept of notebooks 03-07 is defined (a code cell prints the notebook's concepts with
    their `definition_quote`) and named in at least one prompt marked **Discuss**."""
    concepts = data.load("concepts")
    mine = concepts[concepts["notebook"] == name[:2]]
    all_cells = cells(name)
    if not mine.empty:
        assert any(c["cell_type"] == "code" and "definition_quote" in source(c) and f'"{name[:2]}"' in source(c)
                   for c in all_cells), f"{name}: no cell prints the definitions of its concepts"
    prompts = "\n".join(source(c) for c in all_cells if c["cell_type"] == "markdown" and "**Discuss" in source(c)).lower()
    undiscussed = [n for n in mine["name"] if n.lower().rstrip(".") not in prompts]
    assert not undiscussed, f"{name}: concepts named in no **Discuss** prompt: {undiscussed}"


def test_each_discourse_method_states_its_limits():
    """Notebook 07 reads the texts with hand-made measures; each section says what its measure cannot show."""
    markdown = [source(c) for c in cells("07_language_of_diplomacy") if c["cell_type"] == "markdown"]
    assert sum("**Limits:**" in m for m in markdown) >= 5, "07: a **Limits:** note for each discourse method"
    assert any("two texts are not a corpus" in m.lower() for m in markdown)
