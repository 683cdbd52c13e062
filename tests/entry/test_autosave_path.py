"""How far one autosave wanders through the project's code (issue 18 asks at most 6
returns to a file it had left, for the view `/entry/submission/<id>/autosave/` resolves to).

What is counted, precisely:
- only while that view runs (from its first line to its return: middleware, URL
  resolving and the test client are outside), as `sys.setprofile` reports it;
- only *calls* (a function, method, property or comprehension entered), and only those
  whose code is in a project source file: a `.py` file under the repository, not under
  `.venv`, not under `tests/`. Django's and other libraries' code is not counted (the
  project code it calls back is, as called from the nearest project frame below it);
  templates are not counted (the reply is JSON, none is rendered);
- a *step* is a call from one project file into another (a call within a file is no
  step), of a function called for the first time in the request: the path is read as a
  reader follows it, each function once, so a loop over 150 indicators is one step;
- returning from a callee is no step, so only calls move along the path; its files, in
  order, consecutive repeats collapsed, are printed;
- a *return* is a step into a file already on the path (a file the request had left).

The save measured is the librarian's second figure of the page, the usual one (the
first save of a process also reads the catalogue into its cache).
"""

import functools
import inspect
import sys
from pathlib import Path

import pytest
from django.urls import resolve, reverse

from tests.factories import set_values

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SKIP = (ROOT / ".venv", ROOT / "tests")
WANTED = 6  # the bound
TODAY = 6  # measured: 18 before the autosave service moved into entry/autosave.py too; 22 with
# the region's own questions (the region read for the catalogue, sections in force); 6 since
# the save is a pipeline (issue 18): the locked read, the checks once on plain figures
# (`catalogue.selectors.Figure`), the write, the reply's numbers in one place


@functools.cache
def project_file(filename: str) -> str | None:
    path = Path(filename)
    if path.suffix != ".py" or not path.is_absolute() or ROOT not in path.parents:
        return None
    if any(skip == path or skip in path.parents for skip in SKIP):
        return None
    return str(path.relative_to(ROOT))


def traced_path(client, url: str, data: dict) -> tuple[list[str], object]:
    """POST `data` to `url`; the path of project files the view's calls stepped through."""
    view = inspect.unwrap(resolve(url).func).__code__
    path: list[str] = []
    called: set = set()
    inside = [0]

    def profile(frame, event, arg):
        code = frame.f_code
        if event == "return":
            inside[0] -= code is view
            return
        if event != "call":
            return
        inside[0] += code is view
        if not inside[0] or code in called:
            return
        name = project_file(code.co_filename)
        if name is None:
            return
        called.add(code)
        caller = frame.f_back
        while caller is not None and project_file(caller.f_code.co_filename) is None:
            caller = caller.f_back
        if caller is not None and project_file(caller.f_code.co_filename) == name:
            return  # a call within a file
        if not path or path[-1] != name:
            path.append(name)

    sys.setprofile(profile)
    try:
        response = client.post(url, data, HTTP_ACCEPT="application/json")
    finally:
        sys.setprofile(None)
    return path, response


def returns(path: list[str]) -> list[str]:
    """The steps of `path` into a file it had left."""
    back = []
    for index, name in enumerate(path):
        if name in path[:index]:
            back.append(name)
    return back


def test_the_counter_counts_a_step_back_into_a_file_left():
    assert returns(["a", "b", "a", "c", "b"]) == ["a", "b"]
    assert returns(["a", "b", "c"]) == []


@pytest.fixture
def saved_path(client_for, submission, librarian):
    from catalogue.selectors import forget_catalogue
    from submissions.selectors import forget_kept

    forget_catalogue()
    forget_kept()
    set_values(submission, **{"visits.children": 100})
    client = client_for(librarian)
    url = reverse("entry:autosave", kwargs={"pk": submission.pk})
    for code, value in (("users.active", "50"), ("visits.total", "3000")):
        path, response = traced_path(client, url, {"kind": "figure", "code": code,
                                                    "value": value, "base_revision": 0})
        assert response.status_code == 200 and response.json()["ok"], response.content
    print("\n".join(path), f"\nreturns: {returns(path)}")
    yield path
    forget_catalogue()
    forget_kept()


def test_a_figure_s_autosave_returns_no_more_often_than_today(saved_path):
    assert path_starts_at_the_view(saved_path)
    assert len(returns(saved_path)) <= TODAY, returns(saved_path)


def test_a_figure_s_autosave_returns_to_a_file_it_left_at_most_six_times(saved_path):
    assert len(returns(saved_path)) <= WANTED, returns(saved_path)


def path_starts_at_the_view(path: list[str]) -> bool:
    return path[:2] == ["entry/views.py", "entry/autosave.py"]
