"""The bank's own full-text index: Russian stems → entries, split into small files by prefix.

Why not Pagefind (used until 2026-11): at 10,000 entries a Pagefind query downloaded about
500 KB (its runtime and wasm, a page list that grows with the bank, word chunks with every
position of every word) and needed five round trips before the first card. This index
answers the only question the bank page asks of words — *which entries contain them, and how
prominently* — and nothing else: no positions, no excerpts (cards show the summary with the
query words marked). Facets, counts and orders stay in ``api/browse/`` (`browse.py`).

Files (all under ``search/``):

- ``index.json`` — the manifest: number of entries, the stop words, the shard of every term
  prefix, and the URL and title of the site's other pages (recommendations, «О банке»…);
- ``words.json`` — the bank's most frequent words as written (titles, summaries, vocabulary
  labels, page titles), most frequent first: fetched only when a query finds nothing, to offer
  «Возможно, вы искали…» for a misspelt word («тютор» → «тьютор»);
- ``t/<hash>.json`` — a shard: ``{term: [head, body, pages]}`` for every term starting with
  the shard's prefix. *head* — entries with the term in the title or summary, *body* —
  entries with it elsewhere only, *pages* — other pages of the site. Each set is either a
  list of gaps between sorted numbers or, when denser, a base64 bitset; ``0`` if empty.
  Shards are split by longer prefixes until each is below ``SHARD_LIMIT`` bytes, so a query
  loads a few kilobytes per word whatever the size of the bank. Names carry a hash of the
  content: a browser never mixes shards of two builds.

Terms are Snowball Russian stems (PyStemmer here, the same algorithm compiled to JavaScript
in ``overrides/assets/javascripts/vendor/snowball-russian.js`` in the browser; a browser test
checks both give the same stem for every word of the sample bank). «ё» is read as «е».
Latin words and numbers are kept as they are.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

from generator.bank.core import Bank, Record
from generator.outputs.browse import deltas
from generator.bank.views import search_data

SHARD_LIMIT = 24_000  # bytes of JSON per shard before it is split by a longer prefix
WORDS_LIMIT = 3_000  # words offered as corrections: about 25 KB compressed, whatever the size of the bank
FORMAT = 1

# Function words: in every text, so they would only make the index heavier.
STOP_WORDS = frozenset("""
а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже для до
его ее ей ему если есть еще же за здесь и из или им их к как какая какой когда кто ли либо между
мы на над нам нас не него нее нет ни них но ну о об однако он она они оно от перед по под после
при про с со так также такой там те тем то того тоже той только том ты у уже хотя чего чей чем
что чтобы чье эта эти это этого этой этом эту я
""".split())

_WORD = re.compile(r"[0-9a-zа-яё]+")
_MD_URL = re.compile(r"\]\([^)]*\)|https?://\S+|[\w.+-]+@[\w-]+\.[\w.]+")
_TAG = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)
_CYRILLIC = re.compile(r"[а-яё]", re.I)
_SPELLING_WORD = re.compile(r"[а-яё]{4,}")


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer  # PyStemmer: libstemmer_c, the reference Snowball implementation

    stemmer = Stemmer.Stemmer("russian")
    stemmer.maxCacheSize = 200_000
    return stemmer


def words(text: str) -> list[str]:
    """Lowercase words of a text, «ё» read as «е»; URLs and e-mail addresses left out."""
    return _WORD.findall(_MD_URL.sub(" ", text).lower().replace("ё", "е"))


def terms(text: str) -> set[str]:
    """The index terms of a text: stems of its words, stop words dropped."""
    kept = {w for w in words(text) if w not in STOP_WORDS}
    cyrillic = [w for w in kept if _CYRILLIC.search(w)]
    stems = _stemmer().stemWords(cyrillic)
    return set(stems) | (kept - set(cyrillic))


def spelling_words(texts: Iterable[str], always: Iterable[str] = (), limit: int = WORDS_LIMIT) -> list[str]:
    """Words to correct a query by: those of ``always`` (vocabulary labels) and then the most
    frequent Russian words of ``texts`` (one text per entry or page), as written (lowercase,
    «ё» kept), four letters or longer, stop words left out; most frequent first."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update({w for w in _SPELLING_WORD.findall(text.lower()) if w.replace("ё", "е") not in STOP_WORDS})
    fixed = list(dict.fromkeys(w for text in always for w in _SPELLING_WORD.findall(text.lower())))
    seen = set(fixed)
    rest = [w for w, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])) if w not in seen]
    return (fixed + rest)[:limit]


def html_text(markup: str) -> str:
    """Visible text of an HTML fragment (for the site's hand-written pages)."""
    return html.unescape(_TAG.sub(" ", markup))


def _strings(value: Any) -> Iterable[str]:
    """Every string inside a model dump that has Russian text in it (ids, slugs, URLs,
    e-mails and phone numbers are Latin or digits and stay out)."""
    if isinstance(value, str):
        if _CYRILLIC.search(value):
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def entry_text(bank: Bank, record: Record) -> tuple[str, str]:
    """(head, body) text of an entry: head — title and summary; body — every other text
    field, the organization, the labels of its facets (a teacher typing «одарённые» means
    the direction as much as the words) and the name of its kind, so that «кейс» finds every
    case — in the body, below the entries that have the word in their title or summary."""
    model = record.model
    head = f"{model.title}\n{model.summary}"
    dump = model.model_dump(exclude={"title", "summary"})
    data = search_data(bank, record)
    labels = [label for key, values in data["filters"].items() if key not in ("kind", "year")
              for label in values]
    body = "\n".join([*_strings(dump), data["meta"]["organization"], *labels,
                      type(model).label, type(model).plural_label])
    return head, body


@dataclass
class Page:
    """A page of the site that is not an entry (hand-written or generated text)."""
    url: str
    title: str
    text: str


def _encode(numbers: list[int], total: int) -> Any:
    """Sorted numbers as gaps (a list) or as a base64 bitset (a string), whichever is shorter."""
    if not numbers:
        return 0
    gaps = deltas(numbers)
    as_list = sum(len(str(g)) + 1 for g in gaps)
    bitset_len = (total + 7) // 8
    if bitset_len * 4 // 3 + 2 >= as_list:
        return gaps
    bits = bytearray(bitset_len)
    for n in numbers:
        bits[n >> 3] |= 1 << (n & 7)
    return base64.b64encode(bytes(bits)).decode("ascii")


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def _shards(entries: dict[str, Any], limit: int) -> dict[str, dict[str, Any]]:
    """Group terms by prefix; a group bigger than ``limit`` is split by one more letter (terms
    no longer than the prefix stay in the group's own shard)."""
    sizes = {t: len(_dump({t: v})) for t, v in entries.items()}
    out: dict[str, dict[str, Any]] = {}

    def place(prefix: str, group: list[str]) -> None:
        if sum(sizes[t] for t in group) <= limit or all(len(t) <= len(prefix) for t in group):
            out[prefix] = {t: entries[t] for t in group}
            return
        own = [t for t in group if len(t) <= len(prefix)]
        if own:
            out[prefix] = {t: entries[t] for t in own}
        children: dict[str, list[str]] = defaultdict(list)
        for t in group:
            if len(t) > len(prefix):
                children[t[: len(prefix) + 1]].append(t)
        for child, members in sorted(children.items()):
            place(child, members)

    first: dict[str, list[str]] = defaultdict(list)
    for t in entries:
        first[t[:1]].append(t)
    for prefix, group in sorted(first.items()):
        place(prefix, group)
    return out


def build_index(entry_texts: list[tuple[str, str]], pages: list[Page],
                limit: int = SHARD_LIMIT, labels: Iterable[str] = ()) -> dict[str, bytes]:
    """Site-relative path → content of every file of the index. ``entry_texts[i]`` is the
    (head, body) text of entry number ``i`` (numbers as on the bank page); ``labels`` —
    the vocabulary's labels, always among the words offered as corrections."""
    head: dict[str, list[int]] = defaultdict(list)
    body: dict[str, list[int]] = defaultdict(list)
    in_pages: dict[str, list[int]] = defaultdict(list)
    for number, (head_text, body_text) in enumerate(entry_texts):
        own = terms(head_text)
        for t in own:
            head[t].append(number)
        for t in terms(body_text) - own:
            body[t].append(number)
    for number, page in enumerate(pages):
        for t in terms(page.title + "\n" + page.text):
            in_pages[t].append(number)
    total = len(entry_texts)
    postings = {t: [_encode(head.get(t, []), total), _encode(body.get(t, []), total),
                    _encode(in_pages.get(t, []), len(pages))]
                for t in set(head) | set(body) | set(in_pages)}
    files: dict[str, bytes] = {}
    shards: dict[str, str] = {}
    for prefix, content in sorted(_shards(postings, limit).items()):
        data = _dump(content)
        name = hashlib.sha1(data).hexdigest()[:12]
        files[f"search/t/{name}.json"] = data
        shards[prefix] = name
    manifest = {"format": FORMAT, "entries": total, "stop": sorted(STOP_WORDS), "shards": shards,
                "pages": [[p.url, p.title] for p in pages]}
    files["search/index.json"] = _dump(manifest)
    spelling = spelling_words([h for h, _ in entry_texts] + [p.title for p in pages], labels)
    files["search/words.json"] = _dump({"words": spelling})
    return files


def bank_index(bank: Bank, records: list[Record], pages: list[Page]) -> dict[str, bytes]:
    """The index of ``records`` (in bank-page order) and the site's other ``pages``."""
    labels = [t.label for section in bank.vocabulary.sections.values() for t in section.values()]
    return build_index([entry_text(bank, r) for r in records], pages, labels=labels)
