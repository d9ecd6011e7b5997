"""Differentially private histograms of victim records (OpenDP).

Each published variable is one histogram over a fixed list of categories, decided before looking
at the data (a category that appears only because someone is in it would itself disclose). Each
victim is one record and falls in exactly one category of each histogram, so adding or removing a
victim changes a histogram by 1 (L1 sensitivity 1). Integer Laplace (discrete Laplace, "geometric")
noise of scale ``histograms / epsilon`` is added to every count, so each histogram costs
``epsilon / histograms`` and the release ``epsilon`` (pure differential privacy: delta is 0).
Negative noisy counts are shown as 0 (post-processing costs no privacy). The accuracy of each
figure is the half-width within which it lies with 95% probability.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import opendp.prelude as dp
import pycountry

from enlace.cases.vocabulary import ExploitationForm

from .vocabulary import CTDC_AGE_BANDS, MULTIPLE, UNKNOWN

dp.enable_features("contrib")

ALPHA = 0.05  # accuracy at 95%


def categories(variable: str, years: Sequence[int]) -> list[str]:
    """The fixed, public list of categories of each released variable."""
    match variable:
        case "year":
            return [str(y) for y in years]
        case "gender":
            return ["F", "M", "X", "U"]
        case "age_band":
            return [label for _l, _h, label in CTDC_AGE_BANDS] + [UNKNOWN]
        case "citizenship":
            return sorted(c.alpha_2 for c in pycountry.countries) + [UNKNOWN]
        case "forms_of_exploitation":
            return list(ExploitationForm.values) + [MULTIPLE, UNKNOWN]
    raise ValueError(f"no fixed categories for {variable}")


VARIABLES = ("year", "gender", "age_band", "citizenship", "forms_of_exploitation")


@dataclass(frozen=True)
class NoisyFigure:
    variable: str
    category: str
    count: int
    accuracy: float


def noisy_histograms(records: list[dict[str, str]], *, epsilon: float, years: Sequence[int]) -> list[NoisyFigure]:
    """One noisy histogram per variable; the whole costs ``epsilon`` (checked with OpenDP's privacy map)."""
    if epsilon <= 0:
        raise ValueError("epsilon must be positive")
    scale = len(VARIABLES) / epsilon
    measurement = dp.m.make_laplace(dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int), scale=scale)
    spent = measurement.map(1) * len(VARIABLES)
    if spent > epsilon * (1 + 1e-9):
        raise ValueError("the noise does not meet the privacy budget")
    accuracy = dp.discrete_laplacian_scale_to_accuracy(scale=scale, alpha=ALPHA)
    figures = []
    for variable in VARIABLES:
        cats = categories(variable, years)
        known = set(cats)
        counts = Counter(r.get(variable) if r.get(variable) in known else UNKNOWN for r in records)
        noisy = measurement([counts[c] for c in cats])
        figures += [NoisyFigure(variable, c, max(0, int(n)), round(accuracy, 1)) for c, n in zip(cats, noisy, strict=True)]
    return figures
