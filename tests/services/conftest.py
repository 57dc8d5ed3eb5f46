"""The service tests run on SQLite and on PostgreSQL (issue 6 item 7).

Every test that uses the ``services`` fixture runs twice, ``[sqlite]`` and ``[postgresql]``,
except tests marked ``sqlite_only`` and tests that take ``db_path``: those read the SQLite file
directly (plain sqlite3, file copies), which has no PostgreSQL counterpart.
"""

from __future__ import annotations

import pytest

BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    names = metafunc.fixturenames
    if "services" not in names or "backend" not in names:
        return
    sqlite_only = metafunc.definition.get_closest_marker("sqlite_only") is not None
    if sqlite_only or "db_path" in names:
        return
    metafunc.parametrize("backend", BACKENDS, indirect=True)
