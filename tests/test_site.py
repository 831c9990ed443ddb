"""The course website, built once into a temporary folder by README's command: its links resolve,
its widgets show their static copy, its charts carry alt text, its exercises carry no solution,
every page can be launched live, and axe-core finds no critical or serious accessibility problem.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from browser import ROOT, chromium_page, require_chromium
from shared_future import site
from solution_text import solution_blocks, solutions_found

HUB = "https://hub.test.example"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


class Page(HTMLParser):
    """The parts of an HTML page the tests look at: links, images, ids, text, launch links."""

    def __init__(self, path: Path):
        super().__init__()
        self.path, self.links, self.images, self.ids, self.text, self.launch = path, [], [], set(), [], []
        self._in_launch = self._skip = 0
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for key in ("href", "src"):
            if attrs.get(key) and tag in ("a", "img", "link", "script"):
                self.links.append(attrs[key])
        if tag == "img":
            self.images.append(attrs)
        if tag == "nav" and "course-launch" in attrs.get("class", ""):
            self._in_launch = 1
        elif self._in_launch and tag == "a":
            self.launch.append(attrs["href"])
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_launch = 0
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)

    @property
    def plain(self) -> str:
        return "".join(self.text)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "html"
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "shared_future.site", "--out", str(out), "--hub", HUB],
                            cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    pages = {p.relative_to(out).as_posix(): Page(p) for p in sorted(out.rglob("*.html"))
             if p.relative_to(out).parts[0] != "_static"}  # the theme's own template snippets
    print(f"\nsite built in {time.monotonic() - started:.0f} s: {len(pages)} pages in {out}")
    return {"out": out, "source": out.parent / "html-source", "pages": pages, "log": result.stdout + result.stderr}


def content_pages(built) -> dict[str, Page]:
    """Every page a reader reaches from the table of contents (not the search and index pages)."""
    return {name: page for name, page in built["pages"].items() if name not in ("search.html", "genindex.html")}


def test_every_internal_link_resolves(built):
    broken = []
    for name, page in built["pages"].items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue
            target = (page.path.parent / unquote(parts.path)).resolve() if parts.path else page.path
            if not target.is_file():
                broken.append(f"{name}: {link} (no such file)")
            elif parts.fragment and target.suffix == ".html":
                ids = built["pages"][target.relative_to(built["out"]).as_posix()].ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{name}: {link} (no such anchor)")
    assert not broken, "\n".join(broken[:20])


def test_pages_show_widgets_as_their_static_copy(built):
    for name, page in built["pages"].items():
        text = page.path.read_text(encoding="utf-8")
        for fallback in ("VBox(", "IntSlider(", "HBox(", "Dropdown("):
            assert fallback not in text, f"{name} shows a widget as text ({fallback}...)"
    # 07's frequency explorer: its heading and its default chart, as a static copy
    page = built["pages"]["notebooks/07_language_of_diplomacy.html"]
    assert "Word frequencies" in page.plain and "Keyword in context" in page.plain


def kit_pages() -> list[Path]:
    """The instructors' Markdown files that are pages: not those in a folder a generated page is written from
    (`instructors/exemplars/` for `exemplars.md`)."""
    data_folders = {ROOT / "instructors" / Path(name).stem for name in site.INSTRUCTOR_PAGES}
    return [page for page in (ROOT / "instructors").rglob("*.md") if page.parent not in data_folders]


def test_counts_pages_images_and_alt_texts(built):
    pages = content_pages(built)
    images = [(name, image) for name, page in pages.items() for image in page.images]
    described = [(name, image) for name, image in images if image.get("alt", "").strip()]
    print(f"\n{len(pages)} pages, {len(images)} images, {len(described)} with alt text")
    missing = [f"{name}: {image.get('src', '')[:60]}" for name, image in images if not image.get("alt", "").strip()]
    assert not missing, "images without alt text:\n" + "\n".join(missing)
    expected = len(site.course_notebooks()) + len(list((ROOT / "exercises").glob("[0-9][0-9]_*.ipynb"))) + 4
    expected += len(kit_pages()) + len(site.INSTRUCTOR_PAGES)
    assert len(pages) == expected  # notebooks, exercises, front page, dataset README, dictionary, sources, instructors
    for notebook in site.course_notebooks():
        page = pages[f"notebooks/{notebook.stem}.html"]
        assert page.images, f"{notebook.name} has no chart on its page"
        assert "Chart description:" in page.plain


def test_table_of_contents_follows_the_course(built):
    front = built["pages"]["index.html"]
    order = [link for link in front.links if re.match(r"(notebooks|exercises)/\d\d_", link)]
    order = list(dict.fromkeys(link.split("#")[0] for link in order))
    notebooks = [f"notebooks/{n.stem}.html" for n in site.course_notebooks() if n.stem[:2].isdigit()]
    exercises = [f"exercises/{p.stem}.html" for p in sorted((ROOT / "exercises").glob("[0-9][0-9]_*.ipynb"))]
    assert order == notebooks + exercises


def test_exercise_pages_carry_no_solution(built):
    assert solutions_found(built["source"]) == []  # the pages' sources: notebooks, exercises, data
    blocks = [" ".join(block.split()) for block in solution_blocks()]
    for name, page in built["pages"].items():
        text = " ".join(html.unescape(page.plain).split())
        assert "BEGIN SOLUTION" not in text, name
        assert not [b for b in blocks if b in text], f"{name} shows solution code"
    assert "q1 = ..." in built["pages"]["exercises/01_the_documents_exercise.html"].plain


def test_search_index_covers_the_notebooks(built):
    index = (built["out"] / "searchindex.js").read_text(encoding="utf-8")
    assert "search.html" in built["pages"]
    titles = json.loads(re.search(r'"docnames":(\[.*?\])', index).group(1))
    for notebook in site.course_notebooks():
        assert f"notebooks/{notebook.stem}" in titles
    assert "multilater" in index  # a word of notebook 05's text, stemmed


def test_every_page_links_to_the_hub_and_binder(built):
    for name, page in content_pages(built).items():
        hub = [link for link in page.launch if link.startswith(HUB)]
        binder = [link for link in page.launch if "/v2/git/" in link]
        assert len(hub) == 1 and len(binder) == 1, f"{name}: launch links {page.launch}"
        query = parse_qs(urlsplit(hub[0]).query)
        path = name.replace(".html", ".ipynb") if name.startswith(("notebooks/", "exercises/")) else \
            name.replace("instructors/notes/", "notebooks/").replace(".html", ".ipynb") \
            if name.startswith("instructors/notes/") else "notebooks/00_start_here.ipynb"
        assert query["urlpath"] == [f"lab/tree/shared-future-notebooks/{path}"], name
        assert query["branch"] == ["student"] and query["repo"][0].startswith("https://")


def test_data_pages_list_every_table_and_source(built):
    dictionary = built["pages"]["data/dictionary.html"].plain
    for resource in json.loads((ROOT / "data" / "datapackage.json").read_text())["resources"]:
        assert resource["path"] in dictionary
    sources = built["pages"]["data/sources.html"]
    with open(ROOT / "data" / "sources.csv", encoding="utf-8") as csv:
        rows = sum(1 for _ in csv) - 1
    assert sum(1 for link in sources.links if link.startswith("http")) >= rows * 0.9


@pytest.mark.browser
def test_axe_finds_no_critical_or_serious_problem(built):
    """axe-core (npm, pinned in package.json) in headless Chromium over every page of the site."""
    require_chromium()
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (README's test command does)")
    shots = built["out"].parent / "screenshots"
    shots.mkdir(exist_ok=True)
    counts, serious = {}, []
    with chromium_page(1440, 900) as page:
        for name in content_pages(built):
            page.goto((built["out"] / name).as_uri())
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
                .violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length}))""")
            by_impact = {impact: sum(v["nodes"] for v in violations if v["impact"] == impact)
                         for impact in ("critical", "serious", "moderate", "minor")}
            counts[name] = by_impact
            serious += [f"{name}: {v['id']} ({v['impact']}, {v['nodes']} elements)"
                        for v in violations if v["impact"] in ("critical", "serious")]
            if name in ("index.html", "notebooks/05_global_governance.html"):
                page.screenshot(path=str(shots / name.replace("/", "-").replace(".html", ".png")))
    print(f"\naxe-core violations (elements) per page; screenshots in {shots}")
    print(f"{'page':52} critical serious moderate minor")
    for name, c in counts.items():
        print(f"{name:52} {c['critical']:8} {c['serious']:7} {c['moderate']:8} {c['minor']:5}")
    assert not serious, "\n".join(serious)


def test_the_build_shows_each_notebook_with_its_time_and_no_kernel_transport_warning(built):
    assert "without encryption" not in built["log"] and "WARNING" not in built["log"]
    for notebook in site.course_notebooks():
        assert re.search(rf"ran {re.escape(notebook.name)} in \d+ s", built["log"]), notebook.name


def test_pinyin_without_tone_marks_is_in_the_search_index(built):
    from shared_future import data, widgets

    index = (built["out"] / "searchindex.js").read_text(encoding="utf-8")
    terms = set(json.loads(re.search(r'"terms":(\{.*?\})', index).group(1)))
    toned = [word for pinyin in data.load("glossary")["pinyin"].dropna() for word in pinyin.split()
             if widgets.fold(word) != word.lower() and word.isalpha()]
    shown = [word for word in toned if any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", page.plain)
                                           for page in built["pages"].values())]
    assert shown, "no page shows a toned pinyin word"
    from sphinx.search.en import SearchEnglish

    english = SearchEnglish({})  # the browser stems a query as this does: "renlei" stays "renlei"
    missing = [word for word in shown if english.stem(widgets.fold(word)) not in terms
               and widgets.fold(word) not in english.stopwords]
    assert not missing, f"pinyin not found without its tones: {missing[:5]}"


def test_every_page_has_one_search_field(built):
    for name, page in content_pages(built).items():
        html_text = (built["out"] / name).read_text(encoding="utf-8")
        assert html_text.count('class="btn search-button-field') == 1, name


def test_the_instructors_section_follows_the_course(built):
    """Every instructor page is on the site, listed by the front page after the course's pages."""
    front = built["pages"]["index.html"]
    kit = sorted(p.relative_to(ROOT).with_suffix(".html").as_posix() for p in kit_pages())
    kit += [f"instructors/{Path(name).with_suffix('.html').as_posix()}" for name in site.INSTRUCTOR_PAGES]
    assert {"instructors/index.html", "instructors/syllabus.html", "instructors/loop.html"} <= set(kit)
    assert not [page for page in kit if page not in built["pages"]]
    assert not [page for page in kit if page not in front.links], "the front page lists every instructor page"
    course = [front.links.index(f"notebooks/{n.stem}.html") for n in site.course_notebooks() if n.stem[:2].isdigit()]
    assert max(course) < front.links.index("instructors/index.html")  # first mentions: the sidebar, in order


def test_a_class_facing_site_leaves_the_instructors_out(tmp_path):
    front = tmp_path / "index.md"
    shutil.copy(site.BOOK / "index.md", front)
    site.list_instructors(front, [])
    assert site.INSTRUCTORS_ENTRY not in front.read_text(encoding="utf-8")
    assert "notebooks/demo_dashboard" in front.read_text(encoding="utf-8")
    with pytest.raises(RuntimeError, match="cannot be placed"):
        site.list_instructors(front, [])


def test_instructor_pages_are_staged_with_their_folders_and_listed_in_order(tmp_path):
    kit = tmp_path / "kit"
    (kit / "notes").mkdir(parents=True)
    for name in ("index", "loop", "syllabus", "notes/01_the_documents", "notes/00_start_here"):
        (kit / f"{name}.md").write_text(f"# {name}\n")
    (kit / "answers.csv").write_text("not a page")
    (kit / "model_answers").mkdir()
    (kit / "model_answers" / "01.md").write_text("# the generated page's data, not a page\n")
    pages = site.stage_instructors(tmp_path / "site", kit, {"model_answers.md": lambda: "# Model answers\n"})
    assert pages == ["index", "loop", "model_answers", "notes/00_start_here", "notes/01_the_documents", "syllabus"]
    staged = tmp_path / "site" / "instructors"
    assert not (staged / "answers.csv").exists() and not (staged / "model_answers").exists()
    assert (staged / "model_answers.md").read_text() == "# Model answers\n"
    entries = ["instructors/index", "instructors/syllabus", "instructors/loop", "instructors/notes/00_start_here",
               "instructors/notes/01_the_documents", "instructors/model_answers"]
    assert site.instructor_entries(pages) == entries
    front = tmp_path / "index.md"
    front.write_text("```{toctree}\n:caption: For instructors\n\nnotebooks/demo_dashboard\ninstructors/index\n```\n")
    site.list_instructors(front, entries)
    assert front.read_text().splitlines()[3:-1] == ["notebooks/demo_dashboard", *entries]
    with pytest.raises(RuntimeError, match="both a Markdown file and a generated page"):
        site.stage_instructors(tmp_path / "again", kit, {"loop.md": lambda: "# Loop\n"})
