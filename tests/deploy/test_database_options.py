"""PostgreSQL connections bind parameters on the server and prepare repeated statements,
unless the operator turns preparing off (a PgBouncer in transaction mode cannot keep them)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRINT_OPTIONS = (
    "import json, runpy, sys; sys.path.insert(0, '.');"
    "print(json.dumps(runpy.run_path('vivier/settings.py')['DATABASES']['default']['OPTIONS']))"
)


def load(**environment) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", PRINT_OPTIONS], cwd=ROOT, capture_output=True, text=True,
        env={"PATH": os.environ["PATH"], "DATABASE_URL": "postgres://vivier@127.0.0.1/vivier",
             **environment},
    )  # fmt: skip


def options(**environment) -> dict:
    done = load(**environment)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("setting", "threshold"), [(None, 5), ("2", 2), ("off", None), (" OFF ", None)]
)
def test_statements_are_prepared_unless_turned_off(setting, threshold):
    environment = {} if setting is None else {"DATABASE_PREPARE_THRESHOLD": setting}
    assert options(**environment) == {"server_side_binding": True, "prepare_threshold": threshold}


def test_a_threshold_that_is_not_a_number_stops_the_start_with_a_reason():
    done = load(DATABASE_PREPARE_THRESHOLD="sometimes")
    assert done.returncode != 0
    assert "DATABASE_PREPARE_THRESHOLD is a number of runs, or off." in done.stderr
