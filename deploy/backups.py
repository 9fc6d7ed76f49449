"""Backups of Vivier and their restore: deploy/backup and deploy/restore (docs/operations.md).

A backup is a folder named after its UTC time, vivier-20261203T031500Z/, holding:

- database.dump: pg_dump in its custom format (compressed, restorable table by table);
- files.tar: the public media (media/…) and the private media, CVs included (private/…);
- MANIFEST.json: the row count of every table, taken in the very snapshot pg_dump saves (an
  exported snapshot, so the two agree even while Vivier keeps writing), every file's path and
  size, the SHA-256 of database.dump and files.tar, and the version of Vivier.

The database is saved before the files: a file written in between is saved without its row (an
orphan, harmless); none that a saved row names is missing unless it was deleted in between.
A backup is written under a .partial name and renamed when complete: an interrupted backup never
counts, and retention (the N newest complete ones kept) never deletes a good one for it.
Restore checks the checksums first, refuses a database or folder that is not empty, and checks
after restoring that every table holds the rows and every file the bytes the manifest says.
Backups hold candidates' personal data: folder 0700, files 0600; encrypt any copy kept away.
"""

import datetime as dt
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
NAME = re.compile(r"^vivier-\d{8}T\d{6}Z(-\d+)?$")
DUMP, FILES, MANIFEST = "database.dump", "files.tar", "MANIFEST.json"
FOLDERS = ("media", "private")  # names inside files.tar; MEDIA_ROOT and PRIVATE_MEDIA_ROOT


class BackupError(Exception):
    pass


def libpq_url(url: str) -> str:
    """DATABASE_URL as pg_dump and psycopg read it (Django also accepts postgres://, pgsql://)."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise BackupError(f"not a PostgreSQL address: {parts.scheme}://…")
    return urlunsplit(parts._replace(scheme="postgresql"))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def table_counts(connection) -> dict[str, int]:
    """Rows of every table of the database, as schema.table -> count."""
    tables = connection.execute(
        "SELECT schemaname, tablename FROM pg_tables"
        " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        " ORDER BY schemaname, tablename"
    ).fetchall()
    counts = {}
    for schema, table in tables:
        query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(schema, table))
        counts[f"{schema}.{table}"] = connection.execute(query).fetchone()[0]
    return counts


def folder_files(root: Path) -> dict[str, int]:
    """Every file under root: relative path -> size in bytes."""
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): path.stat().st_size
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def vivier_version() -> str:
    found = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True
    )
    return found.stdout.strip() if found.returncode == 0 else "unknown"


# --- backup --------------------------------------------------------------------------------------
def backup(
    *,
    database_url: str,
    media_root: Path,
    private_media_root: Path,
    destination: Path,
    keep: int,
    now: dt.datetime | None = None,
) -> Path:
    """Write a complete backup into destination and keep the `keep` newest; its folder."""
    if keep < 1:
        raise BackupError("--keep must be at least 1")
    url = libpq_url(database_url)
    os.umask(0o077)
    destination.mkdir(parents=True, exist_ok=True)
    with (destination / ".lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise BackupError(f"another backup is writing into {destination}") from error
        for stale in destination.glob("vivier-*.partial"):  # left by an interrupted backup
            shutil.rmtree(stale)
        folder = _new_folder(destination, now or dt.datetime.now(dt.UTC))
        partial = folder.with_name(folder.name + ".partial")
        partial.mkdir()
        manifest = {
            "format": 1,
            "created_at": (now or dt.datetime.now(dt.UTC)).isoformat(),
            "vivier_version": vivier_version(),
            "database": {"name": database_name(url)},
        }
        manifest["database"]["tables"] = _dump(url, partial / DUMP)
        manifest["files"] = _archive(
            {"media": media_root, "private": private_media_root}, partial / FILES
        )
        manifest["sha256"] = {name: sha256(partial / name) for name in (DUMP, FILES)}
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        partial.rename(folder)
        for old in complete_backups(destination)[:-keep]:
            shutil.rmtree(old)
    return folder


def _new_folder(destination: Path, now: dt.datetime) -> Path:
    base = f"vivier-{now.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
    folder, number = destination / base, 1
    while folder.exists():  # two backups within one second
        number += 1
        folder = destination / f"{base}-{number}"
    return folder


def _dump(url: str, path: Path) -> dict[str, int]:
    """pg_dump of the database and its row counts, both from one snapshot."""
    with psycopg.connect(url) as connection:
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        with connection.transaction():
            snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
            counts = table_counts(connection)
            subprocess.run(
                ["pg_dump", "--format=custom", f"--snapshot={snapshot}", "--file", str(path),
                 "--dbname", url],
                check=True,
            )  # fmt: skip
    return counts


def _archive(roots: dict[str, Path], path: Path) -> dict:
    """A tar of the folders (uncompressed: PDFs, DOCX and images are compressed already)."""
    files = {}
    with tarfile.open(path, "w") as archive:
        for name, root in roots.items():
            files[name] = folder_files(root)
            for relative in files[name]:
                archive.add(root / relative, arcname=f"{name}/{relative}", recursive=False)
    return files


def complete_backups(destination: Path) -> list[Path]:
    """The complete backups in destination, oldest first."""
    return sorted(
        folder
        for folder in destination.iterdir()
        if folder.is_dir() and NAME.match(folder.name) and (folder / MANIFEST).exists()
    )


# --- restore -------------------------------------------------------------------------------------
def restore(*, folder: Path, database_url: str, media_root: Path, private_media_root: Path) -> dict:
    """Restore a backup into an empty (or new) database and empty folders, then check it.

    Returns what was checked: {"tables": n, "rows": n, "files": n}; raises BackupError on any
    difference from the manifest.
    """
    manifest = json.loads((folder / MANIFEST).read_text())
    for name, expected in manifest["sha256"].items():
        if sha256(folder / name) != expected:
            raise BackupError(f"{name} does not match its checksum: the backup is damaged")
    url = libpq_url(database_url)
    roots = {"media": media_root, "private": private_media_root}
    for root in roots.values():
        if root.exists() and any(root.iterdir()):
            raise BackupError(f"{root} is not empty: restore into an empty or new folder")
    _create_empty_database(url)
    subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--jobs", "2",
         "--dbname", url, str(folder / DUMP)],
        check=True,
    )  # fmt: skip
    _extract(folder / FILES, roots)
    return check_restore(manifest, url, roots)


def _create_empty_database(url: str) -> None:
    name = database_name(url)
    maintenance = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            return
    with psycopg.connect(url) as connection:
        if table_counts(connection):
            raise BackupError(f"the database {name} is not empty: restore into a new one")


def _extract(path: Path, roots: dict[str, Path]) -> None:
    with tarfile.open(path) as archive:
        for member in archive:
            top, _, relative = member.name.partition("/")
            if top not in roots or not relative:
                raise BackupError(f"unexpected entry in {path.name}: {member.name}")
            roots[top].mkdir(parents=True, exist_ok=True)
            # The "data" filter refuses links out of the folder, absolute paths, devices.
            archive.extract(member.replace(name=relative), roots[top], filter="data")


def check_restore(manifest: dict, url: str, roots: dict[str, Path]) -> dict:
    with psycopg.connect(url) as connection:
        counts = table_counts(connection)
    expected = manifest["database"]["tables"]
    if counts != expected:
        differences = sorted(
            f"{table}: {expected.get(table)} saved, {counts.get(table)} restored"
            for table in set(expected) | set(counts)
            if expected.get(table) != counts.get(table)
        )
        raise BackupError("the restored database differs: " + "; ".join(differences[:10]))
    files = 0
    for name, root in roots.items():
        restored = folder_files(root)
        if restored != manifest["files"][name]:
            missing = set(manifest["files"][name]) - set(restored)
            raise BackupError(f"{name}: {len(missing)} files missing or of another size")
        files += len(restored)
    return {"tables": len(counts), "rows": sum(counts.values()), "files": files}
