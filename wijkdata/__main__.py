"""Entry point of ``python -m wijkdata`` (see :mod:`wijkdata.cli`)."""

from wijkdata.cli import main

raise SystemExit(main())
