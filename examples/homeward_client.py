#!/usr/bin/env python3
"""A reference client for Homeward's system-to-system API, in the Python standard library only.

It shows what a state child-welfare system does: file a missing-from-care report with an
Idempotency-Key and retry it safely (a retry returns the first answer and stores nothing new; the
same key with a different body is refused with 422), read the episode back, list the agency's
episodes a page at a time, and verify a webhook Homeward sent (Standard Webhooks 1.0).

    python3 examples/homeward_client.py --url http://127.0.0.1:8080 --token hw_... file
    python3 examples/homeward_client.py --url ... --token ... list --status open

Every person in the sample report is fictional.
"""

import argparse
import base64
import hashlib
import hmac
import json
import sys
import time
import urllib.error
import urllib.request
import uuid


class Problem(Exception):
    """An RFC 9457 problem answer."""

    def __init__(self, status, body):
        super().__init__(f"{status}: {body.get('title')} {body.get('detail', '')}")
        self.status = status
        self.body = body


class Homeward:
    def __init__(self, url, token, timeout=15):
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def request(self, method, path, body=None, idempotency_key=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, method=method, data=data)
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if idempotency_key:
            request.add_header("Idempotency-Key", idempotency_key)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            payload = error.read()
            try:
                problem = json.loads(payload)
            except ValueError:
                problem = {"title": payload.decode(errors="replace")}
            raise Problem(error.code, problem) from None

    def file_report(self, report, key, attempts=4):
        """Files `report` under `key`, retrying on a dropped connection or a 5xx with back-off:
        because the key is the same, a retry can never file the report twice."""
        for attempt in range(attempts):
            try:
                return self.request("POST", "/api/v1/episodes", report, idempotency_key=key)
            except Problem as problem:
                if problem.status < 500 or attempt == attempts - 1:
                    raise
            except (urllib.error.URLError, TimeoutError, ConnectionError):
                if attempt == attempts - 1:
                    raise
            time.sleep(0.5 * 2**attempt)

    def episodes(self, status=None):
        """Every episode the token may see, following the cursor page by page."""
        cursor = None
        while True:
            query = "?limit=100" + (f"&status={status}" if status else "") + (f"&cursor={cursor}" if cursor else "")
            _, page = self.request("GET", "/api/v1/episodes" + query)
            yield from page["items"]
            cursor = page.get("nextCursor")
            if not cursor:
                return


def verify_webhook(secret, headers, body, tolerance=300, now=None):
    """Standard Webhooks: HMAC-SHA256 with the base64 secret after `whsec_`, over
    `webhook-id.webhook-timestamp.body`, compared in constant time with each `v1,` signature; a
    timestamp more than `tolerance` seconds off is refused."""
    headers = {k.lower(): v for k, v in headers.items()}
    message_id, timestamp, signatures = headers["webhook-id"], headers["webhook-timestamp"], headers["webhook-signature"]
    if abs((now or time.time()) - int(timestamp)) > tolerance:
        return False
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{message_id}.{timestamp}.".encode() + body
    expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(hmac.compare_digest(expected, given) for given in signatures.split(" "))


def sample_report(received_at, first_name="Tamsin", last_name="Exampleton"):
    """A fictional child missing from care, as the report form's JSON takes it."""
    return {
        "firstName": first_name, "lastName": last_name, "dateOfBirth": "2011-09-14", "sex": "F", "race": "W",
        "heightFeet": "5", "heightInches": "2", "weightPounds": "101", "eyeColor": "GRN", "hairColor": "RED",
        "receivedAt": received_at, "lastSeenCity": "Maplewood", "lastSeenState": "IL",
        "circumstances": "Did not return to the placement after school.", "noEndangerments": True,
        "guardianName": "Lakeshore County Children's Services", "guardianPhone": "555-010-2000",
        "policeName": "Maplewood Police Department", "policePhone": "555-010-3000", "caseType": "endangered_runaway",
        "childDecision": "new",
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    commands = parser.add_subparsers(dest="command", required=True)
    filing = commands.add_parser("file", help="file the sample report, retry it, and show the key refusing another body")
    filing.add_argument("--received-at", default=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 3600)))
    filing.add_argument("--key", default=None)
    listing = commands.add_parser("list", help="list the agency's episodes")
    listing.add_argument("--status")
    arguments = parser.parse_args(argv)
    client = Homeward(arguments.url, arguments.token)

    if arguments.command == "file":
        key = arguments.key or f"example-{uuid.uuid4()}"
        report = sample_report(arguments.received_at)
        status, first = client.file_report(report, key)
        _, again = client.file_report(report, key)
        changed = dict(report, circumstances="Another text under the same key.")
        try:
            client.file_report(changed, key)
            refused = None
        except Problem as problem:
            refused = problem.status
        _, read_back = client.request("GET", f"/api/v1/episodes/{first['id']}")
        print(json.dumps({
            "status": status, "id": first["id"], "caseNumber": first.get("caseNumber"), "retrySameId": again["id"] == first["id"],
            "changedBodyStatus": refused, "readBackStatus": read_back["status"],
        }))
        return 0 if again["id"] == first["id"] and refused == 422 else 1
    for episode in client.episodes(arguments.status):
        print(episode["id"], episode.get("caseNumber") or "-", episode["status"], episode["receivedAt"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
