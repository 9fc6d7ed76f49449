"""Environment files as systemd's EnvironmentFile= reads them: KEY=value lines, no shell.

A value may hold spaces and < > (DEFAULT_FROM_EMAIL=Recrutement <recrutement@example.org>),
which is why the file is read here rather than sourced by a shell.
"""

from pathlib import Path


def read(path: Path) -> dict[str, str]:
    """The KEY=value lines (comments and blank lines skipped, surrounding quotes removed)."""
    values = {}
    for line in Path(path).read_text().splitlines():
        line = line.strip()
        name, equals, value = line.partition("=")
        if equals and not line.startswith("#"):
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            values[name.strip()] = value
    return values


def documented(path: Path) -> set[str]:
    """Every name the file shows, commented-out ones (# NAME=default) included."""
    names = set()
    for line in Path(path).read_text().splitlines():
        name, equals, _value = line.strip().removeprefix("#").strip().partition("=")
        if equals and name.isidentifier() and name.isupper():
            names.add(name)
    return names
