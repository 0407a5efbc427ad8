"""Who is reading, and the words each reader gets: one table of status words per audience.

The board reads BRAG colours ("Amber: slightly behind plan"); families read plain words
("Behind plan: the latest figure is a little behind where the plan expected it to be").
An ``Audience`` carries those words, the data columns it may see, and the publication
thresholds, which come from the plan's ``defaults`` so every sentence matches the rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from metrics.domain.plan import Defaults
from metrics.domain.status import KEY_ORDER, AudienceKind, Status
from metrics.domain.withheld import Withheld, WithheldKind

# Icons carry the status for anyone who cannot tell the colours apart.
ICONS: Mapping[Status, str] = MappingProxyType(
    {Status.BLUE: "★", Status.GREEN: "✔", Status.AMBER: "▲", Status.RED: "✖", Status.GREY: "○"}
)


@dataclass(frozen=True)
class StatusWords:
    word: str  # on a badge: 'Amber' (board), 'Behind plan' (families)
    meaning: str  # a phrase after the badge: 'slightly behind plan'
    explained: str  # a sentence for a key or a card
    counted: str  # after a number: '2 amber', '2 behind plan'


def _table(rows: dict[Status, tuple[str, str, str, str]]) -> Mapping[Status, StatusWords]:
    return MappingProxyType({s: StatusWords(*rows[s]) for s in KEY_ORDER})


# The BRAG words of the Written Statement of Action, for the board and its officers.
BOARD_METRIC_WORDS = _table({
    Status.BLUE: ("Blue", "target met", "The latest value meets or beats the target.", Status.BLUE.value),
    Status.GREEN: ("Green", "on track", "The latest value is on the planned trajectory, or better.", Status.GREEN.value),
    Status.AMBER: ("Amber", "slightly behind plan", "The latest value is behind the planned trajectory, within the tolerance; or on it, but the trend of the latest figures misses the target.", Status.AMBER.value),
    Status.RED: ("Red", "off track", "The latest value is behind the planned trajectory by more than the tolerance, or the target was missed at or after its date (or there are no figures after it).", Status.RED.value),
    Status.GREY: ("Grey", "not due yet", "Not due yet: no figures so far, and the target date has not passed.", Status.GREY.value),
})
BOARD_ACTION_WORDS = _table({
    Status.BLUE: ("Blue", "completed and embedded", "Completed and embedded.", Status.BLUE.value),
    Status.GREEN: ("Green", "on track, no concerns", "On track, no concerns.", Status.GREEN.value),
    Status.AMBER: ("Amber", "on track, some concerns", "On track, some concerns.", Status.AMBER.value),
    Status.RED: ("Red", "no progress, major concerns", "No progress, major concerns; or overdue: the due date has passed and it is not complete.", Status.RED.value),
    Status.GREY: ("Grey", "not due yet", "Not due yet: no update so far.", Status.GREY.value),
})
# Plain words for parents and carers.
FAMILY_METRIC_WORDS = _table({
    Status.BLUE: ("Target met", "target met", "The latest figure already reaches the target.", "target met"),
    Status.GREEN: ("On track", "on track", "The latest figure is where the plan expected it to be by now, or better.", "on track"),
    Status.AMBER: ("Behind plan", "behind plan", "The latest figure is a little behind where the plan expected it to be by now, or the way it is going will not reach the target in time.", "behind plan"),
    Status.RED: ("Off track", "off track", "The latest figure is well behind where the plan expected it to be by now, or the deadline has passed without the target being met.", "off track"),
    Status.GREY: ("No data yet", "no data yet", "There are no figures for this measure yet.", "with no data yet"),
})
FAMILY_ACTION_WORDS = _table({
    Status.BLUE: ("Done", "done", "The work is finished and has become part of how things are done.", "done"),
    Status.GREEN: ("On track", "on track", "The work is going to plan.", "on track"),
    Status.AMBER: ("Some concerns", "some concerns", "The work is going ahead, but there are some worries about it.", "with some concerns"),
    Status.RED: ("Serious concerns", "serious concerns", "The work is not moving forward and there are serious worries about it, or it is late.", "with serious concerns"),
    Status.GREY: ("Not started yet", "not started yet", "The work has not started yet, or there is no update on it yet.", "not started yet"),
})

# Columns of a KPI's series table and its CSV download (the public copy has no notes: they are internal).
INTERNAL_SERIES_COLUMNS = ("metric_id", "date", "value", "unit", "figure", "n", "source", "note")
PUBLIC_SERIES_COLUMNS = ("metric_id", "date", "value", "unit", "figure", "n", "source")


@dataclass(frozen=True)
class Audience:
    """The board (internal) or families (public): words, columns and thresholds."""

    kind: AudienceKind
    metric_words: Mapping[Status, StatusWords]
    action_words: Mapping[Status, StatusWords]
    series_columns: tuple[str, ...]
    suppress_below: int  # counts from 1 to suppress_below - 1 are not published
    min_public_n: int  # survey results from fewer people are not published
    as_of_words: str  # 'Data as at' / 'Figures as at'

    @property
    def public(self) -> bool:
        return self.kind is AudienceKind.PUBLIC

    @property
    def illustrative_mark(self) -> str:
        """After an invented figure: ' (illustrative)' for the board, ' (an example figure)' for families."""
        return " (an example figure)" if self.public else " (illustrative)"

    @property
    def assumed_mark(self) -> str:
        """After a plan number no source gives: ' (assumed)' for the board, ' (an estimate)' for families."""
        return " (an estimate)" if self.public else " (assumed)"

    @property
    def illustrative_update(self) -> str:
        return "example update" if self.public else "illustrative update"

    def metric_label(self, status: Status) -> str:
        """'✖ Red' / '✖ Off track': icon and word together, never colour alone."""
        return f"{ICONS[status]} {self.metric_words[status].word}"

    def action_label(self, status: Status) -> str:
        return f"{ICONS[status]} {self.action_words[status].word}"

    def suppression_rule(self) -> str:
        """The sentence that says which numbers are not shown, from the plan's own thresholds."""
        return (
            f"numbers from 1 to {self.suppress_below - 1} are not shown, so that no child can be identified, "
            f"and nor are survey results from fewer than {self.min_public_n} people"
        )


def withheld_text(withheld: Withheld) -> str:
    """'fewer than 5'; 'withheld (fewer than 10 responses)'."""
    if withheld.kind is WithheldKind.SMALL_NUMBER:
        return f"fewer than {withheld.threshold}"
    return f"withheld (fewer than {withheld.threshold} responses)"


def withheld_short(withheld: Withheld) -> str:
    """As shown large on a card: 'Fewer than 5', 'Withheld'."""
    if withheld.kind is WithheldKind.SMALL_NUMBER:
        return f"Fewer than {withheld.threshold}"
    return "Withheld"


def internal_audience(defaults: Defaults) -> Audience:
    return Audience(
        AudienceKind.INTERNAL, BOARD_METRIC_WORDS, BOARD_ACTION_WORDS, INTERNAL_SERIES_COLUMNS,
        defaults.suppress_below, defaults.min_public_n, "Data as at",
    )


def public_audience(defaults: Defaults) -> Audience:
    return Audience(
        AudienceKind.PUBLIC, FAMILY_METRIC_WORDS, FAMILY_ACTION_WORDS, PUBLIC_SERIES_COLUMNS,
        defaults.suppress_below, defaults.min_public_n, "Figures as at",
    )


def audience_for(kind: AudienceKind, defaults: Defaults) -> Audience:
    return public_audience(defaults) if kind is AudienceKind.PUBLIC else internal_audience(defaults)
