"""Expert assessment as data: the experts' registry and one assessment file per expert per entry.

``practices/experts.yml`` lists the institute's experts (name, position, organisation, area
and the date of their consent to publish these); ``practices/assessments/<entry>/<expert>.yml``
holds one expert's scores of one practice or programme on every criterion of
``practices/criteria.yml``. These classes only describe the files; the rules between files
(criteria, scales, conflicts of interest, duplicates) are in `validate.assessments` and the
panel's arithmetic in `bank.benchmarking`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from generator.model.entries import Day, Line, Markdown, Slug, Strict

EXPERTS_FILE = "experts.yml"
ASSESSMENTS_DIR = "assessments"


class Expert(Strict):
    """Эксперт банка."""
    model_config = ConfigDict(title="Эксперт")
    name: Line = Field(title="ФИО")
    position: Line = Field(title="Должность")
    organization: Slug | None = Field(
        None, title="Организация в банке",
        description="Имя файла организации из practices/sites/, если она есть в банке: по нему банк "
                    "находит конфликт интересов", json_schema_extra={"reference": "sites"})
    organization_name: Line | None = Field(None, title="Организация",
                                           description="Название места работы, если его нет в банке")
    area: Line = Field(title="Область экспертизы", description="Например «тьюторское сопровождение»")
    consent: Day = Field(title="Дата согласия",
                         description="Когда эксперт дал письменное согласие на публикацию ФИО, должности "
                                     "и места работы на сайте банка, ГГГГ-ММ-ДД")

    @model_validator(mode="after")
    def _workplace(self) -> "Expert":
        if not self.organization and not self.organization_name:
            raise PydanticCustomError("no_workplace", "укажите место работы эксперта: organization (имя файла "
                                                      "организации из банка) или organization_name (название)")
        return self


class Score(Strict):
    """Балл по одному критерию."""
    model_config = ConfigDict(title="Балл")
    score: int = Field(title="Балл", description="Уровень шкалы критерия из criteria.yml")
    justification: Annotated[Markdown, Field(max_length=2000)] | None = Field(
        None, title="Обоснование",
        description="Почему такой балл; обязательно для крайних баллов шкалы (самого низкого и самого высокого)")


class Assessment(Strict):
    """Экспертная оценка одной практики или программы одним экспертом."""
    model_config = ConfigDict(title="Экспертная оценка")
    expert: Slug = Field(title="Эксперт", description="Имя эксперта из practices/experts.yml")
    date: Day = Field(title="Дата оценки", description="ГГГГ-ММ-ДД")
    scores: dict[str, Score] = Field(title="Баллы по критериям",
                                     description="Каждый критерий из criteria.yml: балл и обоснование")
    conclusion: Annotated[Markdown, Field(max_length=3000)] = Field(title="Заключение",
                                                                  description="Краткий вывод эксперта")
