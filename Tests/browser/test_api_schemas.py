"""Every documented read of the JSON API answers what the OpenAPI document says it answers: each
response body is validated against the operation's response schema (JSON Schema 2020-12, as
OpenAPI 3.1 uses), and refusals against the Problem schema."""

import json

from jsonschema import Draft202012Validator

from conftest import homeward, http, organization_ids


def document():
    status, _, body = http("GET", "/openapi.json")
    assert status == 200
    return json.loads(body)


def validator(doc, schema):
    # The document is the root resource, so "#/components/schemas/..." references resolve in it.
    return Draft202012Validator({**{k: v for k, v in doc.items() if k != "paths"}, **schema})


def check(doc, path_pattern, path, token, status=200):
    got, headers, body = http("GET", path, token)
    assert got == status, (path, got, body[:300])
    response = doc["paths"][path_pattern]["get"]["responses"][str(status)]
    media = "application/json" if status < 400 else "application/problem+json"
    schema = response["content"][media]["schema"]
    errors = sorted(validator(doc, schema).iter_errors(json.loads(body)), key=lambda e: list(e.path))
    assert not errors, (path, [f"{list(e.path)}: {e.message}" for e in errors[:5]])
    return json.loads(body)


def token(email):
    return homeward("token", "create", "--user", email, "--name", "schema test").stdout.strip()


def test_every_documented_read_answers_its_schema():
    doc = document()
    ids = organization_ids()
    admin = token("admin@demo.homeward.example")
    gets = {p for p, ops in doc["paths"].items() if "get" in ops}

    checked = set()

    def read(pattern, path, as_token, status=200):
        checked.add(pattern)
        return check(doc, pattern, path, as_token, status)

    read("/api/v1/me", "/api/v1/me", admin)
    read("/api/v1/organizations", "/api/v1/organizations", admin)
    read("/api/v1/organizations/{org}", f"/api/v1/organizations/{ids['cw-lakeshore']}", admin)
    read("/api/v1/organizations/{org}/users", f"/api/v1/organizations/{ids['cw-lakeshore']}/users", admin)
    read("/api/v1/audit-events", "/api/v1/audit-events?limit=50", admin)
    read("/api/v1/notifications", "/api/v1/notifications", token("case.manager@demo.homeward.example"))
    read("/api/v1/public/posters", "/api/v1/public/posters", None)
    read("/api/v1/public/members", "/api/v1/public/members", None)
    read("/api/v1/applications", "/api/v1/applications", token("reviewer@demo.homeward.example"))
    read("/api/v1/tips", "/api/v1/tips", token("investigator@demo.homeward.example"))
    psap_admin = token("psap.admin@demo.homeward.example")
    psap = json.loads(http("GET", "/api/v1/me", psap_admin)[2])["organization"]["id"]
    read("/api/v1/agencies/{org}/readiness", f"/api/v1/agencies/{psap}/readiness", psap_admin)

    telecommunicator = token("telecommunicator@demo.homeward.example")
    calls = read("/api/v1/calls", "/api/v1/calls", telecommunicator)
    read("/api/v1/calls/{call}", f"/api/v1/calls/{calls['items'][0]['id']}", telecommunicator)
    qa = token("qa.reviewer@demo.homeward.example")
    read("/api/v1/qa-reviews", "/api/v1/qa-reviews", qa)
    check(doc, "/api/v1/qa-reviews", "/api/v1/qa-reviews?from=2026-01-01T00:00:00.000Z", qa)

    listed = read("/api/v1/episodes", "/api/v1/episodes?limit=2", admin)
    if listed.get("nextCursor"):
        check(doc, "/api/v1/episodes", f"/api/v1/episodes?limit=2&cursor={listed['nextCursor']}", admin)
    cw_admin = token("cw.admin@demo.homeward.example")
    read("/api/v1/organizations/{org}/webhooks", f"/api/v1/organizations/{ids['cw-lakeshore']}/webhooks", cw_admin)
    read("/api/v1/organizations/{org}/deliveries", f"/api/v1/organizations/{ids['cw-lakeshore']}/deliveries", cw_admin)

    found = read("/api/v1/children", "/api/v1/children?q=HW-2026-000001", admin)
    episode = found["items"][0]["latestEpisodeId"]
    for suffix in ["", "/clocks", "/evidence", "/ncic", "/tasks", "/referrals", "/poster"]:
        read("/api/v1/episodes/{episode}" + suffix, f"/api/v1/episodes/{episode}{suffix}", admin)

    assert checked == gets, gets - checked

    # Refusals are problem details, as documented.
    caseworker = token("caseworker@demo.homeward.example")
    check(doc, "/api/v1/organizations/{org}/users", f"/api/v1/organizations/{ids['cw-pinevalley']}/users", caseworker, 403)
    check(doc, "/api/v1/episodes/{episode}", "/api/v1/episodes/no-such-case", admin, 404)
    check(doc, "/api/v1/me", "/api/v1/me", None, 401)


def send(method, path, token, body):
    import urllib.request
    from conftest import BASE_URL
    request = urllib.request.Request(BASE_URL + path, method=method, data=json.dumps(body).encode())
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def check_write(doc, method, pattern, path, token, body, status):
    got, headers, text = send(method, path, token, body)
    assert got == status, (path, got, text[:300])
    response = doc["paths"][pattern][method.lower()]["responses"][str(status)]
    media = "application/json" if status < 400 else "application/problem+json"
    errors = list(validator(doc, response["content"][media]["schema"]).iter_errors(json.loads(text)))
    assert not errors, (path, [f"{list(e.path)}: {e.message}" for e in errors[:5]])
    return headers, json.loads(text)


def test_documented_writes_answer_their_schemas():
    doc = document()
    admin = token("admin@demo.homeward.example")
    headers, organization = check_write(
        doc, "POST", "/api/v1/organizations", "/api/v1/organizations", admin,
        {"code": "pd-schema", "name": "Schema Test Police Department", "kind": "law_enforcement", "state": "IL",
         "timeZone": "America/Chicago", "ori": "IL0990999"}, 201)
    assert headers["Location"] == f"/api/v1/organizations/{organization['id']}"
    check_write(
        doc, "POST", "/api/v1/organizations/{org}/users", f"/api/v1/organizations/{organization['id']}/users", admin,
        {"email": "schema.detective@demo.homeward.example", "name": "Rowan Schematest", "roles": ["investigator"],
         "password": "a fictional passphrase"}, 201)
    check_write(doc, "POST", "/api/v1/organizations", "/api/v1/organizations", admin, {"code": "x"}, 422)

    # A demo case no other browser test reads: its police report is still owed.
    found = json.loads(http("GET", "/api/v1/children?q=Juniper%20Ashcombe", admin)[2])
    episode = found["items"][0]["latestEpisodeId"]
    caseworker = token("caseworker@demo.homeward.example")
    # Reported to police when the agency learned of it: a proof cannot predate its duty, and the
    # demo's dates follow the day it is made.
    received = json.loads(http("GET", f"/api/v1/episodes/{episode}", caseworker)[2])["receivedAt"]
    check_write(
        doc, "POST", "/api/v1/episodes/{episode}/events", f"/api/v1/episodes/{episode}/events", caseworker,
        {"kind": "reported_to_police", "occurredAt": received, "method": "in person", "reference": "MPD-26-9911"}, 201)
    check_write(doc, "PATCH", "/api/v1/episodes/{episode}", f"/api/v1/episodes/{episode}", caseworker, {"lastSeenCity": "Lakeview"}, 200)
    check_write(doc, "POST", "/api/v1/episodes", "/api/v1/episodes", caseworker, {"firstName": "Only"}, 422)

    # A CAD system opens a call and records an answer.
    telecommunicator = token("telecommunicator@demo.homeward.example")
    headers, call = check_write(
        doc, "POST", "/api/v1/calls", "/api/v1/calls", telecommunicator,
        {"cadIncident": "26-119999", "answers": [{"item": "caller-name", "value": "Ari Testcaller"}]}, 201)
    check_write(
        doc, "POST", "/api/v1/calls/{call}/answers", f"/api/v1/calls/{call['id']}/answers", telecommunicator,
        {"item": "child-age", "value": "7"}, 201)
    check_write(
        doc, "POST", "/api/v1/calls/{call}/answers", f"/api/v1/calls/{call['id']}/answers", telecommunicator,
        {"item": "child-age", "value": "seven"}, 422)
