"""Broken and hostile files: a `path:line:column` message in Russian, exit code 1, no traceback —
in `practice-bank validate` and in the site build alike."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.minibank import TUTORING, make_minibank, make_project
from tests.sitebuild import mkdocs_build, page

ENTRY = "practices/tutoring/broken.yml"

# name: (file content, line, column or None, words the message must contain)
CASES: dict[str, tuple[bytes, int, int | None, str]] = {
    "invalid-yaml": (b"title: [unclosed\nsummary: x\n", 2, 8, "ошибка синтаксиса YAML"),
    "tab-indent": (TUTORING.replace("  - name: Иванова", "\t- name: Иванова").encode(), 7, 1,
                   "табуляцией"),
    "duplicate-key": (TUTORING.encode() + b"title: again\n", TUTORING.count("\n") + 1, 1, "ключ «title» повторяется (впервые на строке 2)"),
    "cp1251": (TUTORING.encode("cp1251"), 2, 8, "ожидается UTF-8"),
    "utf16": (TUTORING.encode("utf-16"), 1, 1, "сохраните его в кодировке UTF-8"),
    "utf16-no-bom": (TUTORING.encode("utf-16-le"), 1, 1, "UTF-16"),
    "empty": (b"", 1, 1, "файл пустой"),
    "only-spaces": (b"   \n\n", 1, 1, "файл пустой"),
    "list": (b"- title: a\n- title: b\n", 1, 1, "ожидается набор полей"),
    "scalar": (b"just some text\n", 1, 1, "ожидается набор полей"),
    "billion-laughs": (b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
                       b"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                       b"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n", 1, 4,
                       "якоря YAML (&a) не поддерживаются"),
    "alias-only": (TUTORING.encode() + b"resources: *x\n", TUTORING.count("\n") + 1, 12, "ссылки YAML (*имя) не поддерживаются"),
    "deep-nesting": (b"title: " + b"[" * 500 + b"]" * 500 + b"\n", 1, None, "слишком глубокая вложенность"),
    "binary": (bytes(range(256)) * 16, 1, 1, "файл двоичный"),
    "python-tag": (b"title: !!python/object/apply:os.system ['echo hacked']\n", 1, 8,
                   "теги YAML (!!python/object/apply:os.system) не разрешены"),
    "custom-tag": (TUTORING.replace("goal: ", "goal: !secret ").encode(), 21, 7, "теги YAML (!secret)"),
    "bad-date": (TUTORING.replace("added: 2024-01-10", "added: 2021-13-45").encode(), 4, 8, "неверная дата"),
    "number-for-text": (TUTORING.replace("goal: Создать условия для индивидуальных образовательных программ.",
                                         "goal: 42").encode(), 21, 7, "ожидается текст"),
    "text-for-number": (TUTORING.replace("start: 2019", "start: двадцатый").encode(), 12, 10,
                        "ожидается целое число"),
    "control-char": (TUTORING.replace("Проверочная практика.", "Провер\x07очная").encode(), 3, 16,
                     "управляющий символ U+0007"),
}


def _write(practices: Path, content: bytes) -> None:
    (practices / "tutoring" / "broken.yml").write_bytes(content)


def _expected(line: int, column: int | None) -> str:
    return f"{ENTRY}:{line}:{column}:" if column else f"{ENTRY}:{line}:"


@pytest.mark.parametrize("name", list(CASES))
def test_validate_reports_broken_file(tmp_path, name):
    content, line, column, words = CASES[name]
    practices = make_minibank(tmp_path)
    _write(practices, content)
    started = time.monotonic()
    result = run_cli("validate", "--root", str(practices))
    assert time.monotonic() - started < 10
    assert result.code == 1, result.text
    assert "Traceback" not in result.text
    messages = [m for m in result.out.splitlines() if m.startswith(ENTRY)]
    assert messages, result.out
    assert any(m.startswith(_expected(line, column)) and words in m for m in messages), result.out


def test_bom_is_accepted(tmp_path):
    practices = make_minibank(tmp_path)
    _write(practices, b"\xef\xbb\xbf" + TUTORING.replace("Тьюторское сопровождение одарённых детей",
                                                          "Другая практика").encode())
    result = run_cli("validate", "--root", str(practices))
    assert result.code == 0, result.text


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "Yes", "NO", "y", "n"])
def test_yaml11_booleans_stay_text(tmp_path, word):
    practices = make_minibank(tmp_path)
    _write(practices, TUTORING.replace("Тьюторское сопровождение одарённых детей", "Другая")
           .replace("goal: Создать условия для индивидуальных образовательных программ.", f"goal: {word}").encode())
    result = run_cli("validate", "--root", str(practices))
    assert result.code == 0, result.text


def test_fifty_megabyte_file_is_refused_before_parsing(tmp_path):
    practices = make_minibank(tmp_path)
    with (practices / "tutoring" / "broken.yml").open("wb") as fh:
        fh.write(b"title: ")
        fh.write(b"a" * (50 * 1024 * 1024))
    started = time.monotonic()
    result = run_cli("validate", "--root", str(practices))
    assert time.monotonic() - started < 10
    assert result.code == 1
    assert f"{ENTRY}:1:1: файл слишком большой (51200 КБ" in result.out


def test_one_bad_entry_among_a_thousand_lists_every_problem(tmp_path):
    practices = make_minibank(tmp_path)
    for i in range(1000):
        text = TUTORING.replace("Тьюторское сопровождение одарённых детей", f"Практика номер {i}")
        if i in (17, 503):
            text = text.replace("gifted-children", "gifted")
        if i == 999:
            text = text.replace("added: 2024-01-10", "added: вчера")
        (practices / "tutoring" / f"practice-{i}.yml").write_text(text, encoding="utf-8")
    result = run_cli("validate", "--root", str(practices))
    assert result.code == 1
    errors = [m for m in result.out.splitlines() if m.startswith("practices/")]
    assert len(errors) == 3, errors
    assert any(m.startswith("practices/tutoring/practice-17.yml:15:5:") for m in errors)
    assert any(m.startswith("practices/tutoring/practice-503.yml:15:5:") for m in errors)
    assert any(m.startswith("practices/tutoring/practice-999.yml:4:8:") for m in errors)
    assert "Найдено: 3 ошибки" in result.out


def test_names_that_differ_only_by_case(tmp_path):
    practices = make_minibank(tmp_path)
    _write(practices, TUTORING.encode())
    (practices / "tutoring" / "Broken.yml").write_bytes(TUTORING.encode())
    result = run_cli("validate", "--root", str(practices))
    assert result.code == 1
    assert "practices/tutoring/Broken.yml:1:1:" in result.out and "заглавные" in result.out


# ---- the same files through the site build -------------------------------------------

def _project(tmp_path: Path) -> tuple[Path, Path]:
    return make_project(tmp_path)


BUILD_ENV = {"BANK_PDF": "0", "BANK_PRIVACY": "false", "BANK_NO_SEARCH": "1"}


@pytest.mark.slow
@pytest.mark.parametrize("name", ["invalid-yaml", "tab-indent", "duplicate-key", "cp1251", "utf16", "empty",
                                  "list", "billion-laughs", "deep-nesting", "binary", "python-tag", "bad-date",
                                  "number-for-text", "text-for-number"])
def test_build_fails_with_the_same_message(tmp_path, name):
    content, line, column, words = CASES[name]
    project, practices = _project(tmp_path)
    _write(practices, content)
    result = mkdocs_build(project, tmp_path / "site", env=BUILD_ENV)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert any(_expected(line, column) in m and words in m for m in result.stderr.splitlines()), result.stderr[-2000:]


@pytest.mark.slow
def test_yes_no_on_render_as_words(tmp_path):
    project, practices = _project(tmp_path)
    entry = practices / "tutoring" / "gifted-practice.yml"
    entry.write_text(entry.read_text(encoding="utf-8").replace(
        "goal: Создать условия для индивидуальных образовательных программ.", "goal: no"), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", env=BUILD_ENV)
    assert result.returncode == 0, result.stderr[-2000:]
    html = page(tmp_path / "site", "tutoring/gifted-practice")
    goal = next(h for h in html.select("article h2") if h.get_text(strip=True).startswith("Цель"))
    assert goal.find_next("p").get_text(strip=True) == "no"


def test_entry_that_is_a_symlink_or_a_folder_or_unreadable(tmp_path):
    practices = make_minibank(tmp_path)
    outside = tmp_path / "secret.yml"
    outside.write_text(TUTORING, encoding="utf-8")
    (practices / "tutoring" / "linked.yml").symlink_to(outside)
    result = run_cli("validate", "--root", str(practices))
    assert result.code == 1
    assert "practices/tutoring/linked.yml:1:1: файл записи — символическая ссылка" in result.out

    from generator.load.yamlio import load_file
    (tmp_path / "folder.yml").mkdir()
    _, problem = load_file(tmp_path / "folder.yml", "folder.yml")
    assert problem is not None and "это папка, а не файл записи" in problem.message
    _, problem = load_file(tmp_path / "gone.yml", "gone.yml")
    assert problem is not None and "файла нет" in problem.message
