"""Job kinds that exist only in the tests: one that counts items and can be told to fail midway."""

from __future__ import annotations

from cakupan.jobs.registry import job_kind
from cakupan.jobs.runner import JobContext

DONE_ITEMS: list[int] = []


class Interrupted(Exception):
    pass


@job_kind("test.count", label="Count items")
def count_items(context: JobContext) -> None:
    """Counts to `items`, skipping those a previous run finished; fails at `fail_at` if asked to."""
    items = int(context.params["items"])
    context.start(items)
    finished = set(context.checkpoint.get("finished", []))
    context.job.done = len(finished)
    for item in range(items):
        if item in finished:
            continue
        if item == context.params.get("fail_at") and not context.checkpoint.get("failed_once"):
            context.checkpoint["failed_once"] = True
            context.save_checkpoint()
            raise Interrupted(f"stopped at item {item}")
        DONE_ITEMS.append(item)
        finished.add(item)
        context.checkpoint["finished"] = sorted(finished)
        context.advance(force=True)
    (context.folder / "count.txt").write_text(str(items))
    context.finish(result_name="count.txt")
