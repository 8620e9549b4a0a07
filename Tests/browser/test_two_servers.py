"""Two `homeward serve` processes on one PostgreSQL database, under load, as a national deployment
runs several instances: the background work (clock escalations, long-term cases, QA escalations,
tip notices, the outbox) is done once between them, and an instance killed in the middle of a
delivery leaves nothing stuck: its leased messages go out from another instance, once.

Needs the throw-away PostgreSQL server that scripts/test starts (HOMEWARD_TEST_DATABASE_URL)."""

import asyncio
import base64
import json
import os
import signal
import subprocess
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from aiosmtpd.controller import Controller

from conftest import BINARY, free_port, ready, wait_for
from test_delivery import _report, request

ADMIN_URL = os.environ.get("HOMEWARD_TEST_DATABASE_URL")


def psql(url, sql):
    output = subprocess.run(["psql", "-At", "-F", "\t", "-d", url, "-c", sql], capture_output=True, text=True, check=True, timeout=60)
    return [line.split("\t") for line in output.stdout.splitlines() if line]


class StallingMailbox:
    """An SMTP server that keeps every message until `release()` while `stalled`, then accepts."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.stalled = True
        self.waiting = 0

    async def handle_DATA(self, server, session, envelope):
        if self.stalled:
            with self.lock:
                self.waiting += 1
            while self.stalled:
                await asyncio.sleep(0.1)
            # The connection's sender is gone by now; say so to whoever is still there.
            return "451 try again later"
        with self.lock:
            self.messages.append(envelope.content)
        return "250 OK"

    def message_ids(self):
        with self.lock:
            return [line.split(b":", 1)[1].strip() for m in self.messages for line in m.split(b"\r\n") if line.lower().startswith(b"message-id:")]


@pytest.mark.skipif(not ADMIN_URL, reason="needs HOMEWARD_TEST_DATABASE_URL (scripts/test provides it)")
def test_two_instances_share_the_background_work_and_a_killed_one_leaves_nothing_stuck():
    name = f"homeward_two_{uuid.uuid4().hex[:12]}"
    psql(ADMIN_URL, f"CREATE DATABASE {name}")
    database = urllib.parse.urlunsplit(urllib.parse.urlsplit(ADMIN_URL)._replace(path="/" + name))
    mailbox = StallingMailbox()
    smtp_port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    environment = dict(
        os.environ, DATABASE_URL=database, HOMEWARD_SMTP_HOST="127.0.0.1", HOMEWARD_SMTP_PORT=str(smtp_port),
        HOMEWARD_SMTP_SECURITY="none", HOMEWARD_MAIL_FROM="alerts@homeward.example", HOMEWARD_RETRY_SCHEDULE="1s,1s,1s,1s,1s",
        HOMEWARD_DELIVERY_INTERVAL_SECONDS="1", HOMEWARD_ESCALATION_INTERVAL_SECONDS="5", HOMEWARD_DELIVERY_LEASE_SECONDS="30",
        HOMEWARD_TIP_RATE_LIMIT="0",
        # Every instance seals and opens with the same keys, as in production.
        HOMEWARD_FIELD_KEYS="two-1:" + base64.b64encode(os.urandom(32)).decode(),
    )
    processes = []

    def serve(*extra):
        port = free_port()
        data_dir = tempfile.mkdtemp(prefix="homeward-two-")
        process = subprocess.Popen(
            [BINARY, "serve", "--data-dir", data_dir, "--port", str(port), *extra], env=environment,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        processes.append(process)
        base = f"http://127.0.0.1:{port}"
        assert wait_for(lambda: ready(base)), "an instance did not start"
        return process, base, data_dir

    try:
        # The first instance loads the demo; its escalations go to the mailbox, which holds them.
        first, _, _ = serve("--demo")
        assert wait_for(lambda: mailbox.waiting >= 1), "no delivery started"
        first.send_signal(signal.SIGKILL)
        first.wait()
        leased = psql(database, "SELECT COUNT(*) FROM outbox WHERE lease_owner IS NOT NULL AND state = 'pending'")[0][0]
        assert int(leased) >= 1
        mailbox.stalled = False

        # Two instances on the same database, under load from the public and from an agency's system.
        second, base_b, data_b = serve()
        third, base_c, _ = serve()
        # The token works on every instance: it is in the shared database.
        created = subprocess.run(
            [BINARY, "token", "create", "--data-dir", data_b, "--user", "caseworker@demo.homeward.example", "--name", "two servers"],
            env=environment, capture_output=True, text=True, check=True, timeout=60,
        )
        caseworker = [word for word in created.stdout.split() if word.startswith("hw_")][0]
        # The command line on PostgreSQL says only what it did: no warning from the connection pool.
        assert created.stderr.strip().startswith("Token ") and "PostgresClient" not in created.stderr, created.stderr
        with urllib.request.urlopen(base_b + "/api/v1/public/posters", timeout=10) as response:
            slug = json.loads(response.read())["posters"][0]["url"].rstrip("/").rsplit("/", 1)[1]
        acknowledged = []

        def flood(base, count):
            for number in range(count):
                body = urllib.parse.urlencode({"seen": f"two-{base[-5:]}-{number}", "place": "Maplewood", "when": "now",
                                               "contactName": "Pat Witness", "contactPhone": "555-010-9999"}).encode()
                with urllib.request.urlopen(urllib.request.Request(base + f"/posters/{slug}/tips", data=body), timeout=30) as r:
                    if r.status == 201:
                        acknowledged.append(number)

        threads = [threading.Thread(target=flood, args=(base, 150)) for base in (base_b, base_c)]
        for thread in threads:
            thread.start()
        for number, base in enumerate([base_b, base_c, base_b, base_c]):
            received = (datetime.now(timezone.utc) - timedelta(hours=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
            status, filed = request(base, "POST", "/api/v1/episodes", caseworker, _report(received, f"Testwell-{number}"), {"Idempotency-Key": f"two-{number}"})
            assert status == 201, filed
        for thread in threads:
            thread.join(timeout=300)
        assert len(acknowledged) == 300

        # Both instances run every pass; wait until the outbox has nothing left to send.
        def settled():
            pending = psql(database, "SELECT COUNT(*) FROM outbox WHERE state = 'pending'")[0][0]
            late = psql(database, "SELECT COUNT(*) FROM escalations")[0][0]
            return int(pending) == 0 and int(late) > 0

        assert wait_for(settled, seconds=180), psql(database, "SELECT state, COUNT(*) FROM outbox GROUP BY state")

        # Each piece of work was done once.
        assert psql(database, """
            SELECT event_id, channel, COALESCE(recipient_id, ''), COALESCE(endpoint_id, ''), COUNT(*) FROM outbox
            GROUP BY event_id, channel, recipient_id, endpoint_id HAVING COUNT(*) > 1""") == []
        assert psql(database, "SELECT episode_id, kind, COUNT(*) FROM case_tasks GROUP BY episode_id, kind, due_at HAVING COUNT(*) > 1") == []
        assert psql(database, "SELECT COUNT(*) FROM outbox WHERE state = 'dead'")[0][0] == "0"
        ids = mailbox.message_ids()
        delivered = int(psql(database, "SELECT COUNT(*) FROM outbox WHERE channel = 'email' AND state = 'delivered'")[0][0])
        assert len(ids) == len(set(ids)) == delivered, (len(ids), len(set(ids)), delivered)
        # The killed instance's leased messages went out from the others, after their lease.
        assert psql(database, "SELECT COUNT(*) FROM outbox WHERE state = 'pending' OR lease_until IS NOT NULL AND state <> 'delivered'")[0][0] == "0"
        tips = psql(database, "SELECT COUNT(*) FROM tips WHERE seen LIKE 'two-%'")[0][0]
        assert tips == "300"
        assert psql(database, "SELECT COUNT(*) FROM tips WHERE seen LIKE 'two-%' AND notified_at IS NULL")[0][0] == "0"
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait()
        controller.stop()
        subprocess.run(["psql", "-d", ADMIN_URL, "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], capture_output=True)
