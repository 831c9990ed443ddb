"""The links that open a page of the course in a live JupyterLab: on Binder, or on a class's JupyterHub.

The JupyterHub link goes through nbgitpuller: the first click clones the course into the student's
home folder (as `TARGET/`), later clicks pull the instructor's changes without overwriting the
student's own edits, and both open the page's notebook. The website puts both links on every page;
the JupyterHub test opens the same link for two students.
"""
from __future__ import annotations

import argparse
import sys
from urllib.parse import quote, urlencode

TARGET = "shared-future-notebooks"  # the folder nbgitpuller clones into, in each student's home


def lab_path(path: str) -> str:
    """JupyterLab's address (relative to the server) of a file of the course."""
    return f"lab/tree/{TARGET}/{path}"


def nbgitpuller_url(hub: str, repository: str, branch: str, path: str) -> str:
    """The hub link that gives a student their own copy of the course and opens `path` in it."""
    query = urlencode({"repo": repository, "branch": branch, "targetpath": TARGET, "urlpath": lab_path(path)})
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def binder_url(repository: str, branch: str, path: str, binder: str = "https://mybinder.org") -> str:
    """The Binder link that builds the repository (environment.yml, postBuild) and opens `path`."""
    return (f"{binder.rstrip('/')}/v2/git/{quote(repository, safe='')}/{quote(branch, safe='')}"
            f"?{urlencode({'urlpath': f'lab/tree/{path}'})}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the class link (nbgitpuller) and the Binder link of a course file.")
    parser.add_argument("path", nargs="?", default="notebooks/00_start_here.ipynb", help="the file to open")
    parser.add_argument("--hub", required=True, help="the JupyterHub address, e.g. https://hub.example.edu")
    parser.add_argument("--repository", required=True, help="the git repository of the student edition")
    parser.add_argument("--branch", default="student", help="its branch (default: student)")
    args = parser.parse_args(argv)
    print(f"JupyterHub: {nbgitpuller_url(args.hub, args.repository, args.branch, args.path)}")
    print(f"Binder:     {binder_url(args.repository, args.branch, args.path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
