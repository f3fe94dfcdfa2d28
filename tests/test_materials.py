"""Files referenced by entries stay inside practices/materials/ and are safe to publish."""

from __future__ import annotations

import re
import shutil

import pytest

from tests.conftest import ROOT, run_cli
from tests.minibank import make_minibank
from tests.sitebuild import mkdocs_build, page


def _bank(tmp_path, materials_yaml: str):
    project = tmp_path / "p"
    project.mkdir()
    practices = make_minibank(project)
    mats = practices / "materials" / "gifted"
    mats.mkdir(parents=True)
    (mats / "plan.pdf").write_bytes(b"%PDF-1.4\n% plan\n")
    (mats / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    (mats / "folder").mkdir()
    entry = practices / "tutoring" / "gifted-practice.yml"
    entry.write_text(entry.read_text(encoding="utf-8") + materials_yaml, encoding="utf-8")
    return project, practices


def _line_of(practices, needle: str) -> int:
    lines = (practices / "tutoring" / "gifted-practice.yml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


GOOD = """materials:
  - title: План работы
    file: gifted/plan.pdf
  - title: Фото занятия
    file: gifted/photo.png
    alt: Ученики работают в группах с тьютором
"""


@pytest.mark.slow
def test_good_materials_validate_and_are_published(tmp_path):
    project, practices = _bank(tmp_path, GOOD)
    assert run_cli("validate", "--root", str(practices)).code == 0
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    for md in (project / "content").rglob("*.md"):
        md.write_text(re.sub(r"\[\[[^\]]*\]\]", "", md.read_text(encoding="utf-8")), encoding="utf-8")
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(b"%PDF secret")
    (practices / "materials" / "leak.pdf").symlink_to(outside)  # never copied, even unreferenced
    (practices / "materials" / "script.svg").write_text("<svg onload='alert(1)'/>", encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site, env={"BANK_PDF": "0", "BANK_PRIVACY": "false", "BANK_NO_SEARCH": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    assert (site / "materials" / "gifted" / "plan.pdf").read_bytes().startswith(b"%PDF")
    assert not (site / "materials" / "leak.pdf").exists()
    assert not (site / "materials" / "script.svg").exists()
    html = page(site, "tutoring/gifted-practice")
    img = html.select_one("article img[src$='materials/gifted/photo.png']")
    assert img is not None and img["alt"] == "Ученики работают в группах с тьютором"
    assert html.select_one("article a[href$='materials/gifted/plan.pdf']").get_text() == "План работы"


@pytest.mark.parametrize("path, needle", [
    ("../../mkdocs.yml", "выходит за папку материалов"),
    ("gifted/../../../etc/passwd.pdf", "выходит за папку материалов"),
    ("/etc/passwd.pdf", "абсолютный путь"),
    ("C:/Windows/plan.pdf", "похоже на адрес"),
    ("gifted\\\\plan.pdf", "обратная косая черта"),
    ("https://evil.example/x.pdf", "похоже на адрес"),
    ("//evil.example/x.pdf", "похоже на адрес"),
    ("javascript:alert(1).pdf", "похоже на адрес"),
    ("gifted/missing.pdf", "нет; добавьте его"),
    ("gifted/folder", "тип файла"),
    ("gifted/tool.exe", "тип файла «.exe» не разрешён"),
    ("gifted/drawing.svg", "тип файла «.svg» не разрешён"),
    ("materials/gifted/plan.pdf", "без «materials/»"),
    ("gifted/./plan.pdf", "выходит за папку"),
])
def test_bad_paths_are_rejected_on_their_line(tmp_path, path, needle):
    project, practices = _bank(tmp_path, f"materials:\n  - title: Файл\n    file: \"{path}\"\n")
    result = run_cli("validate", "--root", str(practices))
    assert result.code == 1
    line = _line_of(practices, "file:")
    assert f"practices/tutoring/gifted-practice.yml:{line}:" in result.out and needle in result.out, result.out
    assert "Traceback" not in result.text


def test_symlink_out_of_the_folder_and_directories(tmp_path):
    project, practices = _bank(tmp_path, "materials:\n  - title: Файл\n    file: gifted/link.pdf\n"
                                         "  - title: Папка\n    file: gifted/dir.pdf\n")
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(b"%PDF")
    (practices / "materials" / "gifted" / "link.pdf").symlink_to(outside)
    (practices / "materials" / "gifted" / "dir.pdf").mkdir()
    result = run_cli("validate", "--root", str(practices))
    assert "ссылка (symlink) за пределы папки материалов" in result.out
    assert "папка, а нужен файл" in result.out


def test_image_needs_alt_and_size_limit_comes_from_settings(tmp_path):
    project, practices = _bank(tmp_path, "materials:\n  - title: Фото\n    file: gifted/photo.png\n"
                                         "  - title: План\n    file: gifted/plan.pdf\n")
    (practices / "materials" / "gifted" / "plan.pdf").write_bytes(b"%PDF" + b"0" * (2 * 1024 * 1024))
    (practices / "settings.yml").write_text("materials:\n  allowed_types: [pdf, png]\n  max_size_mb: 1\n",
                                            encoding="utf-8")
    result = run_cli("validate", "--root", str(practices))
    assert result.code == 1
    assert "у картинки нет описания: добавьте поле alt" in result.out
    assert "файл слишком большой (2.0 МБ, допустимо 1 МБ)" in result.out


def test_settings_refuse_active_types(tmp_path):
    project, practices = _bank(tmp_path, "")
    (practices / "settings.yml").write_text("materials:\n  allowed_types: [pdf, svg]\n  extra: 1\n",
                                            encoding="utf-8")
    result = run_cli("validate", "--root", str(practices))
    assert result.code == 1
    assert "practices/settings.yml:2:" in result.out and "svg и html могут содержать скрипты" in result.out
    assert "practices/settings.yml:3:3: неизвестное поле «extra»" in result.out


def test_indicator_source_file_is_checked_too(tmp_path):
    project, practices = _bank(tmp_path, "indicators:\n  - type: output\n    name: Участники\n    value: 10\n    unit: человек\n"
                                         "    source: Отчёт\n    source_file: ../secret.pdf\n")
    result = run_cli("validate", "--root", str(practices))
    assert result.code == 1 and "выходит за папку материалов" in result.out
