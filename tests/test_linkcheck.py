"""`practice-bank check-links`: internal links and anchors of a built site."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.authoring.linkcheck import check_site

from tests.conftest import run_cli


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "b").mkdir()
    (site / "index.html").write_text(
        '<a href="a/">A</a> <a href="a/#part">part</a> <a href="https://example.ru/x">ext</a>'
        '<a href="mailto:x@example.ru">m</a> <img src="logo.svg" alt=""> <a href="#top">top</a>'
        '<h1 id="top">T</h1><script>var s = "<a href=\\"missing/\\">";</script>'
        '<a href="/bank/b/">abs</a> <a href="b/?q=тьютор">query</a> <a href="%D1%84/">cyr</a>',
        encoding="utf-8")
    (site / "logo.svg").write_text("<svg/>", encoding="utf-8")
    (site / "a" / "index.html").write_text('<h2 id="part">P</h2><a href="../">home</a>', encoding="utf-8")
    (site / "b" / "index.html").write_text('<a href="../a/#part">ok</a>', encoding="utf-8")
    (site / "ф").mkdir()
    (site / "ф" / "index.html").write_text("<p>кириллица</p>", encoding="utf-8")
    return site


def test_good_site_has_no_broken_links(tmp_path):
    pages, broken = check_site(_site(tmp_path), "/bank/")
    assert pages == 4 and broken == []


def test_broken_page_file_and_anchor_are_reported(tmp_path):
    site = _site(tmp_path)
    (site / "b" / "index.html").write_text(
        '<a href="../nowhere/">x</a> <img src="../missing.png" alt=""> <a href="../a/#gone">y</a>'
        '<a href="#here">z</a> <a href="/other/a/">outside the sub-path</a>', encoding="utf-8")
    _, broken = check_site(site, "/bank/")
    messages = [b.format() for b in broken]
    assert "b/index.html: ссылка «../nowhere/» ведёт на несуществующую страницу или файл" in messages
    assert any("«../missing.png»" in m for m in messages)
    assert "b/index.html: ссылка «../a/#gone» ведёт на раздел «#gone», которого нет на странице a/index.html" in messages
    assert any("«#here»" in m and "на этой странице" in m for m in messages)
    assert any("«/other/a/»" in m for m in messages)
    assert len(broken) == 5


def test_cli_exit_codes_and_russian_messages(tmp_path):
    site = _site(tmp_path)
    ok = run_cli("check-links", str(site), "--base-path", "/bank/")
    assert ok.code == 0 and "Все внутренние ссылки" in ok.out
    (site / "a" / "index.html").write_text('<h2 id="part">P</h2><a href="../zzz/">x</a>', encoding="utf-8")
    bad = run_cli("check-links", str(site), "--base-path", "/bank/")
    assert bad.code == 1 and "«../zzz/»" in bad.out and "Битых ссылок: 1" in bad.out
    missing = run_cli("check-links", str(tmp_path / "nothing"))
    assert missing.code == 2 and "сначала соберите сайт" in missing.err
    assert "Traceback" not in bad.text + missing.text


@pytest.mark.slow
def test_sample_site_has_no_broken_links(sample_site):
    pages, broken = check_site(sample_site, "/bank/")
    assert pages > 100
    assert not broken, [b.format() for b in broken[:20]]
