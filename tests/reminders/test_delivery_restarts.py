"""The delivery engine when a replica's process dies and a new one starts under the same REPLICA_ID.

That is the usual restart: REPLICA_ID is set per replica (a StatefulSet pod name), and its default,
host name and process id, repeats when a container restarts in place. The new process must wait out
the dead one's tenant lease and claims like any other process would: its rate limits have not seen
the dead one's sends, and rows it never claimed must not be kept "sending" by its lease renewals.
Found with two real processes (tests/e2e/test_reminder_replicas.py).
"""

from __future__ import annotations

import datetime as dt

from storage import deliveries_repository as repo
from storage.database import writing
from tests.reminders.test_delivery import DUE, TENANT, Sessions, _due_and_targets, build_world


async def test_a_process_restarted_under_the_same_replica_id_waits_out_the_dead_ones_claims(sessions: Sessions) -> None:
    world = await build_world(sessions)
    lease = dt.timedelta(seconds=30)
    world.clock._now = DUE
    # The first process of replica-a claimed one of the two deliveries and was killed before sending it.
    first = world.engine("replica-a")
    await first._materialise(*await _due_and_targets(first, DUE), DUE)
    async with writing(world.sessions) as session:
        assert await repo.acquire_tenant_leases(session, [TENANT], replica="replica-a", now=DUE, until=DUE + lease)
        [orphan] = await repo.claim(
            session,
            replica="replica-a",
            tenant=TENANT,
            now=DUE,
            until=DUE + lease,
            fresh_since=DUE - dt.timedelta(hours=6),
            limit=1,
        )

    # Restarted five seconds later: its rate limits know nothing of the dead process's sends, so like
    # any other process it waits until the dead one's tenant lease has run out.
    restarted = world.engine("replica-a")
    world.clock._now = DUE + dt.timedelta(seconds=5)
    early = await restarted.deliver_due()
    [row] = await world.rows(ids=[orphan.id])
    assert row.lease_until == DUE + lease, "a new process renewed a claim it never made"
    assert early.sent == 0, "a new process sent in a tenant whose lease a dead process still held"

    # Once that lease is over, both deliveries go out: the orphan is claimed again.
    world.clock._now = DUE + lease + dt.timedelta(seconds=1)
    await restarted.deliver_due()
    assert {(r.state, r.attempts) for r in await world.rows()} == {(repo.SENT, 1), (repo.SENT, 2)}
