"""The launch links: what nbgitpuller and Binder read back out of them."""
from urllib.parse import parse_qs, unquote, urlsplit

from shared_future import launch
from shared_future.site_sphinx import descriptions

REPO = "https://github.com/example/course.git"


def test_nbgitpuller_link_clones_into_one_folder_and_opens_the_file():
    link = launch.nbgitpuller_url("https://hub.example.edu/", REPO, "student", "notebooks/05 governance.ipynb")
    parts = urlsplit(link)
    assert (parts.netloc, parts.path) == ("hub.example.edu", "/hub/user-redirect/git-pull")
    assert parse_qs(parts.query) == {"repo": [REPO], "branch": ["student"], "targetpath": [launch.TARGET],
                                     "urlpath": [f"lab/tree/{launch.TARGET}/notebooks/05 governance.ipynb"]}


def test_binder_link_names_repository_branch_and_file():
    parts = urlsplit(launch.binder_url(REPO, "student", "exercises/01_the_documents_exercise.ipynb"))
    spec = parts.path.split("/v2/git/", 1)[1]
    repository, branch = spec.rsplit("/", 1)
    assert (unquote(repository), branch) == (REPO, "student")
    assert parse_qs(parts.query) == {"urlpath": ["lab/tree/exercises/01_the_documents_exercise.ipynb"]}


def test_command_prints_both_links(capsys):
    assert launch.main(["--hub", "https://hub.example.edu", "--repository", REPO]) == 0
    out = capsys.readouterr().out
    assert "git-pull?" in out and "/v2/git/" in out and "00_start_here.ipynb" in out


def test_chart_descriptions_are_read_from_printed_lines():
    printed = "rows: 3\nChart description: a bar chart of 3 bars.\nother\nChart description: a map.\n"
    assert descriptions(printed) == ["a bar chart of 3 bars.", "a map."]
    assert descriptions("Chart: not this one") == []


def test_a_notebook_without_a_title_gets_one_from_its_name():
    import nbformat

    from shared_future.site import with_title

    bare = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("widgets.dashboard()")])
    assert with_title(bare, "demo_dashboard").cells[0].source == "# Demo dashboard"
    titled = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 05 · Global governance")])
    assert len(with_title(titled, "05_global_governance").cells) == 1
