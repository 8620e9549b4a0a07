"""No request stops the server: numbers of any size, typed into page forms and sent to the API by
people of several roles, against a real server. Each is answered with a clear refusal (422 or 400,
never a 5xx), and the process is alive and ready afterwards."""

import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import DEMO_PASSWORD, demo_server, ready
from test_delivery import _token

HUGE = ["999999999999999999", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "99999999999999999999999999999999999999", "1e308", "-1", "0x7fffffffffffffff"]


@pytest.fixture(scope="module")
def server():
    with demo_server("homeward-huge-") as running:
        yield running


def status_of(opener, request):
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class Session:
    """A person signed in through the sign-in form, who posts forms with the page's CSRF token."""

    def __init__(self, base, email):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        form = self.get("/sign-in")
        token = re.search(r'name="_csrf" value="([^"]+)"', form).group(1)
        body = urllib.parse.urlencode({"_csrf": token, "email": email, "password": DEMO_PASSWORD, "next": "/"}).encode()
        with self.opener.open(base + "/sign-in", data=body, timeout=30) as response:
            self.home = response.read().decode()

    def get(self, path):
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post_form(self, page, action_suffix, fields):
        """Posts the form of `page` whose action ends with `action_suffix`, with its CSRF token
        and `fields`; returns the status."""
        text = self.get(page)
        form = re.search(r'<form[^>]*action="([^"]*' + re.escape(action_suffix) + r')"[^>]*>(.*?)</form>', text, re.S)
        assert form, (page, action_suffix)
        token = re.search(r'name="_csrf" value="([^"]+)"', form.group(2)).group(1)
        body = urllib.parse.urlencode([("_csrf", token)] + list(fields.items())).encode()
        return status_of(self.opener, urllib.request.Request(self.base + form.group(1), data=body))


def api(base, method, path, token, body=None):
    request = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode())
    request.add_header("Authorization", f"Bearer {token}")
    if body is not None:
        request.add_header("Content-Type", "application/json")
    return status_of(urllib.request.build_opener(), request)


def test_numbers_of_any_size_in_forms_and_the_api_are_refused_and_the_server_goes_on(server):
    base, data_dir, process = server
    answers = []

    # Page forms: a PSAP's training period, a state's rule windows, a report's height and weight.
    manager = Session(base, "psap.manager@demo.homeward.example")
    readiness = re.search(r'href="(/organizations/[^"/]+/readiness)"', manager.home).group(1)
    admin = Session(base, "admin@demo.homeward.example")
    caseworker = Session(base, "caseworker@demo.homeward.example")
    for number in HUGE:
        answers.append(("training period", number, manager.post_form(readiness + "/roster", "/training-period", {"dueDays": number})))
        answers.append(("state rule", number, admin.post_form("/rules", "/rules", {
            "state": "IL", "effectiveFrom": "2099-01-01", "policeReportHours": number, "clearinghouseReportHours": number,
            "warningPercents": number + "," + number, "childUnder": number, "citation": "Fictional Act 1",
            "note": "Numbers of any size"})))
        answers.append(("report", number, caseworker.post_form("/reports/new", "/reports", {
            "firstName": "Quill", "lastName": "Numbersworth", "dateOfBirth": "2012-03-04", "sex": "F",
            "heightFeet": number, "heightInches": number, "weightPounds": number, "vehicleYear": number,
            "childDecision": "new"})))

    # The API, with several roles' tokens.
    tokens = {user: _token(data_dir, user) for user in (
        "admin@demo.homeward.example", "caseworker@demo.homeward.example", "investigator@demo.homeward.example",
        "qa.reviewer@demo.homeward.example")}
    for number in HUGE:
        quoted = urllib.parse.quote(number)
        for user, token in tokens.items():
            answers.append(("episodes", number, api(base, "GET", f"/api/v1/episodes?limit={quoted}", token)))
            answers.append(("audit", number, api(base, "GET", f"/api/v1/audit-events?limit={quoted}&before={quoted}", token)))
            answers.append(("tips", number, api(base, "GET", f"/api/v1/tips?after={quoted}", token)))
        answers.append(("pfif", number, status_of(urllib.request.build_opener(), base + f"/pfif/1.4/persons?skip={quoted}&max_results={quoted}")))
        answers.append(("photo", number, status_of(urllib.request.build_opener(), base + f"/posters/no-such-poster/photos/{quoted}")))

    server_errors = [answer for answer in answers if answer[2] >= 500]
    assert not server_errors, server_errors[:10]
    refused = [answer for answer in answers if answer[0] in ("training period", "state rule", "report")]
    assert all(status == 422 for _, _, status in refused), refused[:10]
    assert process.poll() is None, "the server stopped"
    assert ready(base)
