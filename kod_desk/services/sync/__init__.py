"""Synchronisation between stations (DESIGN.md §8, issues 8 and 13).

- service.py: :class:`SyncService` — keys and trust, export, preview and import, conflicts;
- importer.py: applying one checked package's records (plan, guard, apply, count);
- package.py / reader.py: writing and reading the ``.kodsync`` container (signed zip);
- envelope.py: the encrypted envelope around it (format 2);
- anchor.py: the senders' audit heads kept at the receiving station.

Importing this package does not import ``cryptography``: the modules that need it are imported
when a package is written or read.
"""

from __future__ import annotations

from kod_desk.services.sync.importer import Progress
from kod_desk.services.sync.service import SyncService

__all__ = ["Progress", "SyncService"]
