"""The institute's publication settings: one documented block, ``publication:`` in
``practices/settings.yml`` (environment variables may override a few of them for a build).

Who publishes the bank, at which address, where its sources are (GitHub or GitLab), where
authors send files, who operates the personal data and under which licence entries are
reused. The sample bank ships with placeholders; `placeholders()` names each one still set,
so a build for publishing can refuse them and a local preview can warn.
"""

from __future__ import annotations

import os
from typing import Literal
from urllib.parse import urlsplit

from pydantic import ConfigDict, Field

from generator.model.entries import Email, Line, Strict, Url

# What the environment may override (the pages workflows know the real address at build time).
ENV_OVERRIDES = {"site_url": "BANK_SITE_URL", "repository_url": "BANK_REPO_URL", "editors_email": "BANK_EDITORS_EMAIL"}
PLACEHOLDER_HOSTS = (".example", "example.com", "example.org", "example.ru", "institute-example")


class Operator(Strict):
    """Оператор персональных данных (152-ФЗ)."""
    model_config = ConfigDict(title="Оператор персональных данных")
    name: Line = Field(title="Полное наименование")
    address: Line = Field(title="Адрес")
    email: Email = Field(title="Электронная почта для обращений")


class Publication(Strict):
    """Настройки публикации банка."""
    model_config = ConfigDict(title="Публикация")
    institute: Line = Field(title="Учреждение", description="Полное название института, который публикует банк")
    site_url: Url = Field(title="Адрес сайта", description="С подпутём, например https://iro.ru/bank/")
    repository_url: Url = Field(title="Репозиторий", description="Адрес проекта на GitHub или GitLab")
    repository_kind: Literal["github", "gitlab"] | None = Field(
        None, title="Вид репозитория", description="github или gitlab; без поля — по адресу репозитория")
    branch: Line = Field("main", title="Основная ветка")
    editors_email: Email = Field(title="Почта редакции", description="Куда авторы присылают файлы записей")
    operator: Operator = Field(title="Оператор персональных данных")
    licence: Line = Field("CC BY 4.0", title="Лицензия записей по умолчанию")

    @property
    def kind(self) -> str:
        return repository_kind(self.repository_url, self.repository_kind)


def repository_kind(url: str, explicit: str | None = None) -> str:
    """github or gitlab: as set, or by the address (a self-hosted GitLab has any host)."""
    if explicit:
        return explicit
    return "github" if urlsplit(url).hostname == "github.com" else "gitlab"


def with_environment(data: dict, environ: dict | None = None) -> dict:
    """The settings with the environment's overrides applied (non-empty variables only)."""
    env = os.environ if environ is None else environ
    out = dict(data)
    for key, var in ENV_OVERRIDES.items():
        if env.get(var, "").strip():
            out[key] = env[var].strip()
    return out


def _is_placeholder(value: str) -> bool:
    text = value.lower()
    host = urlsplit(text).hostname or text.rsplit("@", 1)[-1]
    return any(host.endswith(h) or h in text for h in PLACEHOLDER_HOSTS) or "заполните" in text


def placeholders(pub: Publication) -> list[str]:
    """«setting (value)» for every setting that still holds the sample's placeholder."""
    found = []
    for key, value in (("site_url", pub.site_url), ("repository_url", pub.repository_url),
                       ("editors_email", pub.editors_email), ("operator.email", pub.operator.email),
                       ("institute", pub.institute), ("operator.name", pub.operator.name),
                       ("operator.address", pub.operator.address)):
        if _is_placeholder(value):
            found.append(f"{key} ({value})")
    return found
