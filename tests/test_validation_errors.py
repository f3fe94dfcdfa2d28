"""Each class of author mistake is reported at the right file and line, in Russian."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.minibank import FILES, make_minibank

LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$", re.M)


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    return make_minibank(tmp_path)


def validate(cli, practices: Path):
    result = cli("validate", "--root", str(practices))
    problems = [m.groupdict() for m in LINE.finditer(result.out)]
    return result, problems


def write(practices: Path, rel: str, text: str) -> None:
    (practices / rel).write_text(text, encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    for n, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


def only_problem(cli, practices: Path, rel: str) -> dict:
    result, problems = validate(cli, practices)
    assert result.code == 1, result.text
    assert "Traceback" not in result.text
    assert problems, result.text
    assert all(p["path"] == f"practices/{rel}" for p in problems), result.text
    assert "Найдено" in result.out
    return problems[0]


def test_minibank_is_valid(cli, mini):
    result, problems = validate(cli, mini)
    assert result.code == 0, result.text
    assert problems == []
    assert "Проверено: 4 записи. Ошибок нет." in result.out


def test_yaml_syntax_error_points_at_line(cli, mini):
    rel = "tutoring/gifted-practice.yml"
    text = FILES[rel].replace("goal: Создать", "goal: Цель: создать")
    write(mini, rel, text)
    p = only_problem(cli, mini, rel)
    assert int(p["line"]) == line_of(text, "goal:")
    assert "кавычки" in p["msg"]


def test_duplicate_key(cli, mini):
    rel = "sites/test-school.yml"
    text = FILES[rel] + "title: Ещё одно название\n"
    write(mini, rel, text)
    p = only_problem(cli, mini, rel)
    assert int(p["line"]) == len(text.splitlines())
    assert "«title» повторяется" in p["msg"] and "строке 2" in p["msg"]


def test_missing_required_field(cli, mini):
    rel = "cases/olympiad-choice.yml"
    text = FILES[rel].replace("outcome: Ученик выбрал олимпиаду и начал готовиться.\n", "")
    write(mini, rel, text)
    p = only_problem(cli, mini, rel)
    assert "нет обязательного поля «outcome» (Результат)" in p["msg"]


def test_missing_nested_field_points_at_parent(cli, mini):
    rel = "tutoring/gifted-practice.yml"
    text = FILES[rel].replace("  - name: Иванова Анна Петровна\n    position: тьютор",
                              "  - position: тьютор")
    write(mini, rel, text)
    p = only_problem(cli, mini, rel)
    assert int(p["line"]) == line_of(text, "- position: тьютор")
    assert "«name»" in p["msg"]


def test_wrong_type_number_for_text(cli, mini):
    rel = "sites/test-school.yml"
    text = FILES[rel].replace("summary: Тестовая организация.", "summary: 2021")
    write(mini, rel, text)
    p = only_problem(cli, mini, rel)
    assert int(p["line"]) == line_of(text, "summary:")
    assert "ожидается текст" in p["msg"] and "кавычки" in p["msg"]


def test_no_yes_stay_text_and_are_not_booleans(cli, mini):
    rel = "sites/test-school.yml"
    text = FILES[rel].replace("summary: Тестовая организация.", "summary: no")
    write(mini, rel, text)
    result, problems = validate(cli, mini)
    assert result.code == 0, result.text  # «no» is just the text "no"


def test_text_where_number_expected(cli, mini):
    rel = "programmes/young-teachers.yml"
    text = FILES[rel].replace("hours: 8", "hours: восемь")
    write(mini, rel, text)
    p = only_problem(cli, mini, rel)
    assert int(p["line"]) == line_of(text, "hours: восемь")
    assert "целое число" in p["msg"]


def test_unknown_field_with_suggestion(cli, mini):
    rel = "tutoring/gifted-practice.yml"
    text = FILES[rel].replace("goal:", "goals:")
    write(mini, rel, text)
    result, problems = validate(cli, mini)
    msgs = [p for p in problems if "неизвестное поле" in p["msg"]]
    assert msgs and "«goals»" in msgs[0]["msg"] and "«goal»" in msgs[0]["msg"]
    assert int(msgs[0]["line"]) == line_of(text, "goals:")


def test_vocabulary_typo_suggests_closest_term(cli, mini):
    rel = "tutoring/gifted-practice.yml"
    text = FILES[rel].replace("  - gifted-children", "  - gifted-childen")
    write(mini, rel, text)
    p = only_problem(cli, mini, rel)
    assert int(p["line"]) == line_of(text, "gifted-childen")
    assert "нет в словаре «directions»" in p["msg"] and "gifted-children" in p["msg"]


def test_vocabulary_russian_label_suggests_term_id(cli, mini):
    rel = "tutoring/gifted-practice.yml"
    text = FILES[rel].replace("  - gifted-children", "  - Одаренные дети")
    write(mini, rel, text)
    p = only_problem(cli, mini, rel)
    assert "gifted-children" in p["msg"]


def test_unresolved_reference(cli, mini):
    rel = "cases/olympiad-choice.yml"
    text = FILES[rel].replace("practice: gifted-practice", "practice: gifted-practise")
    write(mini, rel, text)
    p = only_problem(cli, mini, rel)
    assert int(p["line"]) == line_of(text, "practice:")
    assert "не найдена" in p["msg"] and "gifted-practice" in p["msg"]


def test_reference_to_wrong_kind(cli, mini):
    rel = "cases/olympiad-choice.yml"
    text = FILES[rel].replace("practice: gifted-practice", "practice: test-school")
    write(mini, rel, text)
    p = only_problem(cli, mini, rel)
    assert "practices/tutoring/" in p["msg"]


@pytest.mark.parametrize("name, reason", [
    ("Школа", "написано кириллицей; имя файла — адрес страницы"),
    ("Моя_Школа", "например «moia-shkola»"),
    ("shkolа-1", "кириллическая буква «а» (похожа на латинскую)"),  # Cyrillic «а» looking like Latin
    ("My-School", "заглавные"),
    ("My School", "без пробелов и подчёркиваний, не начинается и не кончается дефисом; например «my-school»"),
    ("my_school", "недопустимо: только строчные латинские буквы, цифры и одиночные дефисы, без пробелов и "
                  "подчёркиваний, не начинается и не кончается дефисом; например «my-school»"),
    ("index", "зарезервировано"),
    ("-school", "недопустимо"),
])
def test_bad_slugs(cli, mini, name, reason):
    rel = f"sites/{name}.yml"
    write(mini, rel, FILES["sites/test-school.yml"].replace("Школа для проверки", "Другая школа"))
    result, problems = validate(cli, mini)
    assert result.code == 1
    assert any(p["path"] == f"practices/{rel}" and reason in p["msg"] for p in problems), result.text


def test_stray_files_in_kind_folders(cli, mini):
    """Names that differ only in case, a .yaml and a folder: each named, with what to do."""
    write(mini, "sites/Test-School.yml", FILES["sites/test-school.yml"].replace("Школа для проверки", "Ещё школа"))
    write(mini, "sites/other-school.yaml", FILES["sites/test-school.yml"])
    (mini / "sites" / "old").mkdir()
    result, problems = validate(cli, mini)
    assert result.code == 1 and "Traceback" not in result.text
    by_path = {p["path"]: p["msg"] for p in problems}
    assert "только регистром букв" in by_path["practices/sites/test-school.yml"], result.text  # sorted: «T» < «t»
    assert "«Test-School»" in by_path["practices/sites/test-school.yml"]
    assert "переименуйте в .yml" in by_path["practices/sites/other-school.yaml"]
    assert "вложенные папки" in by_path["practices/sites/old"]


def test_duplicate_titles(cli, mini):
    rel = "sites/second-school.yml"
    text = FILES["sites/test-school.yml"].replace("Школа для проверки", "школа для  проверки")
    write(mini, rel, text)
    result, problems = validate(cli, mini)
    assert result.code == 1 and len(problems) == 1, result.text
    p = problems[0]
    other = ({"practices/sites/test-school.yml", "practices/sites/second-school.yml"} - {p["path"]}).pop()
    assert "такое же название" in p["msg"] and f"{other}:2" in p["msg"]
    assert int(p["line"]) == 2


def test_module_hours_must_sum_to_total(cli, mini):
    rel = "programmes/young-teachers.yml"
    text = FILES[rel].replace("total_hours: 12", "total_hours: 14")
    write(mini, rel, text)
    p = only_problem(cli, mini, rel)
    assert "14" in p["msg"] and "12" in p["msg"]


@pytest.mark.parametrize("value, needle", [
    ("2021-13-45", "неверная дата"),
    ("2099-01-01", "дата 2099-01-01 в поле «Дата добавления» (added) ещё не наступила"),
    ("вчера", "неверная дата"),
])
def test_bad_dates(cli, mini, value, needle):
    rel = "sites/test-school.yml"
    text = FILES[rel].replace("added: 2024-01-10", f"added: {value}")
    write(mini, rel, text)
    p = only_problem(cli, mini, rel)
    assert int(p["line"]) == line_of(text, "added:")
    assert needle in p["msg"]


def test_years_in_wrong_order(cli, mini):
    rel = "tutoring/gifted-practice.yml"
    text = FILES[rel].replace("end: 2021", "end: 2015")
    write(mini, rel, text)
    p = only_problem(cli, mini, rel)
    assert "раньше года начала" in p["msg"]


def test_raw_html_in_markdown_rejected(cli, mini):
    rel = "tutoring/gifted-practice.yml"
    text = FILES[rel].replace("goal: Создать", "goal: <b>Создать</b>")
    write(mini, rel, text)
    p = only_problem(cli, mini, rel)
    assert int(p["line"]) == line_of(text, "goal:")
    assert "HTML" in p["msg"]


def test_all_problems_reported_in_one_run(cli, mini):
    write(mini, "sites/test-school.yml", FILES["sites/test-school.yml"].replace("type: staging-site",
                                                                                 "type: stazhirovka"))
    write(mini, "cases/olympiad-choice.yml", FILES["cases/olympiad-choice.yml"].replace(
        "tutee: gifted-pupil", "tutee: 5"))
    write(mini, "programmes/young-teachers.yml", "title: [unclosed\n")
    result, problems = validate(cli, mini)
    paths = {p["path"] for p in problems}
    assert paths == {"practices/sites/test-school.yml", "practices/cases/olympiad-choice.yml",
                     "practices/programmes/young-teachers.yml"}, result.text
    assert "3 ошибки" in result.out or "ошибок" in result.out


def test_validate_single_file_reports_only_that_file(cli, mini):
    write(mini, "sites/test-school.yml", FILES["sites/test-school.yml"].replace("type: staging-site",
                                                                                 "type: stazhirovka"))
    result = cli("validate", str(mini / "cases/olympiad-choice.yml"), "--root", str(mini))
    assert result.code == 0, result.text
    result = cli("validate", str(mini / "sites/test-school.yml"), "--root", str(mini))
    assert result.code == 1 and "stazhirovka" in result.out


def test_github_annotation_format(cli, mini):
    write(mini, "sites/test-school.yml", FILES["sites/test-school.yml"].replace("type: staging-site",
                                                                                 "type: stazhirovka"))
    result = cli("validate", "--root", str(mini), "--format", "github")
    assert result.code == 1
    assert re.search(r"^::error file=practices/sites/test-school\.yml,line=5,col=7::«stazhirovka» нет в словаре",
                     result.out, re.M), result.out


GOAL = "goal: Создать условия для индивидуальных образовательных программ."
TITLE = "title: Тьюторское сопровождение одарённых детей"


@pytest.mark.parametrize("replace, needle, words", [
    # rules between two fields point at the one to fix
    (("reviewed: 2024-02-01", "reviewed: 2023-12-01"), "reviewed:",
     "раньше даты добавления (2024-01-10); запись проверяют после того, как добавили: исправьте одну из дат"),
    ((GOAL, "goal: |\n  ...\n"), "goal:", "поле «Цель»: в поле осталась заготовка «...» из шаблона"),
    ((TITLE, 'title: ""'), "title:", "пустой текст; заполните поле — оно обязательное"),
    ((GOAL, "goal: '[ссылка](https://x.ru){: onclick=a} Создать условия.'"), "goal:",
     "фигурные скобки с атрибутами (найдено «{:») в тексте не допускаются"),
    (("added: 2024-01-10", "added: 2024-01-10\nstatus: опубликована"), "status:",
     "допустимые значения — «draft» или «published», а указано «опубликована»"),
    # a line of a «|» text that lost its indentation: the message points at that line, not the next key
    ((GOAL, "goal: |\nСоздать условия для индивидуальных образовательных программ."), "Создать условия",
     "сдвиньте строку пробелами"),
    # quotes inside a quoted value
    ((TITLE, 'title: "Тьюторское "сопровождение" детей"'), "title:", "после закрывающей кавычки"),
    # the bank holds what has been done: a start in the future is a slip
    (("  start: 2019\n  end: 2021", "  start: 2090"), "start:", "год начала 2090 ещё не наступил"),
    # a one-line field is rendered as Markdown too: its links are checked like any text's
    (("position: тьютор", "position: '[сайт](javascript:alert(1))'"), "position:",
     "ссылка «javascript:alert(1)» не разрешена"),
])
def test_messages_say_where_and_what_to_do_in_russian(cli, mini, replace, needle, words):
    rel = "tutoring/gifted-practice.yml"
    text = FILES[rel].replace(*replace, 1)
    assert text != FILES[rel]
    write(mini, rel, text)
    p = only_problem(cli, mini, rel)
    assert int(p["line"]) == line_of(text, needle) and words in p["msg"], p
    assert "{{" not in p["msg"] and " or " not in p["msg"]
