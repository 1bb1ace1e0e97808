"""`python -m assistant`: the `imr` command."""

from assistant.cli.main import app

app()
