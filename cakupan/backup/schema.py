"""Migration state: what the code knows and needs, and what a database has applied. A backup records the
database's; a restore takes a backup whose state is the code's, or a past state of it (an older version's
backup), which it restores at that state and then migrates forward."""

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


def past_targets(state: State) -> list[tuple[str, str]] | None:
    """The migration targets that give exactly `state`, when it is a past state of this code (every
    migration known, and each one's dependencies in it too); None when it is not."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    found = _keys(state)
    if not found <= set(loader.graph.nodes):
        return None
    targets: list[tuple[str, str]] = []
    for app in sorted({app for app, _name in found}):
        mine = [node for node in found if node[0] == app]
        # The app's last applied migration: the one whose plan reaches every other applied one of the app.
        last = max(mine, key=lambda node: len(loader.graph.forwards_plan(node)))
        if not set(mine) <= set(loader.graph.forwards_plan(last)):
            return None
        targets.append(last)
    reached = {node for target in targets for node in loader.graph.forwards_plan(target)}
    return targets if reached == found else None


def differences(state: State) -> tuple[list[str], list[str]]:
    """(migrations in `state` this code does not know: it is newer; migrations the code needs that `state`
    lacks: it is older), each as `app.name`."""
    known, needed = code_state()
    found = _keys(state)
    newer = sorted(f"{app}.{name}" for app, name in found - known)
    older = sorted(f"{app}.{name}" for app, name in needed - found)
    return newer, older
