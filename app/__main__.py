"""`python -m app` does what the `backprop-quiz` command does."""

from app.cli import main

raise SystemExit(main())
