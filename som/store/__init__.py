"""The calculation library: immutable versions in one SQLite file, follow-up, recalculation.

    >>> from som.store import Library, save_calculation
    >>> with Library(tmp / "som.sqlite3") as lib:                 # doctest: +SKIP
    ...     v = save_calculation(lib, calc, author="Økonomi", tags=["unge"], kb=None)
    ...     lib.search("unge")[0].ref
    '1@1'

See docs/store.md for the schema, the immutability rules and the follow-up definitions.
"""

from som.store.compute import (
    export_version,
    followup_for,
    kb_kwargs,
    kb_record,
    recalculate,
    save_calculation,
)
from som.store.db import default_path
from som.store.diff import VersionDiff, diff_versions, key_path_changes
from som.store.followup import FollowupReport, followup_report
from som.store.library import (
    FollowupRecord,
    Library,
    SaveRequest,
    StoredVersion,
    VersionInfo,
    parse_ref,
)

__all__ = [
    "FollowupRecord",
    "FollowupReport",
    "Library",
    "SaveRequest",
    "StoredVersion",
    "VersionDiff",
    "VersionInfo",
    "default_path",
    "diff_versions",
    "export_version",
    "followup_for",
    "followup_report",
    "kb_kwargs",
    "kb_record",
    "key_path_changes",
    "parse_ref",
    "recalculate",
    "save_calculation",
]
