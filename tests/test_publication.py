"""Publication settings in one place (practices/settings.yml «publication»): a build for
publishing refuses the sample's placeholders and names each one; with real settings no page,
data file or booklet holds the sample's address; a GitLab repository gives GitLab links, and
`validate --format gitlab` writes a Code Quality report GitLab accepts."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from generator.model.publication import placeholders
from generator.validate.bank import load_bank
from tests.conftest import PRACTICES, ROOT, run_cli
from tests.minibank import make_minibank
from tests.sitebuild import mkdocs_build

REAL = """\
publication:
  institute: ГБОУ ИРО Краснодарского края
  site_url: https://bank.iro23.ru/praktiki/
  repository_url: {repo}
  {kind}
  branch: main
  editors_email: bank@iro23.ru
  operator:
    name: ГБОУ ИРО Краснодарского края
    address: 350080, г. Краснодар, ул. Сормовская, д. 167
    email: pd@iro23.ru
  licence: CC BY 4.0
"""

# The Code Quality report as GitLab documents it (docs «Code Quality»: implement a custom tool).
CODE_QUALITY_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {"type": "object", "required": ["path", "lines"],
                         "properties": {"path": {"type": "string"},
                                        "lines": {"type": "object", "required": ["begin"],
                                                  "properties": {"begin": {"type": "integer", "minimum": 1}}}}},
        },
    },
}


def _settings(practices: Path, repo: str = "https://github.com/iro23/practice-bank", kind: str = "") -> None:
    text = (PRACTICES / "settings.yml").read_text(encoding="utf-8")
    text = text[:text.index("publication:")] + REAL.format(repo=repo, kind=kind or "# вид — по адресу")
    (practices / "settings.yml").write_text(text, encoding="utf-8")


def test_the_sample_names_each_placeholder():
    bank, problems = load_bank(PRACTICES)
    assert problems.errors == [] and bank.publication is not None
    found = placeholders(bank.publication)
    for key in ("site_url", "repository_url", "editors_email", "operator.email", "institute", "operator.name",
                "operator.address"):
        assert any(f.startswith(key + " (") for f in found), (key, found)


def test_real_settings_have_no_placeholder_and_a_wrong_value_is_reported_on_its_line(tmp_path):
    practices = make_minibank(tmp_path)
    shutil.copy(PRACTICES / "settings.yml", practices / "settings.yml")
    _settings(practices)
    bank, problems = load_bank(practices)
    assert problems.errors == [] and placeholders(bank.publication) == []
    assert bank.publication.kind == "github"
    text = (practices / "settings.yml").read_text(encoding="utf-8").replace("bank@iro23.ru", "не почта")
    (practices / "settings.yml").write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("  editors_email"))
    _, problems = load_bank(practices)
    assert [p.line for p in problems.errors] == [line] and "practices/settings.yml" in problems.errors[0].path


def test_gitlab_code_quality_report_follows_the_documented_schema(tmp_path):
    practices = make_minibank(tmp_path)
    broken = practices / "tutoring" / "gifted-practice.yml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("directions:\n  - gifted-children",
                                                                  "directions:\n  - giftd-children"), encoding="utf-8")
    result = run_cli("validate", "--root", str(practices), "--format", "gitlab")
    assert result.code == 1
    report = json.loads(result.out)
    jsonschema.validate(report, CODE_QUALITY_SCHEMA)
    assert len(report) == 1 and report[0]["location"]["path"] == "practices/tutoring/gifted-practice.yml"
    line = next(n for n, t in enumerate(broken.read_text(encoding="utf-8").splitlines(), 1) if "giftd" in t)
    assert report[0]["location"]["lines"]["begin"] == line and "giftd-children" in report[0]["description"]
    again = json.loads(run_cli("validate", "--root", str(practices), "--format", "gitlab").out)
    assert again[0]["fingerprint"] == report[0]["fingerprint"]  # the same problem, the same print
    assert json.loads(run_cli("validate", "--root", str(make_minibank(tmp_path / "ok")), "--format", "gitlab").out) == []


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "p"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("content", "overrides", "practices"):
        shutil.copytree(ROOT / folder, project / folder, ignore=shutil.ignore_patterns("materials"))
    if (ROOT / "practices" / "materials").exists():
        shutil.copytree(ROOT / "practices" / "materials", project / "practices" / "materials")
    return project


@pytest.mark.slow
def test_build_for_publishing_refuses_placeholders_and_names_them(tmp_path):
    project = _project(tmp_path)
    result = mkdocs_build(project, tmp_path / "site", env={"BANK_PUBLISH": "1", "BANK_PDF": "0"})
    assert result.returncode != 0
    for key in ("site_url (https://institute.example/bank/)", "editors_email (bank@institute.example)",
                "operator.address (заполните почтовый адрес оператора)"):
        assert key in result.stderr, result.stderr[-2000:]
    # a local build only warns, once
    result = mkdocs_build(project, tmp_path / "local", env={"BANK_PDF": "0"})
    assert result.returncode == 0 and result.stderr.count("остались образцы настроек публикации") == 1


@pytest.mark.slow
def test_real_settings_leave_no_sample_address_anywhere(tmp_path):
    project = _project(tmp_path)
    _settings(project / "practices")
    site = tmp_path / "site"
    result = mkdocs_build(project, site, env={"BANK_PUBLISH": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    leaks = [p for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".json", ".csv", ".txt")
             and re.search(r"institute[.-]example", p.read_text(encoding="utf-8", errors="replace"))]
    assert leaks == []
    page = (site / "tutoring" / "mostovsky-tutor-community" / "index.html").read_text(encoding="utf-8")
    assert 'rel="canonical" href="https://bank.iro23.ru/praktiki/tutoring/mostovsky-tutor-community/"' in page
    assert "https://github.com/iro23/practice-bank/edit/main/practices/tutoring/mostovsky-tutor-community.yml" in page
    from pypdf import PdfReader

    pdfs = list(site.rglob("*.pdf"))
    assert pdfs
    for pdf in pdfs[:4]:
        text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
        assert "institute.example" not in text and "bank.iro23.ru/praktiki/" in text.replace("\n", "")
    submit = (site / "submit" / "index.html").read_text(encoding="utf-8")
    assert 'href="mailto:bank@iro23.ru"' in submit


@pytest.mark.slow
def test_gitlab_repository_gives_gitlab_links(tmp_path):
    project = _project(tmp_path)
    _settings(project / "practices", repo="https://git.iro23.ru/metod/practice-bank", kind="repository_kind: gitlab")
    site = tmp_path / "site"
    result = mkdocs_build(project, site, env={"BANK_PDF": "0"})
    assert result.returncode == 0, result.stderr[-3000:]
    page = (site / "tutoring" / "mostovsky-tutor-community" / "index.html").read_text(encoding="utf-8")
    assert "https://git.iro23.ru/metod/practice-bank/-/edit/main/practices/tutoring/mostovsky-tutor-community.yml" in page
    assert "github.com" not in page
    spec = (site / "submit" / "index.html").read_text(encoding="utf-8")
    assert "https://git.iro23.ru/metod/practice-bank/-/new/main/practices/" in spec and "Открыть на GitLab" in spec


def test_licence_on_pages_booklets_feed_and_the_data_passport(tmp_path):
    import csv
    import io
    import xml.etree.ElementTree as ET

    from generator.bank.columns import all_columns
    from generator.outputs.booklets import booklet_html
    from generator.outputs.data import atom_feed, passport, to_csv
    from generator.render.pages import build_pages

    practices = make_minibank(tmp_path)
    shutil.copy(PRACTICES / "settings.yml", practices / "settings.yml")
    _settings(practices)
    entry = practices / "programmes" / "young-teachers.yml"
    entry.write_text(entry.read_text(encoding="utf-8") + "licence: CC BY-SA 4.0\n", encoding="utf-8")
    bank, problems = load_bank(practices)
    assert problems.errors == []
    pages = {p.src_uri: p.markdown() for p in build_pages(bank)}
    assert "Лицензия</dt><dd>CC BY 4.0" in pages["tutoring/gifted-practice.md"]  # the bank's default
    assert "Лицензия</dt><dd>CC BY-SA 4.0" in pages["programmes/young-teachers.md"]  # the entry's own
    html = booklet_html(bank, bank.get("young-teachers"), "https://bank.iro23.ru/praktiki/")
    assert "Лицензия: CC BY-SA 4.0" in html
    import weasyprint
    from pypdf import PdfReader

    pdf = weasyprint.HTML(string=html).write_pdf()
    assert PdfReader(io.BytesIO(pdf)).metadata["/Keywords"] == "Лицензия: CC BY-SA 4.0"  # in the PDF's metadata
    feed = ET.fromstring(atom_feed(bank, "https://bank.iro23.ru/praktiki/", "Банк"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.find("a:rights", ns).text == "CC BY 4.0"
    rights = {e.find("a:title", ns).text: e.find("a:rights", ns).text for e in feed.findall("a:entry", ns)}
    assert rights["Программа для молодых педагогов"] == "CC BY-SA 4.0"
    files = passport(bank, "https://bank.iro23.ru/praktiki/")
    meta = dict(csv.reader(io.StringIO(files["data/meta.csv"].decode("utf-8"))))
    assert meta["license"] == "CC BY 4.0" and meta["creator"] == "ГБОУ ИРО Краснодарского края"
    assert meta["data"] == "https://bank.iro23.ru/praktiki/data/bank.csv" and meta["standardversion"].endswith("/3.0")
    structure = list(csv.reader(io.StringIO(files["data/structure.csv"].decode("utf-8"))))
    assert structure[0] == ["field name", "english description", "russian description", "format"]
    headers = next(csv.reader(io.StringIO(to_csv(bank).decode("utf-8-sig"))))
    assert [row[2].split(":")[0] for row in structure[1:]] == headers == [c.header for c in all_columns(bank)]
