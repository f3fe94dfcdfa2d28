"""Static browse data of the bank page: which entries carry each facet value, counts, orders.

The bank page filters, counts and sorts in the browser from small files written at build
time; words are matched by the bank's own index (`search_index`, ``search/``), which
numbers the entries the same way (``ordered``: newest first).

- ``api/browse/facets.json`` — the number of entries and the count of every facet value;
- ``api/browse/<facet>.json`` — for every value, the entries carrying it, as numbers in
  «newest first» order, delta-encoded (a run of small numbers compresses well);
- ``api/browse/title-order.json`` — entry numbers in title order (only for that sort);
- ``api/cards/<number>.json`` — what a card shows, fetched for the cards on screen.
"""

from __future__ import annotations

import json
from typing import Any

from generator.bank.core import Bank, Record
from generator.bank.views import FACETS, facet_config, search_data


def ordered(bank: Bank) -> list[Record]:
    """Newest first, as the bank page lists without a query."""
    return sorted(bank.published(), key=lambda r: (r.model.added, r.slug), reverse=True)


def deltas(numbers: list[int]) -> list[int]:
    """Sorted numbers as gaps from the previous one (the first from -1)."""
    out, previous = [], -1
    for n in numbers:
        out.append(n - previous)
        previous = n
    return out


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def browse_files(bank: Bank) -> dict[str, bytes]:
    """Site-relative path → file content."""
    records = ordered(bank)
    config = facet_config(bank)
    label_to_id = {f["key"]: {v["label"]: v["id"] for v in f["values"]} for f in config}
    members: dict[str, dict[str, list[int]]] = {f["key"]: {v["id"]: [] for v in f["values"]} for f in config}
    files: dict[str, bytes] = {}
    for number, record in enumerate(records):
        data = search_data(bank, record)
        for key, _, _ in FACETS:
            for label in data["filters"].get(key, []):
                value_id = label_to_id[key].get(label)
                if value_id is not None:
                    members[key][value_id].append(number)
        card = {"url": record.url, "meta": dict(data["meta"], title=record.title),
                "filters": {k: v for k, v in data["filters"].items() if k in ("direction", "competence")}}
        files[f"api/cards/{number}.json"] = _dump(card)
    counts = {key: {vid: len(nums) for vid, nums in values.items() if nums} for key, values in members.items()}
    files["api/browse/facets.json"] = _dump({"total": len(records), "counts": counts})
    for key, values in members.items():
        files[f"api/browse/{key}.json"] = _dump({vid: deltas(nums) for vid, nums in values.items() if nums})
    by_title = sorted(range(len(records)), key=lambda i: (search_data_title(records[i]), records[i].slug))
    files["api/browse/title-order.json"] = _dump(by_title)
    return files


def search_data_title(record: Record) -> str:
    return record.title.lower().replace("ё", "е").strip("«»\"' ")
