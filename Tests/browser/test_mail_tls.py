"""E-mail over TLS: alerts reach a relay that requires STARTTLS and AUTH over it (aiosmtpd), with
the relay's certificate checked against an authority Homeward is told to trust; a relay whose
certificate no trusted authority signed gets nothing. A server of its own, with its own data,
runs for each case. Every person is fictional."""

import os
import sqlite3
import ssl
import subprocess
import tempfile

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from conftest import BINARY, free_port, ready, wait_for


class Mailbox:
    """Keeps every message as received, with whether the session was encrypted and signed in."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append({"to": envelope.rcpt_tos, "tls": session.ssl is not None,
                              "login": session.authenticated, "content": envelope.content})
        return "250 OK"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = mechanism == "PLAIN" and auth_data.login == b"homeward" and auth_data.password == b"relay-secret"
    return AuthResult(success=ok)


def certificate(directory, name):
    """A self-signed certificate for localhost, as an authority of its own: (cert, key) paths."""
    cert, key = os.path.join(directory, f"{name}.pem"), os.path.join(directory, f"{name}.key")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost", "-keyout", key, "-out", cert],
        check=True, capture_output=True, timeout=60,
    )
    return cert, key


def failed_email_attempts(data_dir):
    """The e-mail outbox's failed attempts so far, with their errors, read from the database."""
    try:
        with sqlite3.connect(os.path.join(data_dir, "homeward.sqlite"), timeout=5) as db:
            return db.execute(
                "SELECT attempts, last_error FROM outbox WHERE channel = 'email' AND attempts > 0 AND last_error IS NOT NULL"
            ).fetchall()
    except sqlite3.Error:
        return []


def serve(mailbox, relay_cert, relay_key, trusted_cert, run):
    """Runs `run(mailbox, data_dir)` with a STARTTLS relay using `relay_cert` and Homeward trusting `trusted_cert`."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(relay_cert, relay_key)
    smtp_port = free_port()
    controller = Controller(
        mailbox, hostname="127.0.0.1", port=smtp_port, tls_context=context, require_starttls=True,
        authenticator=authenticator, auth_required=True, auth_require_tls=True,
    )
    controller.start()
    data_dir = tempfile.mkdtemp(prefix="homeward-mail-tls-")
    port = free_port()
    environment = dict(
        os.environ, HOMEWARD_SMTP_HOST="localhost", HOMEWARD_SMTP_PORT=str(smtp_port), HOMEWARD_SMTP_SECURITY="starttls",
        HOMEWARD_SMTP_USER="homeward", HOMEWARD_SMTP_PASSWORD="relay-secret", HOMEWARD_SMTP_CA_FILE=trusted_cert,
        HOMEWARD_MAIL_FROM="alerts@homeward.example", HOMEWARD_RETRY_SCHEDULE="1s,1s,1s,1s,1s",
        HOMEWARD_DELIVERY_INTERVAL_SECONDS="1", HOMEWARD_ESCALATION_INTERVAL_SECONDS="5",
    )
    server = subprocess.Popen(
        [BINARY, "serve", "--demo", "--data-dir", data_dir, "--port", str(port)], env=environment,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(lambda: ready(f"http://127.0.0.1:{port}")), "the server did not start"
        run(mailbox, data_dir)
    finally:
        server.terminate()
        server.wait(timeout=30)
        controller.stop()


def test_alerts_reach_a_relay_that_requires_starttls_and_a_login():
    with tempfile.TemporaryDirectory() as directory:
        cert, key = certificate(directory, "relay")

        def run(mailbox, data_dir):
            # The demo's breached clocks are escalated at start; their e-mails go out over TLS.
            assert wait_for(lambda: len(mailbox.messages) >= 3), f"{len(mailbox.messages)} e-mails arrived"
            for message in mailbox.messages:
                assert message["tls"] and message["login"]
                assert b"From: alerts@homeward.example" in message["content"]

        serve(Mailbox(), cert, key, cert, run)


def test_a_relay_whose_certificate_no_trusted_authority_signed_gets_nothing():
    with tempfile.TemporaryDirectory() as directory:
        cert, key = certificate(directory, "relay")
        other, _ = certificate(directory, "other")

        def run(mailbox, data_dir):
            # Every e-mail is tried more than once and fails at the TLS handshake; none arrives.
            assert wait_for(lambda: len(failed_email_attempts(data_dir)) >= 3
                            and all(attempts >= 2 for attempts, _ in failed_email_attempts(data_dir))), \
                failed_email_attempts(data_dir)
            assert mailbox.messages == []
            assert all("STARTTLS" in error or "SMTP" in error for _, error in failed_email_attempts(data_dir))

        serve(Mailbox(), cert, key, other, run)
