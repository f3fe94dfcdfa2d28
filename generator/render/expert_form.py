"""«Экспертная оценка»: the expert's form, described from the same models, criteria and registry
as the validator (`validate.assessments`).

`expert_spec(bank)` gathers what the page needs: the experts of ``practices/experts.yml``, the
published practices and programmes with what the conflict-of-interest rule looks at, every
criterion of ``practices/criteria.yml`` with its scale, which scores need a justification, the
text limits of the `Assessment` model and the validator's text rules. The theme template
(``overrides/expert.html``) draws the form from it and the browser script
(``expert.js``) checks the answers by the same rules and writes the assessment file, so the form
cannot drift from what `practice-bank validate` accepts. Nothing is sent anywhere.
"""

from __future__ import annotations

import json
from typing import Any

from generator.bank.benchmarking import network_of, people_keys, person_key
from generator.bank.core import Bank
from generator.model.assessments import ASSESSMENTS_DIR, Assessment
from generator.model.entries import BENCHMARKED_KINDS, KINDS, PLACEHOLDERS, SLUG_PATTERN, TEXT_PATTERNS
from generator.render.benchmarking import GUIDE_SRC  # «Экспертам банка»: the registry, the procedure
from generator.render.page import GeneratedPage, Linker, SiteOptions, env
from generator.render.submit_form import _js_class
from generator.urls import page_url


def _string_field(schema: dict[str, Any], name: str) -> dict[str, Any]:
    """Title, description and the length limits pydantic enforces on a text field (an optional
    one is ``anyOf: [string, null]``): the JSON Schema of the model, as the validator applies it."""
    node = schema["properties"][name]
    inner = next((o for o in node.get("anyOf", [node]) if o.get("type") == "string"), node)
    return {"label": node.get("title") or name, "hint": node.get("description") or "",
            "required": name in schema.get("required", []),
            "min_length": inner.get("minLength", 0), "max_length": inner.get("maxLength")}


def _fields() -> dict[str, dict[str, Any]]:
    schema = Assessment.model_json_schema(ref_template="#/$defs/{model}", mode="validation")
    score = schema["$defs"]["Score"]
    props = schema["properties"]
    return {
        "expert": {"label": props["expert"]["title"], "hint": "Выберите себя из реестра экспертов банка."},
        "entry": {"label": "Практика или программа",
                  "hint": "Оценивать можно опубликованные практики и программы банка."},
        "date": {"label": props["date"]["title"],
                 "hint": "День, когда вы закончили оценку; не позже сегодняшнего."},
        "justification": _string_field(score, "justification"),
        "conclusion": _string_field(schema, "conclusion"),
    }


def _criteria(bank: Bank) -> list[dict[str, Any]]:
    criteria = bank.criteria
    if criteria is None or not criteria.items:
        return []
    out = []
    for cid, crit in criteria.items.items():
        levels = crit.scale_levels
        if not levels:
            continue
        lo, hi = criteria.scale(cid)
        out.append({"id": cid, "label": crit.label, "description": crit.description, "weight": crit.weight,
                    "lo": lo, "hi": hi,
                    "levels": [{"score": n, "text": levels[n]} for n in sorted(levels)],
                    # validate.assessments: a score at either end of the scale needs a justification
                    "justify": sorted({lo, hi})})
    return out


def _experts(bank: Bank) -> list[dict[str, Any]]:
    out = []
    for slug, expert in bank.experts.items():
        org = bank.get(expert.organization) if expert.organization else None
        out.append({"slug": slug, "name": expert.name, "position": expert.position,
                    "organization": expert.organization,
                    # benchmarking.conflict names the organisation by its title, or by its file name
                    "organization_title": (org.title if org else expert.organization) if expert.organization else None,
                    "organization_name": expert.organization_name or (org.title if org else None),
                    "area": expert.area,
                    "key": person_key(expert.name)})
    return sorted(out, key=lambda e: (e["name"].lower(), e["slug"]))


def _entries(bank: Bank, expert_keys: set[str]) -> list[dict[str, Any]]:
    out = []
    for kind in BENCHMARKED_KINDS:
        for record in bank.of_kind(kind):
            out.append({
                "slug": record.slug, "title": record.title, "kind": kind,
                # the two conditions of benchmarking.conflict: the organisation and its networks…
                "chain": network_of(bank, record),
                # …and the people of the entry, as person_key writes them; only those that are an
                # expert's: the answer is the same for every expert of the registry, and the page
                # does not carry the names of everyone the bank lists
                "people": sorted(people_keys(record) & expert_keys),
                "assessed": {f.model.expert: f.path for f in bank.assessments.get(record.slug, [])},
            })
    return out


def expert_spec(bank: Bank, repo_url: str = "", branch: str = "main") -> dict[str, Any]:
    """Everything the expert form needs, JSON-serialisable."""
    from generator.urls import new_file_urls

    from generator.model.publication import repository_kind

    repo_kind = repository_kind(repo_url, bank.publication.repository_kind if bank.publication else None)
    folder = f"{bank.root.name}/{ASSESSMENTS_DIR}/"
    experts = _experts(bank)
    return {
        "experts": experts,
        "entries": _entries(bank, {e["key"] for e in experts}),
        "kinds": [{"kind": kind, "label": KINDS[kind].plural_label} for kind in BENCHMARKED_KINDS],
        "criteria": _criteria(bank),
        "fields": _fields(),
        "slug_pattern": SLUG_PATTERN,
        "placeholders": sorted(PLACEHOLDERS),  # template stubs the validator refuses as text
        # the validator's text rules as JavaScript patterns, as the submit form gets them
        "text": {name: _js_class(pattern) if name == "invisible" else pattern.replace("(?P<", "(?<")
                 for name, pattern in TEXT_PATTERNS.items()},
        "folder": folder,  # the file goes to <folder><entry>/<expert>.yml
        **new_file_urls(repo_url, repo_kind, branch, folder),
    }


def expert_rules(spec: dict[str, Any]) -> str:
    """The spec as JSON safe inside <script> (no «<», «>» or «&» as they are)."""
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def expert_page(bank: Bank, options: SiteOptions) -> GeneratedPage:
    """«Экспертная оценка»: the form page, out of the navigation (experts get its address)."""
    src = "expert.md"
    link = Linker(bank, src)
    spec = expert_spec(bank, options.repo_url, options.branch)
    # the form is drawn when there is someone to fill it in and something to assess
    open_ = bool(spec["experts"] and spec["criteria"] and spec["entries"])
    body = env().get_template("expert.md.j2").render(link=link, guide=link.md(GUIDE_SRC), open=open_,
                                                     github=bool(spec["github_new"]))
    meta: dict[str, Any] = {
        "title": "Экспертная оценка", "template": "expert.html", "search_exclude": True,
        "description": "Форма для экспертов банка: оценка практики или программы по критериям банка — "
                       "готовый файл экспертной оценки.",
        "hide": ["toc"],
        # what the template draws; the entries (with what the conflict rule needs) are only in the
        # rules, which the script reads: the front matter carries them once
        "bank_expert": {"experts": spec["experts"], "criteria": spec["criteria"], "fields": spec["fields"],
                        "entry_count": len(spec["entries"]), "gitlab_new": spec["gitlab_new"]},
        "bank_expert_rules": expert_rules(spec),
        "bank_expert_guide": page_url(GUIDE_SRC),
    }
    return GeneratedPage(src, meta, body, in_nav=False, own_markup=True)
