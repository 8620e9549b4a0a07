"""The reference client in examples/ runs against the real server: it files an episode, a retry
with the same key creates nothing, a changed body under the same key gets 422, and its webhook
check accepts what Homeward signs and refuses anything else."""

import base64
import importlib.util
import json
import os
import subprocess
import sys
import time

from conftest import BASE_URL, homeward

EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "homeward_client.py")


def load_example():
    spec = importlib.util.spec_from_file_location("homeward_client", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_example_client_files_once_retries_safely_and_is_refused_a_changed_body():
    token = homeward("token", "create", "--user", "caseworker@demo.homeward.example", "--name", "example client").stdout.strip()
    received = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 3600))
    command = [sys.executable, EXAMPLE, "--url", BASE_URL, "--token", token, "file", "--key", "example-client-test-1", "--received-at", received]
    result = subprocess.run(
        command,
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    outcome = json.loads(result.stdout)
    assert outcome["status"] == 201 and outcome["retrySameId"] and outcome["changedBodyStatus"] == 422

    client = load_example().Homeward(BASE_URL, token)
    filed = [e for e in client.episodes() if e["id"] == outcome["id"]]
    assert len(filed) == 1, "the retry stored nothing new"
    # Running it again with the same key answers with the same episode and files nothing.
    again = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert json.loads(again.stdout)["id"] == outcome["id"]
    assert len([e for e in client.episodes() if e["child"]["lastName"] == "Exampleton"]) == 1


def test_the_example_webhook_check_accepts_a_homeward_signature_and_nothing_else():
    example = load_example()
    # The specification's own example, at its own time.
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    headers = {
        "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp": "1614265330",
        "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    }
    body = b'{"test": 2432232314}'
    assert example.verify_webhook(secret, headers, body, now=1614265330)
    assert not example.verify_webhook(secret, headers, body + b" ", now=1614265330)
    assert not example.verify_webhook(secret, headers, body, now=1614265330 + 3600)
    other = "whsec_" + base64.b64encode(b"another secret of thirty-two b!!").decode()
    assert not example.verify_webhook(other, headers, body, now=1614265330)
    assert time.time() > 1614265330
