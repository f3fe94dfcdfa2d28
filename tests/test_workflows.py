"""CI files parse and call only what exists: run.sh actions, CLI subcommands, Makefile targets."""

from __future__ import annotations

import re
import shlex

import pytest
import yaml

from generator.cli import build_parser
from generator.authoring.issue_form import render_issue_form
from generator.problems import Problems
from generator.model.vocabulary import load_vocabulary

from tests.conftest import PRACTICES, ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def _run_sh_actions() -> set[str]:
    text = (ROOT / "run.sh").read_text(encoding="utf-8")
    block = text[text.index('case "$ACTION" in'):]
    return set(re.findall(r"^  ([a-z]+)\)", block, re.M))


def _subcommands() -> set[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return set(action.choices)


def _make_targets() -> set[str]:
    return set(re.findall(r"^([a-z-]+):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))


def _commands(run: str) -> list[list[str]]:
    out = []
    for line in run.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "if ", "fi", "git ", "then")):
            continue
        for part in re.split(r"&&|\|\|", line):
            words = shlex.split(part.strip())
            if words:
                out.append(words)
    return out


def _check_command(words: list[str]) -> None:
    prog = words[0]
    if prog == "./run.sh":
        assert words[1] in _run_sh_actions(), words
    elif prog.endswith("practice-bank"):
        assert words[1] in _subcommands(), words
        build_parser().parse_args(words[1:])  # the options exist too
    elif prog == "make":
        assert words[1] in _make_targets(), words


def test_workflows_exist_and_have_the_promised_triggers():
    names = {p.name for p in WORKFLOWS}
    assert {"pr.yml", "pages.yml"} <= names
    pr = yaml.safe_load((ROOT / ".github/workflows/pr.yml").read_text(encoding="utf-8"))
    pages = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    # PyYAML reads the key «on» as True (YAML 1.1)
    assert "pull_request" in pr[True]
    assert pages[True]["push"]["branches"] == ["main"]
    steps = " ".join(s.get("run", "") + s.get("uses", "") for s in pr["jobs"]["check"]["steps"])
    for needed in ("validate --format github", "./run.sh build", "check-links", "./run.sh test",
                   "actions/upload-artifact"):
        assert needed in steps, needed
    uses = [s.get("uses", "") for job in pages["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/deploy-pages") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_commands_exist(workflow):
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    for job in data["jobs"].values():
        for step in job["steps"]:
            for words in _commands(step.get("run", "")):
                _check_command(words)


def test_makefile_and_precommit_call_existing_commands():
    for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines():
        if line.startswith("\t"):
            for words in _commands(line):
                _check_command(words)
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entry = hooks["repos"][0]["hooks"][0]["entry"]
    _check_command(shlex.split(entry))


def test_ci_runs_the_readme_test_command():
    assert "./run.sh test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "./run.sh test" in readme and "./run.sh serve" in readme


def test_issue_form_matches_models_and_vocabulary():
    vocab = load_vocabulary(PRACTICES, Problems())
    committed = (ROOT / ".github/ISSUE_TEMPLATE/propose-practice.yml").read_text(encoding="utf-8")
    assert committed == render_issue_form(vocab), "обновите форму: practice-bank schema"
    form = yaml.safe_load(committed)
    directions = next(b for b in form["body"] if b.get("id") == "directions")
    assert "Одарённые дети" in directions["attributes"]["options"]
    assert yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/config.yml").read_text(encoding="utf-8"))


def test_cli_help_is_russian(capsys):
    parser = build_parser()
    commands = [a for a in parser._actions if a.dest == "command"][0].choices
    for args in [["--help"]] + [[name, "--help"] for name in commands]:
        with pytest.raises(SystemExit):
            parser.parse_args(args)
        out = capsys.readouterr().out
        assert out.startswith("запуск: practice-bank"), out[:80]
        for english in ("usage:", "options:", "positional arguments", "optional arguments"):
            assert english not in out, (args, out)
        capitals = set(re.findall(r"\b[A-Z][A-Z_]{2,}\b", out)) - {"JSON", "CSV", "XLSX", "PDF", "HTML", "YAML"}
        assert not capitals, (args, out)  # value names like ROOT
    with pytest.raises(SystemExit):
        parser.parse_args(["validate", "--months", "abc"])
    assert "ожидается целое число, а указано 'abc'" in capsys.readouterr().err
    # errors name a positional argument in Russian too
    for args, words in ((["new"], "не хватает аргументов: вид, имя"),
                        (["new", "tutorin", "x"], "аргумент вид: недопустимое значение: 'tutorin'")):
        with pytest.raises(SystemExit):
            parser.parse_args(args)
        assert words in capsys.readouterr().err


_PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def _permissions_write(permissions) -> list[str]:
    if permissions in ("write-all",):
        return ["write-all"]
    if isinstance(permissions, dict):
        return [scope for scope, level in permissions.items() if level == "write"]
    return []


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_permissions_are_per_job(workflow):
    """No write access for the whole workflow: the job that builds contributors' content holds none."""
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    assert "permissions" in data, "set permissions: {} at the workflow level"
    assert not _permissions_write(data["permissions"]), data["permissions"]
    for name, job in data["jobs"].items():
        assert "permissions" in job, f"{name}: the job names its own permissions"
        runs = " ".join(s.get("run", "") for s in job["steps"])
        if "./run.sh" in runs:  # installs and builds what contributors wrote
            assert not _permissions_write(job["permissions"]), (name, job["permissions"])


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_checkouts_keep_no_credentials(workflow):
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    checkouts = [s for job in data["jobs"].values() for s in job["steps"]
                 if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    for step in checkouts:
        assert (step.get("with") or {}).get("persist-credentials") is False, step


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_by_commit(workflow):
    """Every `uses:` names a full commit SHA and, in a comment, the release it is."""
    lines = [line.split("uses:", 1)[1].strip() for line in workflow.read_text(encoding="utf-8").splitlines()
             if re.match(r"^\s*(-\s+)?uses:", line)]
    assert lines
    for value in lines:
        assert value.startswith("./") or _PINNED.match(value), value
