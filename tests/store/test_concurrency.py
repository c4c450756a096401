"""A separate writer process and the dashboard's threads share one store file.

DuckDB admits one process at a time; the store serialises access, so neither side may see
a lock error and no write may be lost. Counted, not timed.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading

from risk_model.access import SYSTEM
from store import Store, context, inventory

WRITER = textwrap.dedent(
    """
    import sys
    from risk_model.access import SYSTEM
    from store import Store, context, records
    db = Store(sys.argv[1])
    for n in range(int(sys.argv[2])):
        records.add_record(db, context.CONTEXT_ISSUE,
                           {"kind": "external", "title": f"writer issue {n}"}, SYSTEM)
    print("done")
    """
)


def test_writer_process_and_app_threads_lose_nothing(db: Store, tmp_path):
    system_id = inventory.add_system(db, {"name": "Shared", "description": "0"}, SYSTEM)
    writes = 60
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db.path), str(writes)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    errors: list[BaseException] = []
    added: list[str] = []

    def session(n: int) -> None:
        try:
            for i in range(10):
                inventory.list_systems(db)
                added.append(inventory.add_system(db, {"name": f"session {n} system {i}"}, SYSTEM))
                context.list_records(db, context.CONTEXT_ISSUE)
        except BaseException as error:  # noqa: BLE001 - any failure is the finding
            errors.append(error)

    threads = [threading.Thread(target=session, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out, err = writer.communicate(timeout=120)
    assert errors == []
    assert writer.returncode == 0, err
    assert out.strip() == "done"
    systems = inventory.list_systems(db)
    assert len(systems) == 1 + 4 * 10 == len(set(systems["id"]))
    assert set(added) | {system_id} == set(systems["id"])
    titles = set(context.list_records(db, context.CONTEXT_ISSUE)["title"])
    assert titles == {f"writer issue {n}" for n in range(writes)}
