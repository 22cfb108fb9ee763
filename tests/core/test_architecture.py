"""The shape of the code (CONVENTIONS "Layers", "Status workflows"), checked on every module's syntax tree.

Calls go down and reactions go up: ``projects`` < ``students`` < ``mentoring`` < ``discipline`` < ``juries``
< ``impact``, with ``openclassrooms`` (core, accounts, settings) underneath all. A module never imports an
app above its own — at the top of the file or inside a function. Pages (``views.py``, ``urls.py``) compose
several apps and sit above them all; migrations, tests and management commands are not application code.
"""

import ast
import importlib
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.db import models

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ["openclassrooms", "projects", "students", "mentoring", "discipline", "juries", "impact"]
RANK = {app: rank for rank, app in enumerate(LAYERS)}
PAGES = {"views.py", "urls.py"}


def _modules() -> list[Path]:
    found = []
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if {"migrations", "management"} & set(parts) or path.name in PAGES:
                continue
            if app == "openclassrooms" and parts[1] in {"settings", "urls.py", "celery.py", "wsgi.py"}:
                continue
            found.append(path)
    return found


MODULES = _modules()


def _imported(tree: ast.AST) -> list[tuple[int, str]]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append((node.lineno, node.module))
    return names


def test_every_app_has_modules_to_check():
    assert {p.relative_to(ROOT).parts[0] for p in MODULES} == set(LAYERS)


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(ROOT)) for p in MODULES])
def test_no_module_imports_an_app_above_its_own(path):
    app = path.relative_to(ROOT).parts[0]
    upward = [
        f"line {line}: {module}"
        for line, module in _imported(ast.parse(path.read_text()))
        if RANK.get(module.split(".")[0], -1) > RANK[app]
    ]
    assert upward == [], f"{path.relative_to(ROOT)} imports upward: {upward}"


def test_the_layer_check_catches_an_upward_import_inside_a_function():
    """The check itself: an import hidden in a function is found (the reason ruff's PLC0415 is on too)."""
    tree = ast.parse("def f():\n    from discipline import services\n")
    assert _imported(tree) == [(2, "discipline")]


# Workflow fields are assigned only by ``openclassrooms.core.workflows.transition`` (setattr), never by
# ``obj.status = …`` or ``.update(status=…)`` / ``.create(status=…)`` anywhere else.
WRITES = {"update", "create", "get_or_create", "update_or_create"}


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(ROOT)) for p in MODULES])
def test_no_status_is_assigned_outside_the_workflow_transition(path):
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found += [
                f"line {node.lineno}: assigns .status"
                for target in targets
                for part in ast.walk(target)
                if isinstance(part, ast.Attribute) and part.attr == "status"
            ]
        if isinstance(node, ast.Call) and any(kw.arg == "status" for kw in node.keywords):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in WRITES:
                found.append(f"line {node.lineno}: .{func.attr}(status=…)")
            if isinstance(func, ast.Name) and func.id[0].isupper() and func.id not in {"Q"}:
                found.append(f"line {node.lineno}: {func.id}(status=…)")
    assert found == [], f"{path.relative_to(ROOT)} sets a status outside transition(): {found}"


def test_every_model_with_a_status_declares_its_workflow():
    missing = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in RANK | {"core": 0, "accounts": 0}
        and any(f.name == "status" and f.choices for f in model._meta.fields)
        and not hasattr(model, "TRANSITIONS")
        and not model.__name__.startswith("Historical")
    ]
    assert missing == []


def test_every_constraint_speaks_to_people_in_words():
    """No database constraint name ever reaches a person: a form's validation shows these messages."""
    silent = [
        f"{model._meta.label}.{constraint.name}"
        for model in apps.get_models()
        if model._meta.app_label in RANK | {"core": 0, "accounts": 0}
        for constraint in model._meta.constraints
        if constraint.violation_error_message in (None, constraint.default_violation_error_message)
        or constraint.name in str(constraint.violation_error_message)
    ]
    assert silent == []


FORM_MODULES = ["students.forms", "mentoring.forms", "discipline.forms", "students.admin", "mentoring.admin"]


def test_every_text_a_person_types_has_a_maximum():
    """A minutes field took 300,000 characters once: every free text has a sensible maximum."""
    unbounded = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in RANK and not model.__name__.startswith("Historical")
        for field in model._meta.fields
        if isinstance(field, models.TextField) and not field.max_length
    ]
    for module in map(importlib.import_module, FORM_MODULES):
        for form in vars(module).values():
            if (
                isinstance(form, type)
                and issubclass(form, forms.BaseForm)
                and form.__module__ == module.__name__
            ):
                unbounded += [
                    f"{form.__module__}.{form.__name__}.{name}"
                    for name, field in form.base_fields.items()
                    if type(field) is forms.CharField and not field.max_length
                ]
    assert unbounded == []
