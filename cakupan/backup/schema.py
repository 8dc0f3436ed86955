"""Migration state: what the code knows and needs, and what a database has applied. A backup records the
database's; a restore takes only a backup whose state is exactly the code's."""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

State = dict[str, list[str]]


def _by_app(keys: set[tuple[str, str]]) -> State:
    state: State = {}
    for app, name in sorted(keys):
        state.setdefault(app, []).append(name)
    return state


def _keys(state: State) -> set[tuple[str, str]]:
    return {(app, name) for app, names in state.items() for name in names}


def code_state() -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(every migration the code has on disk, the ones a database must have applied to match the code)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return set(loader.disk_migrations), set(loader.graph.nodes)


def applied_state(connection: BaseDatabaseWrapper) -> State:
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return {}
    return _by_app(set(recorder.applied_migrations()))


def differences(state: State) -> tuple[list[str], list[str]]:
    """(migrations in `state` this code does not know: it is newer; migrations the code needs that `state`
    lacks: it is older), each as `app.name`."""
    known, needed = code_state()
    found = _keys(state)
    newer = sorted(f"{app}.{name}" for app, name in found - known)
    older = sorted(f"{app}.{name}" for app, name in needed - found)
    return newer, older
