"""`practice-bank import`: spreadsheets built here become valid entries, bad rows a clear report."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import yaml

from tests.conftest import run_cli

ORG_TITLE = None  # filled from the sample bank


def _site_title(practices: Path, slug: str) -> str:
    return yaml.safe_load((practices / "sites" / f"{slug}.yml").read_text(encoding="utf-8"))["title"]


GOOD = {
    "Название": "Тьюторское сопровождение проектов «Ёлка»",
    "Кратко": "Проектная работа младших школьников с тьютором.",
    "Авторы": "Ёлкина Алёна Петровна, тьютор; Иванов Пётр Семёнович, учитель физики",
    "Организация": "timashevsky-school-1",
    "Направления": "Одарённые дети; профориентация",
    "Целевые группы": "Обучающиеся",
    "Формы и технологии": "Тьюториал\nМастер-класс",
    "Проблема": "Ученикам не хватает сопровождения проектной работы.",
    "Цель": "Создать систему сопровождения проектов.",
    "Задачи": "Выявить интересы учеников; составить маршруты",
    "Результаты": "Ученики подготовят и защитят проекты",
    "Год начала": 2019,
    "Год окончания": 2021,
    "Этапы": "2019: диагностика интересов\n2020–2021: работа над проектами",
    "Дата добавления": "01.02.2024",
}


def _sheet(path: Path, rows: list[dict], headers: list[str] | None = None) -> Path:
    headers = headers or list(dict.fromkeys(h for row in rows for h in row))
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h) for h in headers])
    book.save(path)
    return path


def _validate(practices: Path):
    return run_cli("validate", "--root", str(practices))


@pytest.fixture
def practices(bank_copy) -> Path:
    return bank_copy / "practices"


def test_realistic_spreadsheet_imports_good_rows_and_reports_bad_ones(practices, tmp_path):
    by_title = dict(GOOD, **{"Название": "Сопровождение выбора профиля «Шаг»",
                             "Организация": _site_title(practices, "school-21").upper(),
                             "Авторы": "Щукина Ольга"})
    typo = dict(GOOD, **{"Название": "Практика с опечаткой", "Направления": "одаренные дети; профориентацыя"})
    missing = {k: v for k, v in GOOD.items() if k != "Цель"} | {"Название": "Практика без цели"}
    xlsx = _sheet(tmp_path / "заявки.xlsx", [GOOD, by_title, typo, missing])
    result = run_cli("import", str(xlsx), "--root", str(practices))
    assert result.code == 1, result.text
    assert "Traceback" not in result.text
    out = result.out
    assert "строка 2: записано" in out and "строка 3: записано" in out
    assert "строка 4, столбец «Направления»: «профориентацыя» нет в словаре; возможно, «Профориентация»" in out
    assert "строка 5, столбец «Цель»: обязательный столбец пуст" in out
    assert "Строк: 4; импортировано: 2; пропущено: 2." in out

    first = practices / "tutoring" / "tiutorskoe-soprovozhdenie-proektov-elka.yml"
    assert first.exists()
    text = first.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/tutoring.schema.json")
    assert "title: Тьюторское сопровождение проектов «Ёлка»" in text  # Cyrillic stays readable
    data = yaml.safe_load(text)
    assert data["authors"] == [{"name": "Ёлкина Алёна Петровна", "position": "тьютор"},
                               {"name": "Иванов Пётр Семёнович", "position": "учитель физики"}]
    assert data["directions"] == ["gifted-children", "career-guidance"]
    assert data["forms"] == ["tutorial", "master-class"]
    assert data["years"] == {"start": 2019, "end": 2021}
    assert data["stages"][1] == {"period": "2020–2021", "content": "работа над проектами"}
    assert data["status"] == "draft" and str(data["added"]) == "2024-02-01"
    second = yaml.safe_load((practices / "tutoring" / "soprovozhdenie-vybora-profilia-shag.yml")
                            .read_text(encoding="utf-8"))
    assert second["organization"] == "school-21"  # found by its title, case and ё ignored
    assert _validate(practices).code == 0


def test_dry_run_writes_nothing_and_existing_entries_are_kept(practices, tmp_path):
    before = sorted(p.name for p in (practices / "tutoring").iterdir())
    xlsx = _sheet(tmp_path / "a.xlsx", [GOOD])
    dry = run_cli("import", str(xlsx), "--root", str(practices), "--dry-run")
    assert dry.code == 0 and "будет записано" in dry.out and "Ничего не записано" in dry.out
    assert sorted(p.name for p in (practices / "tutoring").iterdir()) == before

    existing = practices / "tutoring" / "school-21-gifted-children.yml"
    original = existing.read_text(encoding="utf-8")
    named = _sheet(tmp_path / "b.xlsx", [dict(GOOD, **{"Имя файла": "school-21-gifted-children"})])
    refused = run_cli("import", str(named), "--root", str(practices))
    assert refused.code == 1 and "уже есть; чтобы заменить её, запустите импорт с --overwrite" in refused.out
    assert existing.read_text(encoding="utf-8") == original
    replaced = run_cli("import", str(named), "--root", str(practices), "--overwrite")
    assert replaced.code == 0, replaced.text
    assert "Ёлка" in existing.read_text(encoding="utf-8")

    # the same title twice: the second file gets a suffix instead of replacing the first
    twice = _sheet(tmp_path / "c.xlsx", [GOOD, GOOD])
    result = run_cli("import", str(twice), "--root", str(practices))
    assert "tiutorskoe-soprovozhdenie-proektov-elka-2.yml" in result.out


def test_dry_run_says_what_the_real_import_will_refuse(practices, tmp_path):
    """Dates yet to come are the validator's rule: a dry run names the column, as the real run does."""
    future = dict(GOOD, **{"Название": "Практика из будущего", "Дата добавления": "01.01.2090",
                           "Год начала": 2090, "Год окончания": None})
    xlsx = _sheet(tmp_path / "future.xlsx", [GOOD, future])
    dry = run_cli("import", str(xlsx), "--root", str(practices), "--dry-run")
    real = run_cli("import", str(xlsx), "--root", str(practices))
    for result in (dry, real):
        assert "строка 3" in result.out and "«Дата добавления» (added) ещё не наступила" in result.out, result.text
        assert "Дата добавления" in result.out and "год начала 2090 ещё не наступил" in result.out
        assert "Traceback" not in result.text
    assert "можно импортировать: 1" in dry.out or "будет записано" in dry.out
    assert not list((practices / "tutoring").glob("praktika-iz-budushchego*.yml"))


def test_csv_in_cp1251_with_semicolons(practices, tmp_path):
    headers = list(GOOD)
    lines = [";".join(headers), ";".join(f'"{GOOD[h]}"' for h in headers)]
    path = tmp_path / "заявки.csv"
    path.write_bytes("\r\n".join(lines).encode("cp1251"))
    result = run_cli("import", str(path), "--root", str(practices))
    assert result.code == 0, result.text
    assert "Windows-1251" in result.out
    assert _validate(practices).code == 0


def test_sites_kind(practices, tmp_path):
    row = {"Название": "МБОУ «Лицей № 3» города Ёйска", "Кратко": "Площадка по проектной деятельности.",
           "Тип организации": "стажировочная площадка", "Регион": "Краснодарский край"}
    result = run_cli("import", str(_sheet(tmp_path / "s.xlsx", [row])), "--root", str(practices), "--kind", "sites")
    assert result.code == 0, result.text
    assert _validate(practices).code == 0


@pytest.mark.parametrize("name, content, message", [
    ("empty.xlsx", b"", "файл пустой"),
    ("broken.xlsx", b"PK\x03\x04 not really a zip", "не удалось прочитать таблицу Excel"),
    ("garbage.csv", bytes(range(256)) * 8, "не текстовый файл CSV"),
    ("table.ods", b"whatever", "неподдерживаемый тип файла"),
    ("no-title.csv", "Имя;Фамилия\nА;Б\n".encode(), "не найден столбец «Название»"),
])
def test_broken_inputs_give_a_russian_message(practices, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = run_cli("import", str(path), "--root", str(practices))
    assert result.code == 2
    assert message in result.err and "Traceback" not in result.text


def test_missing_file(practices, tmp_path):
    result = run_cli("import", str(tmp_path / "нет.xlsx"), "--root", str(practices))
    assert result.code == 2 and "файл не найден" in result.err


def test_template_round_trip(practices, tmp_path):
    template = tmp_path / "шаблон.xlsx"
    made = run_cli("import-template", "--root", str(practices), "--out", str(template))
    assert made.code == 0, made.text
    book = openpyxl.load_workbook(template)
    assert book.sheetnames == ["Заявки", "Словари", "Справка"]
    sheet = book["Заявки"]
    headers = [c.value for c in sheet[1]]
    assert "Название *" in headers and "Направления *" in headers and "Год начала" in headers
    assert sheet.freeze_panes == "A2"
    help_rows = {r[0].value: r for r in book["Справка"].iter_rows(min_row=2) if r[0].value}
    assert "Одарённые дети" in help_rows["Направления"][3].value
    assert sheet.data_validations.dataValidation  # drop-downs for single-valued terms
    clean = [h.rstrip(" *") for h in headers]
    for key, value in dict(GOOD, **{"Регион": "Краснодарский край"}).items():
        key = {"Результаты": "Ожидаемые результаты"}.get(key, key)  # the template names the field itself
        sheet.cell(row=2, column=clean.index(key) + 1, value=value)
    book.save(template)
    result = run_cli("import", str(template), "--root", str(practices))
    assert result.code == 0, result.text
    assert _validate(practices).code == 0


def test_contributing_documents_every_column():
    from generator.authoring.import_columns import columns

    from tests.conftest import ROOT

    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text[text.index("## Импорт заявок из таблицы"):]
    for col in columns("tutoring"):
        assert col.header in section, col.header
