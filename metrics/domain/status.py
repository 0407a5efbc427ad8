"""The BRAG statuses, why an item has its status, and the two audiences, as types.

This is the only module that spells the statuses out. Everything else compares ``Status``
members and takes the words for them from ``metrics.views.audience``.
"""

from __future__ import annotations

import enum


class Status(enum.Enum):
    """A BRAG status. ``value`` is the lower-case word used in CSV files, JSON and CSS classes."""

    BLUE = "blue"
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    GREY = "grey"

    @property
    def rank(self) -> int:
        """Worst first: red 0, amber 1, grey 2, green 3, blue 4 (the off-track list's order)."""
        return WORST_FIRST.index(self)

    @classmethod
    def parse(cls, text: str) -> Status | None:
        """'Red', ' amber ' -> Status; None for anything that is not a status word."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            return None

    def __lt__(self, other: Status) -> bool:  # sortable: worst first
        return self.rank < other.rank


WORST_FIRST: tuple[Status, ...] = (Status.RED, Status.AMBER, Status.GREY, Status.GREEN, Status.BLUE)
KEY_ORDER: tuple[Status, ...] = (Status.BLUE, Status.GREEN, Status.AMBER, Status.RED, Status.GREY)  # how a key lists them
PROGRESS_SCALE: tuple[Status, ...] = (Status.RED, Status.AMBER, Status.GREEN, Status.BLUE)  # worse -> better; grey is off the scale
STATUS_NAMES = ", ".join(s.value for s in KEY_ORDER)  # 'blue, green, amber, red, grey', for messages


def zero_counts() -> dict[Status, int]:
    return {s: 0 for s in KEY_ORDER}


class Basis(enum.Enum):
    """What decided a status: the wording is chosen from this, never parsed from a sentence."""

    NO_DATA = "no data"  # grey: no observation on or before the as-of date, target date not passed
    NO_DATA_DEADLINE_PASSED = "no data, deadline passed"  # red: still no observation after the target date
    TARGET_MET = "target met"  # blue: the latest value meets or beats the target
    DEADLINE_MISSED = "deadline missed"  # red: target date passed, or a figure at or after it misses
    AGAINST_PLAN = "against plan"  # the latest value compared with the planned trajectory
    TREND_MISSES = "trend misses target"  # amber: on plan now, but the projection misses by T
    NO_UPDATE = "no update"  # grey: an action with no update yet, not due yet
    NO_UPDATE_OVERDUE = "no update, overdue"  # red: no update, and the due date has passed
    REPORTED = "reported"  # an action's status as its latest update reported it
    OVERDUE = "overdue"  # red: the due date has passed and the action is not complete

    @property
    def deadline_passed(self) -> bool:
        """A red that is final (the date is gone), not one that is only behind the plan line."""
        return self in (Basis.NO_DATA_DEADLINE_PASSED, Basis.DEADLINE_MISSED, Basis.NO_UPDATE_OVERDUE, Basis.OVERDUE)


class AudienceKind(enum.Enum):
    """Who a page, report or download is for."""

    INTERNAL = "internal"  # the partnership board and its officers: everything
    PUBLIC = "public"  # families: public items only, small numbers withheld, plain words
