"""homeward backup while a real server takes tips from a flood, then homeward restore into an empty
folder: the restore verifies every table against the manifest and the audit chain, and every tip
acknowledged before the backup began is in the restored copy."""

import os
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import urllib.parse
import urllib.request
import json

from conftest import BINARY, free_port, ready, wait_for


def test_a_backup_taken_while_serving_under_load_restores_identical():
    data_dir = tempfile.mkdtemp(prefix="homeward-backup-")
    target = tempfile.mkdtemp(prefix="homeward-restored-")
    port = free_port()
    environment = dict(os.environ, HOMEWARD_TIP_RATE_LIMIT="0")
    environment.pop("DATABASE_URL", None)
    server = subprocess.Popen(
        [BINARY, "serve", "--demo", "--data-dir", data_dir, "--port", str(port)], env=environment,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    acknowledged = []
    lock = threading.Lock()
    stop = threading.Event()
    try:
        assert wait_for(lambda: ready(base)), "the server did not start"
        with urllib.request.urlopen(base + "/api/v1/public/posters", timeout=10) as response:
            slug = json.loads(response.read())["posters"][0]["url"].rstrip("/").rsplit("/", 1)[1]

        def flood(worker):
            number = 0
            while not stop.is_set() and number < 5000:
                number += 1
                text = f"backup-{worker}-{number}"
                body = urllib.parse.urlencode({"seen": text, "place": "Maplewood", "when": "now", "contactName": "Pat Witness",
                                               "contactPhone": "555-010-9999"}).encode()
                with urllib.request.urlopen(urllib.request.Request(base + f"/posters/{slug}/tips", data=body), timeout=30) as r:
                    if r.status == 201:
                        with lock:
                            acknowledged.append(text)

        threads = [threading.Thread(target=flood, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        assert wait_for(lambda: len(acknowledged) >= 200)
        with lock:
            before = list(acknowledged)
        backup = os.path.join(data_dir, "under-load.hwbackup")
        made = subprocess.run([BINARY, "backup", "--data-dir", data_dir, backup], env=environment, capture_output=True, text=True,
                              timeout=300)
        assert made.returncode == 0, made.stderr
        assert wait_for(lambda: len(acknowledged) >= len(before) + 200), "the server stopped taking tips during the backup"
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

        # The restore needs the key the server sealed the tips' contacts with.
        shutil.copy(os.path.join(data_dir, "field-keys"), os.path.join(target, "field-keys"))
        restored = subprocess.run([BINARY, "restore", "--data-dir", target, backup], env=environment, capture_output=True, text=True,
                                  timeout=300)
        assert restored.returncode == 0, restored.stderr
        assert "identical to the backup" in restored.stdout and "chain intact" in restored.stdout
        with sqlite3.connect(os.path.join(target, "homeward.sqlite")) as db:
            stored = {row[0] for row in db.execute("SELECT seen FROM tips WHERE seen LIKE 'backup-%'")}
        assert set(before) <= stored and len(stored) < len(acknowledged)
        # Restoring again over the restored data is refused.
        again = subprocess.run([BINARY, "restore", "--data-dir", target, backup], env=environment, capture_output=True, text=True,
                               timeout=300)
        assert again.returncode == 2 and "already holds data" in again.stderr
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)
        shutil.rmtree(target, ignore_errors=True)
