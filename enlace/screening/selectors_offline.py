"""Reads behind the offline screening form: every question it may have to ask, without a connection.

Online, the stepper asks the server for one dimension at a time, with the lists chosen for the
screening. Offline, the choice of list (labour or sexual, adult, child or both) is made on the
device, so the page carries the questions of the four lists in use for the officer's country, each
marked with the lists that contain it. The server checks the answers again when the draft arrives:
a list changed in the meantime makes the draft rejected with the reason, never silently rescored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from enlace.screening.instrument import EXPLOITATIONS, POPULATIONS, Instrument, builtin_instrument_for

from .models import InstrumentVersion
from .selectors import instrument_of


def instrument_in_use(*, exploitation: str, population: str, country: str) -> Instrument:
    """The list a new screening would use (the same order as ``services._choose_instruments``):
    an active national variant for the country, else an active international row, else the file."""
    rows = InstrumentVersion.objects.filter(is_active=True, population=population, exploitation=exploitation)
    row = (rows.filter(country=country.upper(), is_builtin=False).order_by("-added_at", "-id").first()
           or rows.filter(country="").order_by("-added_at", "-id").first())
    return instrument_of(row) if row is not None else builtin_instrument_for(population=population,
                                                                             exploitation=exploitation)


@dataclass
class OfflineQuestion:
    key: str
    question: str
    label: str
    lists: list[str] = field(default_factory=list)  # "labour-adult", "sexual-child"...

    @property
    def lists_attr(self) -> str:
        return " ".join(self.lists)


@dataclass
class OfflineDimension:
    number: int
    label: str
    questions: list[OfflineQuestion]


def offline_dimensions(*, country: str, language: str) -> list[OfflineDimension]:
    """The six dimensions with the questions of every list in use, each question once."""
    instruments = {f"{e}-{p}": instrument_in_use(exploitation=e, population=p, country=country)
                   for e in EXPLOITATIONS for p in POPULATIONS}
    dimensions = []
    for number in range(1, 7):
        seen: dict[str, OfflineQuestion] = {}
        label = ""
        for list_id, instrument in instruments.items():
            dimension = instrument.dimension(number)
            label = label or dimension.label.get(language)
            for indicator in dimension.indicators:
                question = seen.setdefault(indicator.key, OfflineQuestion(
                    key=indicator.key, question=indicator.question.get(language), label=indicator.label.get(language)))
                question.lists.append(list_id)
        dimensions.append(OfflineDimension(number=number, label=label, questions=list(seen.values())))
    return dimensions
