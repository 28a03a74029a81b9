"""Running writes at the same moment, each on its own thread and database connection, for the tests that
try two people saving at once (real threads: PostgreSQL lets them overlap; SQLite takes one writer at a time)."""

import threading

from django.db import connection


def at_once(jobs, timeout=60):
    """Run each job (a function of no arguments) on its own thread, all released together by a barrier; return
    what each returned or the exception it raised, in the order they finished."""
    start, outcomes = threading.Barrier(len(jobs)), []

    def run(job):
        try:
            start.wait(10)
            outcomes.append(job())
        except Exception as exc:  # an error is an outcome too: the caller's assertion shows it
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a writer never finished (deadlock?)"
    return outcomes
