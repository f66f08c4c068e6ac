"""The layers hold: the import contracts in pyproject.toml pass, and tasks and services call
each other in one direction in every app.

Tasks are entry points, like views: they import services at the top and call them. A service
never imports a task module at its top; it imports the task inside the function that enqueues
it, and only hands it to `transaction.on_commit`, so nothing is sent before the data it needs is
committed. import-linter sees every import, lazy ones too, which is why pyproject.toml lets
services reach tasks and this test says how.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("sanctuary", "members", "streams", "awards")
ENQUEUE = {"delay", "apply_async"}


def service_modules() -> list[Path]:
    found = []
    for app in APPS:
        found += sorted((ROOT / app).glob("services/*.py"))
        if (ROOT / app / "services.py").exists():
            found.append(ROOT / app / "services.py")
    return found


def task_modules() -> list[Path]:
    return [ROOT / app / "tasks.py" for app in APPS if (ROOT / app / "tasks.py").exists()]


def imported_modules(node: ast.AST) -> list[str]:
    """The modules an import statement names (`from awards import tasks` names awards.tasks)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module:
        return [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return []


def is_task_module(name: str) -> bool:
    return name.endswith(".tasks") or ".tasks." in name


def is_on_commit(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (isinstance(func, ast.Attribute) and func.attr == "on_commit") or (
        isinstance(func, ast.Name) and func.id == "on_commit"
    )


def enqueues_outside_on_commit(tree: ast.AST) -> list[int]:
    """Lines where a task's .delay or .apply_async is used other than inside on_commit(...)."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if is_on_commit(node):
            inside |= {id(child) for child in ast.walk(node)}
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in ENQUEUE and id(node) not in inside
    ]


def test_the_import_contracts_are_kept():
    """The same check as `lint-imports` in CI, so a broken layer also fails `make test`."""
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports; "
            "sys.exit(lint_imports(no_cache=True, no_logo=True))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def test_every_app_has_its_services_found():
    apps = {path.relative_to(ROOT).parts[0] for path in service_modules()}
    assert apps == set(APPS)


@pytest.mark.parametrize("path", service_modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_a_service_imports_tasks_only_inside_the_function_that_enqueues(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    at_top = [name for node in tree.body for name in imported_modules(node) if is_task_module(name)]
    assert at_top == []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        imports_a_task = any(
            is_task_module(name) for node in ast.walk(function) for name in imported_modules(node)
        )
        if imports_a_task:
            assert any(is_on_commit(node) for node in ast.walk(function)), (
                f"{path.name}:{function.name} imports a task but enqueues it without on_commit"
            )


@pytest.mark.parametrize("path", service_modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_a_service_enqueues_a_task_only_after_commit(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    assert enqueues_outside_on_commit(tree) == []


@pytest.mark.parametrize("path", task_modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_a_task_imports_services_at_the_top_never_lazily(path):
    """The other half of the direction: a task may name its service where anyone reads the
    module's imports; a lazy import in a task would only hide a cycle back from the services."""
    tree = ast.parse(path.read_text(), filename=str(path))
    lazy = [
        name
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(function)
        for name in imported_modules(node)
        if ".services" in name or ".renewals" in name
    ]
    assert lazy == []


def test_the_guards_see_a_service_that_enqueues_before_commit():
    """The check itself fails on the mistake it is for, so it cannot pass by seeing nothing."""
    careless = ast.parse(
        "def approve(x):\n"
        "    from members.tasks import task_notify\n"
        "    task_notify.delay(x_id=x.pk)\n"
    )
    careful = ast.parse(
        "def approve(x):\n"
        "    from members.tasks import task_notify\n"
        "    transaction.on_commit(partial(task_notify.delay, x_id=x.pk))\n"
    )
    assert enqueues_outside_on_commit(careless) == [3]
    assert enqueues_outside_on_commit(careful) == []


def test_no_test_empties_the_shared_cache():
    """On Redis, cache.clear() empties the database under the other xdist worker's running
    tests (a sign-in or concern limit loses its count mid-test): tests call
    tests.conftest.clear_own_cache(), which deletes only their own process's keys."""
    from pathlib import Path

    here = Path(__file__).parent
    offenders = [
        path.name
        for path in here.rglob("*.py")
        if path.name not in {"conftest.py", Path(__file__).name}
        and "cache.clear()" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
