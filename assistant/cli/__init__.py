"""The `imr` command line: thin commands over the library."""
