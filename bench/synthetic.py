"""A synthetic bank of N valid entries (and the plain-MkDocs «floor» of the same size) for benchmarks.

Text comes from the sentences of the real sample entries, reshuffled, so that
search and Markdown see real Russian words; vocabularies, references,
programme modules and cases are all valid. Deterministic for a given N.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PRACTICES = ROOT / "practices"
MIX = {"sites": 0.15, "tutoring": 0.45, "programmes": 0.20, "cases": 0.20}
TEXT_PER_ENTRY = 2500  # characters of authors' text, as in the issue's floor pages


def _sentences() -> list[str]:
    out: list[str] = []

    def walk(value):
        if isinstance(value, str):
            for s in re.split(r"(?<=[.!?])\s+", value.replace("\n", " ")):
                s = s.strip()
                if 40 <= len(s) <= 300 and not re.search(r"[\[\]<>{}|`#*]", s):
                    out.append(s)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)

    for path in sorted(PRACTICES.glob("*/*.yml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return sorted(set(out))


class Writer:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.pool = _sentences()
        vocab = yaml.safe_load((PRACTICES / "vocabulary.yml").read_text(encoding="utf-8"))
        self.terms = {section: list(items) for section, items in vocab.items()}
        self.places = [(m, v["region"]) for m, v in vocab["municipalities"].items()]

    def text(self, chars: int) -> str:
        parts, n = [], 0
        while n < chars:
            s = self.rng.choice(self.pool)
            parts.append(s)
            n += len(s) + 1
        return " ".join(parts)

    def para(self, chars: int) -> str:
        text = self.text(chars)
        words = text.split(" ")
        if len(words) > 60:  # two paragraphs and sometimes a list, like authors write
            mid = len(words) // 2
            text = " ".join(words[:mid]) + "\n\n" + " ".join(words[mid:])
        return text

    def some(self, section: str, lo: int = 1, hi: int = 3) -> list[str]:
        return self.rng.sample(self.terms[section], self.rng.randint(lo, min(hi, len(self.terms[section]))))


SITE_TYPES_TITLES = ["МБОУ СОШ №", "МАОУ гимназия №", "МБОУ лицей №", "МБДОУ детский сад №", "ЦРО №"]


def generate(target: Path, n: int, seed: int = 2026) -> dict[str, int]:
    """Write a whole project (mkdocs.yml, content/, overrides/, practices/) with ``n`` entries."""
    w = Writer(seed)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", target / "overrides")
    shutil.copytree(ROOT / "content", target / "content")
    for md in (target / "content").rglob("*.md"):  # hand-written pages cite sample entries
        md.write_text(re.sub(r"\[\[[^\]]*\]\]", "", md.read_text(encoding="utf-8")), encoding="utf-8")
    practices = target / "practices"
    for kind in MIX:
        (practices / kind).mkdir(parents=True)
    for name in ("vocabulary.yml", "criteria.yml", "settings.yml"):
        if (PRACTICES / name).exists():
            shutil.copy(PRACTICES / name, practices / name)
    counts = {k: max(1, round(n * share)) for k, share in MIX.items()}
    counts["tutoring"] += n - sum(counts.values())
    sites = [f"site-{i}" for i in range(counts["sites"])]
    practices_slugs = [f"practice-{i}" for i in range(counts["tutoring"])]

    def dump(kind: str, slug: str, data: dict) -> None:
        text = f"# yaml-language-server: $schema=../schema/{kind}.schema.json\n" + \
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        (practices / kind / f"{slug}.yml").write_text(text, encoding="utf-8")

    for i, slug in enumerate(sites):
        municipality, region = w.rng.choice(w.places)
        dump("sites", slug, {
            "title": f"{w.rng.choice(SITE_TYPES_TITLES)} {i + 1}", "summary": w.text(300), "added": "2024-01-10",
            "type": w.rng.choice(w.terms["site_types"]), "region": region, "municipality": municipality,
            "address": f"ул. Школьная, {i % 90 + 1}"})
    for i, slug in enumerate(practices_slugs):
        start = w.rng.randint(2012, 2022)
        dump("tutoring", slug, {
            "title": f"Тьюторская практика {i + 1}: {w.text(40).split('.')[0][:80]}",
            "summary": w.text(250), "added": f"20{w.rng.randint(20, 25)}-0{w.rng.randint(1, 9)}-1{w.rng.randint(0, 9)}",
            "reviewed": "2026-01-15",
            "authors": [{"name": f"Автор {i}-{k}", "position": "тьютор"} for k in range(w.rng.randint(1, 3))],
            "organization": w.rng.choice(sites),
            "years": {"start": start, "end": start + w.rng.randint(1, 4)},
            "directions": w.some("directions"), "audience": w.some("audiences"), "levels": w.some("levels"),
            "competences": w.some("competences", 0, 2), "forms": w.some("forms", 1, 4),
            "problem": w.para(450), "goal": w.text(150),
            "tasks": [w.text(80) for _ in range(4)],
            "stages": [{"period": f"{start + k}–{start + k + 1}", "content": w.text(150)} for k in range(3)],
            "resources": w.text(150),
            "sources": [{"type": "report", "title": f"Отчёт о реализации практики {i + 1}", "year": start + 1}],
            "results": [w.text(100) for _ in range(2)], "expected_results": [w.text(100)],
            "transfer": w.text(250)})
    for i in range(counts["programmes"]):
        hours = [w.rng.randint(2, 12) for _ in range(w.rng.randint(3, 6))]
        dump("programmes", f"programme-{i}", {
            "title": f"Программа стажировки {i + 1}", "summary": w.text(250), "added": "2024-03-01",
            "site": w.rng.choice(sites), "topic": w.para(400), "competences": w.some("competences"),
            "audience": w.some("audiences"), "format": w.rng.choice(w.terms["route_formats"]),
            "modules": [{"title": f"Модуль {k + 1}. {w.text(30).split('.')[0][:60]}", "hours": h,
                         "form": w.rng.choice(w.terms["forms"]), "content": w.text(150)}
                        for k, h in enumerate(hours)],
            "total_hours": sum(hours),
            "mentors": [{"name": f"Наставник {i}", "position": "учитель"}],
            "expected_results": [w.text(120) for _ in range(3)]})
    for i in range(counts["cases"]):
        dump("cases", f"case-{i}", {
            "title": f"Кейс {i + 1}: {w.text(40).split('.')[0][:80]}", "summary": w.text(200), "added": "2024-04-01",
            "practice": w.rng.choice(practices_slugs), "tutee": w.rng.choice(w.terms["tutee_types"]),
            "situation": w.para(500), "problem": w.text(300), "actions": w.para(500), "outcome": w.text(300),
            "questions": [w.text(80) for _ in range(3)]})
    # one collection, as selective as a real one (a few dozen entries at 10,000), never empty
    first = yaml.safe_load((practices / "tutoring" / "practice-0.yml").read_text(encoding="utf-8"))
    org = yaml.safe_load((practices / "sites" / f"{first['organization']}.yml").read_text(encoding="utf-8"))
    (practices / "collections.yml").write_text(yaml.safe_dump({"collections": [{
        "slug": "benchmark-collection", "title": "Сборник для бенчмарка", "intro": "Практики одного муниципалитета.",
        "filter": {"kinds": ["tutoring"], "directions": first["directions"][:1],
                   "municipalities": [org["municipality"]], "year_from": first["years"]["start"],
                   "year_to": first["years"]["start"]}}]},
        allow_unicode=True, sort_keys=False), encoding="utf-8")
    return counts


def generate_floor(target: Path, bank_project: Path) -> int:
    """Plain MkDocs + Material: one hand-written page per entry with the same text, out of the nav."""
    if target.exists():
        shutil.rmtree(target)
    docs = target / "docs"
    docs.mkdir(parents=True)
    count = 0
    for path in sorted((bank_project / "practices").glob("*/*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        lines = [f"# {data['title']}", "", str(data.get("summary", "")), ""]
        for key, value in data.items():
            if key in ("title", "summary"):
                continue
            if isinstance(value, str) and len(value) > 60:
                lines += [f"## {key}", "", value, ""]
            elif isinstance(value, list):
                texts = [v if isinstance(v, str) else " ".join(str(x) for x in v.values()) if isinstance(v, dict)
                         else str(v) for v in value]
                lines += [f"## {key}", ""] + [f"- {t}" for t in texts] + [""]
        (docs / path.parent.name).mkdir(exist_ok=True)
        (docs / path.parent.name / f"{path.stem}.md").write_text("\n".join(lines), encoding="utf-8")
        count += 1
    (docs / "index.md").write_text("# Банк практик\n\nГлавная страница.\n", encoding="utf-8")
    config = yaml.safe_load(re.sub(r"!!python/\S+", "", re.sub(r"!ENV \[\w+, (\"[^\"]*\"|\w+)\]", r"\1",
                                                                  (ROOT / "mkdocs.yml").read_text(encoding="utf-8"))))
    floor = {
        "site_name": config["site_name"], "site_url": "https://institute.example/bank/", "docs_dir": "docs",
        "theme": {"name": "material", "language": "ru", "font": False,
                  "features": config["theme"].get("features", [])},
        "nav": [{"Главная": "index.md"}],
        "not_in_nav": "/*/*.md\n",
        "plugins": [],
        "markdown_extensions": [e for e in config["markdown_extensions"]
                                if not (isinstance(e, dict) and ("toc" in e or "pymdownx.emoji" in e))] + ["toc"],
    }
    (target / "mkdocs.yml").write_text(yaml.safe_dump(floor, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return count


if __name__ == "__main__":  # pragma: no cover
    import sys

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f"/tmp/bank-{n}")
    print(generate(out, n), out)
