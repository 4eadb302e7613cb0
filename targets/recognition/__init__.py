"""Recognising an official decomposition table (目标任务分解表) in a grid of cell texts (see `reading`)."""

from .model import Line, RecognizedTable, RegionLike, SourceTable, TimeCheck, UnitEntry, ValueCell
from .reading import NOTE_HEADERS, TOTAL_LABELS, UNIT_COLUMN_HEADERS, recognize

__all__ = [
    "NOTE_HEADERS",
    "TOTAL_LABELS",
    "UNIT_COLUMN_HEADERS",
    "Line",
    "RecognizedTable",
    "RegionLike",
    "SourceTable",
    "TimeCheck",
    "UnitEntry",
    "ValueCell",
    "recognize",
]
