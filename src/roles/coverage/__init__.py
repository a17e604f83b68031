"""Substitution coverage: who acts for a position on a day, and where the chains break.

Pure functions over the domain (no framework, no database): build a `CoverageIndex` once per
municipality's registry, then ask `who_acts`, a `Coverage` over a range of days, or `check`.
"""

from roles.coverage.days import DayRange
from roles.coverage.engine import Acting, Coverage, Segment, Status, who_acts
from roles.coverage.findings import Code, DateRange, Finding, Options, Severity, check, sort_key
from roles.coverage.index import DEFAULT_DEPTH, CoverageIndex
from roles.coverage.qualifications import Unmet

__all__ = [
    "DEFAULT_DEPTH",
    "Acting",
    "Code",
    "Coverage",
    "CoverageIndex",
    "DateRange",
    "DayRange",
    "Finding",
    "Options",
    "Segment",
    "Severity",
    "Status",
    "Unmet",
    "check",
    "sort_key",
    "who_acts",
]
