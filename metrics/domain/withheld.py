"""Values the public may not see, as values: what kind of rule withheld them and its threshold.

The thresholds come from the plan's ``defaults`` (``suppress_below``, ``min_public_n``), so the
words that explain a withheld value ("fewer than 12") always match the rule that withheld it.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from metrics.domain.plan import ContextMeasure, Defaults, Metric


class WithheldKind(enum.Enum):
    SMALL_NUMBER = "small number"  # a count between 1 and suppress_below - 1: could identify a child
    FEW_RESPONSES = "few responses"  # a survey result from fewer than min_public_n people


@dataclass(frozen=True)
class Withheld:
    kind: WithheldKind
    threshold: int  # 'fewer than <threshold>' (children, or responses)


def withheld_for(metric: Metric | ContextMeasure, value: float, n: float | None, defaults: Defaults) -> Withheld | None:
    """Why ``value`` may not be published, or None when it may."""
    if metric.suppress_small and 1 <= value < defaults.suppress_below:
        return Withheld(WithheldKind.SMALL_NUMBER, defaults.suppress_below)
    if metric.is_percent and n is not None and not math.isnan(n) and n < defaults.min_public_n:
        return Withheld(WithheldKind.FEW_RESPONSES, defaults.min_public_n)
    return None
