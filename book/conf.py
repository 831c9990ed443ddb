"""Sphinx configuration of the course website, built by `python -m shared_future.site` (see README).

The three `course_*` settings are the ones an instructor changes: the git repository (and branch)
that Binder and nbgitpuller fetch, which should be the student edition (`python -m
shared_future.student`, no solutions), and the address of the class's JupyterHub. The build
command's `--hub`, `--repository` and `--branch` override them for one build.
"""
project = "Shared Future Notebooks"
author = "Shared Future Notebooks contributors"
copyright = "CC BY 4.0, " + author

# --- settings for the launch links on every page ----------------------------------------------------
course_hub_url = "https://hub.example.edu"  # example.edu: replace with your class hub
course_repository = "https://git.example.edu/course/shared-future-notebooks.git"  # example.edu: replace with yours
course_branch = "student"

extensions = ["myst_nb", "shared_future.site_sphinx"]
root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
language = "en"

# The notebooks arrive already run, in course order (`shared_future.export.executed`); widgets
# there carry only their static copy, so no page loads the widget library from the internet.
nb_execution_mode = "off"
nb_output_stderr = "remove"  # warnings would be noise for a reader; the notebook tests catch them
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3
suppress_warnings = ["myst.header"]  # notebooks may start at a level-2 heading in a cell

html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["_static"]
templates_path = ["_templates"]
html_css_files = ["course.css"]
html_js_files = ["zoom.js"]  # a click shows a chart at full size
html_copy_source = True  # the download button offers each page's notebook

html_theme_options = {
    "use_download_button": True,
    "show_toc_level": 2,
    "home_page_in_toc": True,
    "navbar_persistent": [],  # one search field (the sidebar's), not a second one in the top bar
}
html_last_updated_fmt = None
