"""The restore drill, for real: deploy/backup, then deploy/restore into a fresh database and
folders, then every table's row count and every file compared with the original.

PostgreSQL only (pg_dump): `make test-postgres` runs it; on SQLite it is skipped.
"""

import json
import subprocess
from importlib import import_module
from pathlib import Path

import psycopg
import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from psycopg import sql

from tests.factories import EmployerFactory, JobOfferFactory, UserFactory
from vivier.core.documents import make_docx, make_pdf
from vivier.hiring.models import Application, Document, Message
from vivier.hiring.services import ApplicantDetails, submit_application

create_default_stages = import_module(
    "vivier.hiring.migrations.0002_default_stages"
).create_default_stages

ROOT = Path(__file__).resolve().parents[2]
BACKUP, RESTORE = ROOT / "deploy" / "backup", ROOT / "deploy" / "restore"

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the restore drill needs PostgreSQL's pg_dump: make test-postgres runs it",
    ),
    # pg_dump sees committed data only. (Not serialized_rollback: reloading the serialized
    # content types collides with those other transactional tests' flushes recreate.)
    pytest.mark.django_db(transaction=True),
]


def database_url(name: str) -> str:
    params = connection.settings_dict
    user, password = params["USER"] or "postgres", params["PASSWORD"]
    credentials = f"{user}:{password}" if password else user
    host, port = params["HOST"] or "127.0.0.1", params["PORT"] or "5432"
    return f"postgres://{credentials}@{host}:{port}/{name}"


def counts_of_every_table(url: str) -> dict[str, int]:
    with psycopg.connect(url) as database:
        tables = database.execute(
            "SELECT schemaname, tablename FROM pg_tables"
            " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        ).fetchall()
        return {
            f"{schema}.{table}": database.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(schema, table))
            ).fetchone()[0]
            for schema, table in tables
        }


def files_under(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


def drop_database(name: str) -> None:
    with psycopg.connect(database_url("postgres"), autocommit=True) as database:
        database.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture
def source():
    """Committed data in the test database: offers, applications with CVs, e-mails, a logo."""
    # The pipeline stages a migration made are gone after an earlier transactional test's flush.
    create_default_stages(django_apps, schema_editor=None)
    employer = EmployerFactory()
    employer.logo.save("logo.png", ContentFile(b"\x89PNG\r\n\x1a\n" + b"\0" * 64))
    recruiter = UserFactory(email="recruiter@example.test")
    offers = [JobOfferFactory(published=True, recruiter=recruiter) for _ in range(3)]
    for number in range(6):
        cv_bytes = (
            make_pdf([f"Candidate {number}", "Generated CV"])
            if number % 2
            else make_docx([f"Candidate {number}", "Generated CV"])
        )
        extension = "pdf" if number % 2 else "docx"
        submit_application(
            offer=offers[number % 3],
            details=ApplicantDetails(
                first_name=f"Prénom{number}",
                last_name=f"Nom{number}",
                email=f"candidate{number}@example.test",
            ),
            cv=SimpleUploadedFile(f"cv{number}.{extension}", cv_bytes),
        )
    default_storage.save("brand/pictures/team.jpg", ContentFile(b"\xff\xd8\xff" + b"1" * 500))
    return {
        "url": database_url(connection.settings_dict["NAME"]),
        "media": Path(settings.MEDIA_ROOT),
        "private": Path(settings.PRIVATE_MEDIA_ROOT),
    }


@pytest.fixture
def restored_name():
    name = f"{connection.settings_dict['NAME']}_restored"
    drop_database(name)
    yield name
    drop_database(name)


def run_backup(source, destination: Path, *, keep: int = 3) -> Path:
    environment = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": source["url"],
        "MEDIA_ROOT": str(source["media"]),
        "PRIVATE_MEDIA_ROOT": str(source["private"]),
    }
    done = subprocess.run(
        [BACKUP, "--keep", str(keep), destination],
        env=environment, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return Path(done.stdout.strip())


def run_restore(folder: Path, url: str, target: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [RESTORE, folder, "--database-url", url, "--media-root", target / "media",
         "--private-media-root", target / "private"],
        capture_output=True, text=True,
    )  # fmt: skip


def test_a_restored_backup_holds_every_row_and_every_file(source, restored_name, tmp_path):
    assert Application.objects.count() == 6
    assert Document.objects.count() == 6
    assert Message.objects.count() == 6
    folder = run_backup(source, tmp_path / "backups")
    assert (folder / "database.dump").stat().st_mode & 0o077 == 0  # personal data: owner only

    restored_url = database_url(restored_name)
    done = run_restore(folder, restored_url, tmp_path / "restored")

    assert done.returncode == 0, done.stderr
    assert "all as saved" in done.stdout
    original, restored = counts_of_every_table(source["url"]), counts_of_every_table(restored_url)
    assert restored == original
    assert restored["public.hiring_application"] == 6
    assert restored["public.django_migrations"] > 0
    for name in ("media", "private"):
        assert files_under(tmp_path / "restored" / name) == files_under(source[name])
    # The six CVs are among the restored files (other tests of the run leave theirs beside).
    restored_private = files_under(tmp_path / "restored" / "private")
    cvs = [document.file.name for document in Document.objects.all()]
    assert len(cvs) == 6 and all(name in restored_private for name in cvs)
    manifest = json.loads((folder / "MANIFEST.json").read_text())
    assert manifest["database"]["tables"] == original


def test_it_keeps_only_the_newest_backups(source, tmp_path):
    destination = tmp_path / "backups"
    folders = [run_backup(source, destination, keep=2) for _ in range(3)]
    left = sorted(path for path in destination.iterdir() if not path.name.startswith("."))
    assert left == sorted(folders[1:])


def test_it_refuses_a_damaged_backup(source, restored_name, tmp_path):
    folder = run_backup(source, tmp_path / "backups")
    dump = folder / "database.dump"
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))

    done = run_restore(folder, database_url(restored_name), tmp_path / "restored")

    assert done.returncode == 1
    assert "database.dump does not match its checksum" in done.stderr
    assert not (tmp_path / "restored").exists()


def test_it_refuses_to_restore_over_a_database_that_holds_data(source, tmp_path):
    folder = run_backup(source, tmp_path / "backups")

    done = run_restore(folder, source["url"], tmp_path / "restored")

    assert done.returncode == 1
    assert "is not empty: restore into a new one" in done.stderr
    assert Application.objects.count() == 6
