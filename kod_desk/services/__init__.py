"""Use cases. Each write opens a short transaction, validates, commits, audits, and returns
plain frozen data plus a :class:`~kod_desk.services.base.Changes` record. No Qt here."""
