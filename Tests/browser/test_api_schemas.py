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

    found = read("/api/v1/children", "/api/v1/children?q=HW-2026-000001", admin)
    episode = found["items"][0]["latestEpisodeId"]
    for suffix in ["", "/clocks", "/evidence", "/ncic"]:
        read("/api/v1/episodes/{episode}" + suffix, f"/api/v1/episodes/{episode}{suffix}", admin)

    assert checked == gets, gets - checked

    # Refusals are problem details, as documented.
    caseworker = token("caseworker@demo.homeward.example")
    check(doc, "/api/v1/organizations/{org}/users", f"/api/v1/organizations/{ids['cw-pinevalley']}/users", caseworker, 403)
    check(doc, "/api/v1/episodes/{episode}", "/api/v1/episodes/no-such-case", admin, 404)
    check(doc, "/api/v1/me", "/api/v1/me", None, 401)
