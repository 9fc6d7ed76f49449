"""deploy/vivier.env.example documents every variable vivier/settings.py reads, and its
required section is exactly what production settings refuse to start without."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "deploy" / "vivier.env.example"

# Loads vivier/settings.py in a fresh interpreter with os.environ replaced by a mapping that
# notes every name asked for, and prints those names.
RECORDER = """
import json, os, runpy, sys
asked = set()
class Recording(dict):
    def get(self, key, default=None):
        asked.add(key)
        return super().get(key, default)
    def __getitem__(self, key):
        asked.add(key)
        return super().__getitem__(key)
    def __contains__(self, key):
        asked.add(key)
        return super().__contains__(key)
os.environ = Recording(os.environ)
sys.path.insert(0, ".")
runpy.run_path("vivier/settings.py")
print(json.dumps(sorted(asked)))
"""


def example_lines() -> list[str]:
    return EXAMPLE.read_text().splitlines()


def documented_names() -> set[str]:
    names = set()
    for line in example_lines():
        name, equals, _value = line.strip().removeprefix("#").strip().partition("=")
        if equals and name.isidentifier() and name.isupper():
            names.add(name)
    return names


def example_values() -> dict[str, str]:
    values = {}
    for line in example_lines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _equals, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def required_names() -> list[str]:
    """The names under the example's "Required when DEBUG is off" heading."""
    lines = example_lines()
    start = next(i for i, line in enumerate(lines) if "Required when DEBUG is off" in line)
    names = []
    for line in lines[start + 1 :]:
        if line.startswith("# ---"):
            break
        if line and not line.startswith("#"):
            names.append(line.partition("=")[0])
    return names


def load_settings(environment: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", RECORDER],
        cwd=ROOT, env={"PATH": os.environ["PATH"], **environment},
        capture_output=True, text=True,
    )  # fmt: skip


@pytest.mark.parametrize("debug", ["true", "false"])
def test_every_variable_settings_reads_is_in_the_example(debug, tmp_path):
    environment = {**example_values(), "DEBUG": debug, "VIVIER_VAR_DIR": str(tmp_path)}
    loaded = load_settings(environment)
    assert loaded.returncode == 0, loaded.stderr
    asked = set(json.loads(loaded.stdout.splitlines()[-1]))
    missing = sorted(asked - documented_names())
    assert not missing, (
        f"add these to deploy/vivier.env.example (commented, with defaults): {missing}"
    )


def test_the_example_alone_starts_production_settings(tmp_path):
    loaded = load_settings({**example_values(), "VIVIER_VAR_DIR": str(tmp_path)})
    assert loaded.returncode == 0, loaded.stderr
    assert example_values()["DEBUG"] == "false"


@pytest.mark.parametrize("name", required_names())
def test_production_settings_refuse_to_start_without_a_required_variable(name, tmp_path):
    environment = {**example_values(), "VIVIER_VAR_DIR": str(tmp_path)}
    del environment[name]
    loaded = load_settings(environment)
    assert loaded.returncode != 0
    assert f"{name} must be set when DEBUG is off" in loaded.stderr


def test_the_required_section_names_the_two_secrets_and_two_addresses():
    assert sorted(required_names()) == [
        "ALLOWED_HOSTS", "CREDENTIALS_KEYS", "EMAIL_URL", "SECRET_KEY",
    ]  # fmt: skip
