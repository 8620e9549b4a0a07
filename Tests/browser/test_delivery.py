"""Notifications that leave Homeward: a breached clock reaches a real SMTP server (aiosmtpd) as an
e-mail and a local receiver as a signed webhook, which a receiver failing three times gets exactly
once more with the same webhook-id. A server of its own, with its own data, runs for this test.
Every person is fictional."""

import base64
import email
import hashlib
import hmac
import json
import os
import subprocess
import tempfile
import threading
import time
import urllib.request
from datetime import datetime, timedelta, timezone
from email import policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

from conftest import BINARY, free_port, ready, wait_for

DEMO_CHILD_NAMES = ["Halloway", "Marchetti", "Castellan", "Oyelaran", "Sorvik", "Brandtner"]


class Mailbox:
    """The SMTP server's handler: keeps every message as received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


class Receiver(BaseHTTPRequestHandler):
    """Answers 500 to the first three calls of each webhook-id, then 200; keeps every call."""

    calls = []
    lock = threading.Lock()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with self.lock:
            message_id = self.headers.get("webhook-id")
            earlier = sum(1 for c in self.calls if c["id"] == message_id)
            self.calls.append(
                {"id": message_id, "timestamp": self.headers.get("webhook-timestamp"),
                 "signature": self.headers.get("webhook-signature"), "body": body}
            )
        self.send_response(500 if earlier < 3 else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def verify(secret, call):
    """The Standard Webhooks recipe: HMAC-SHA256 over id.timestamp.body with the base64 secret."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{call['id']}.{call['timestamp']}.".encode() + call["body"]
    expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(hmac.compare_digest(expected, given) for given in call["signature"].split(" "))


def request(base, method, path, token, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, method=method, data=data)
    req.add_header("Authorization", f"Bearer {token}")
    req.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        req.add_header(name, value)
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def test_a_breached_clock_reaches_a_real_mailbox_and_a_signed_webhook_once_more_after_three_failures():
    mailbox = Mailbox()
    smtp_port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    Receiver.calls = []
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    data_dir = tempfile.mkdtemp(prefix="homeward-delivery-")
    port = free_port()
    environment = dict(
        os.environ, HOMEWARD_SMTP_HOST="127.0.0.1", HOMEWARD_SMTP_PORT=str(smtp_port), HOMEWARD_SMTP_SECURITY="none",
        HOMEWARD_MAIL_FROM="alerts@homeward.example", HOMEWARD_WEBHOOK_ALLOW="*,127.0.0.0/8",
        HOMEWARD_RETRY_SCHEDULE="1s,1s,1s,1s,1s", HOMEWARD_DELIVERY_INTERVAL_SECONDS="1", HOMEWARD_ESCALATION_INTERVAL_SECONDS="5",
    )
    server = subprocess.Popen(
        [BINARY, "serve", "--demo", "--data-dir", data_dir, "--port", str(port)], env=environment,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: ready(base)), "the server did not start"
        # The demo's breached clocks are escalated at start: their e-mails reach the mailbox.
        assert wait_for(lambda: len(mailbox.messages) >= 3), f"{len(mailbox.messages)} e-mails arrived"
        # Messages of one pass may go out in any order (an overdue QA review's among them): read
        # the first about a case's clock.
        parsed_messages = [email.message_from_bytes(raw, policy=policy.default) for _, raw in mailbox.messages]
        for parsed in parsed_messages:
            assert parsed["From"] == "alerts@homeward.example" and parsed["Message-ID"].startswith("<msg_")
        clock_mail = [m for m in parsed_messages if "/episodes/" in m.get_body(("plain",)).get_content()]
        assert clock_mail, "no e-mail about a case's clock arrived"
        assert clock_mail[0].get_body(("html",)) is not None
        for _, content in mailbox.messages:
            for name in DEMO_CHILD_NAMES:
                assert name.encode() not in content and base64.b64encode(name.encode()) not in content

        # The agency's system registers a webhook endpoint; its secret comes back once.
        admin = _token(data_dir, "cw.admin@demo.homeward.example")
        caseworker = _token(data_dir, "caseworker@demo.homeward.example")
        organization = request(base, "GET", "/api/v1/me", admin)[1]["organization"]["id"]
        receiver_url = f"http://127.0.0.1:{receiver.server_address[1]}/hooks"
        status, endpoint = request(
            base, "POST", f"/api/v1/organizations/{organization}/webhooks", admin, {"url": receiver_url, "eventTypes": ["clock.breach"]}
        )
        assert status == 201 and endpoint["secret"].startswith("whsec_")

        # A report filed 30 hours after the agency learned of it: the 24-hour clocks are breached.
        received = (datetime.now(timezone.utc) - timedelta(hours=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
        status, filed = request(base, "POST", "/api/v1/episodes", caseworker, _report(received), {"Idempotency-Key": "delivery-test-1"})
        assert status == 201, filed

        def delivered():
            with Receiver.lock:
                return any(c for c in Receiver.calls if filed["id"].encode() in c["body"] and _succeeded(c))

        assert wait_for(delivered, 90), f"no delivery: {len(Receiver.calls)} calls"
        with Receiver.lock:
            calls = [c for c in Receiver.calls if filed["id"].encode() in c["body"]]
        by_id = {}
        for call in calls:
            by_id.setdefault(call["id"], []).append(call)
        for message_id, attempts in by_id.items():
            # Three failures, then exactly one more: the same id and body every time.
            assert len(attempts) == 4, (message_id, len(attempts))
            assert len({a["body"] for a in attempts}) == 1
            assert all(verify(endpoint["secret"], a) for a in attempts)
            payload = json.loads(attempts[0]["body"])
            assert payload["type"] == "clock.breach" and payload["data"]["episodeId"] == filed["id"]
            assert set(payload) == {"type", "timestamp", "data"}
        time.sleep(3)
        with Receiver.lock:
            assert len([c for c in Receiver.calls if filed["id"].encode() in c["body"]]) == len(calls), "a message arrived again"
        # The deliveries show each message delivered after four attempts.
        status, deliveries = request(base, "GET", f"/api/v1/organizations/{organization}/deliveries?state=delivered", admin)
        webhooks = [d for d in deliveries["items"] if d["channel"] == "webhook"]
        assert webhooks and all(d["attempts"] == 4 and d["lastStatus"] == 200 for d in webhooks)
    finally:
        server.terminate()
        server.wait(timeout=30)
        receiver.shutdown()
        controller.stop()


def _succeeded(call):
    with_id = [c for c in Receiver.calls if c["id"] == call["id"]]
    return len(with_id) >= 4


def _token(data_dir, user):
    output = subprocess.run(
        [BINARY, "token", "create", "--data-dir", data_dir, "--user", user, "--name", "delivery test"],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout
    return [line for line in output.split() if line.startswith("hw_")][0]


def _report(received, last_name="Testwell"):
    """A report of a fictional child; each child of one name and birth date has one open case at a time."""
    return {
        "firstName": "Rowan", "lastName": last_name, "dateOfBirth": "2012-03-04", "sex": "M", "race": "W", "heightFeet": "4",
        "heightInches": "11", "weightPounds": "88", "eyeColor": "BLU", "hairColor": "BRO", "receivedAt": received,
        "lastSeenCity": "Maplewood", "lastSeenState": "IL", "circumstances": "Did not come back from the corner store.",
        "noEndangerments": True, "guardianName": "Lakeshore County Children's Services", "guardianPhone": "555-010-2000",
        "policeName": "Maplewood Police Department", "policePhone": "555-010-3000", "caseType": "endangered_runaway",
        "childDecision": "new",
    }
