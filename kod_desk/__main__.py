"""Allow ``python -m kod_desk``."""

from kod_desk.cli import main

raise SystemExit(main())
