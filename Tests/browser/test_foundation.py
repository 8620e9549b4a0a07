"""The foundation as a person would use it: signing in and out, each role's home page, an agency
administrator adding a person, what another agency cannot see, API tokens, the audit chain, and
the operations endpoints."""

import json
import os
import shutil
import sqlite3
import tempfile

from openapi_spec_validator import validate
from selenium.webdriver.common.by import By

from conftest import BASE_URL, METRICS_TOKEN, click_and_wait, homeward, http, organization_ids, screenshot, sign_in, sign_out

DEMO_ROLES = {
    "admin@demo.homeward.example": "Clearinghouse administrator",
    "case.manager@demo.homeward.example": "Case manager",
    "analyst@demo.homeward.example": "Analyst",
    "reviewer@demo.homeward.example": "Readiness reviewer",
    "cw.admin@demo.homeward.example": "Agency administrator",
    "caseworker@demo.homeward.example": "Caseworker",
    "cw.supervisor@demo.homeward.example": "Supervisor",
    "pd.admin@demo.homeward.example": "Agency administrator",
    "investigator@demo.homeward.example": "Investigator",
    "pd.supervisor@demo.homeward.example": "Supervisor",
    "psap.admin@demo.homeward.example": "Agency administrator",
    "psap.manager@demo.homeward.example": "PSAP manager",
    "telecommunicator@demo.homeward.example": "Telecommunicator",
    "qa.reviewer@demo.homeward.example": "QA reviewer",
}


def test_sign_in_shows_the_caseworkers_home_and_sign_out_ends_it(browser):
    sign_in(browser, "caseworker@demo.homeward.example")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Welcome")
    assert "Caseworker" in browser.find_element(By.CSS_SELECTOR, ".panel h2").text
    assert "Lakeshore County Children's Services" in browser.find_element(By.CSS_SELECTOR, ".who").text
    screenshot(browser, "caseworker-home")
    sign_out(browser)
    assert "You are signed out." in browser.page_source
    browser.get(BASE_URL + "/")
    assert browser.current_url.startswith(BASE_URL + "/sign-in")
    screenshot(browser, "signed-out")


def test_a_failed_sign_in_says_so_and_keeps_the_address(browser):
    sign_in(browser, "investigator@demo.homeward.example", "not-the-password")
    alert = browser.find_element(By.CSS_SELECTOR, ".error-summary")
    assert "not right" in alert.text
    assert browser.find_element(By.ID, "email").get_attribute("value") == "investigator@demo.homeward.example"
    screenshot(browser, "sign-in-failed")


def test_each_demo_role_sees_its_own_home_page(browser):
    for email, role in DEMO_ROLES.items():
        sign_in(browser, email)
        titles = [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".panel h2")]
        assert role in titles, (email, titles)
        nav = [a.text for a in browser.find_elements(By.CSS_SELECTOR, ".site-nav a")]
        assert ("People" in nav) == (role.endswith("administrator")), (email, nav)
        sign_out(browser)


def test_an_agency_admin_adds_a_person_who_can_then_sign_in(browser):
    sign_in(browser, "cw.admin@demo.homeward.example")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "People"))
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Add a person"))
    browser.find_element(By.ID, "name").send_keys("Robin Fairweather")
    browser.find_element(By.ID, "email").send_keys("not an address")
    browser.find_element(By.ID, "password").send_keys("short")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]"))
    summary = browser.find_element(By.CSS_SELECTOR, ".error-summary")
    assert "e-mail address" in summary.text and "Choose at least one role." in summary.text
    assert browser.find_element(By.ID, "name").get_attribute("value") == "Robin Fairweather"
    screenshot(browser, "add-person-errors")

    email = browser.find_element(By.ID, "email")
    email.clear()
    email.send_keys("robin.fairweather@demo.homeward.example")
    browser.find_element(By.ID, "role-caseworker").click()
    browser.find_element(By.ID, "password").send_keys("a temporary passphrase")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]"))
    assert "The account was created." in browser.page_source
    assert "robin.fairweather@demo.homeward.example" in browser.page_source
    screenshot(browser, "add-person-done")
    sign_out(browser)

    sign_in(browser, "robin.fairweather@demo.homeward.example", "a temporary passphrase")
    assert "Caseworker" in browser.find_element(By.CSS_SELECTOR, ".panel h2").text


def test_a_caseworker_cannot_open_another_agencys_people_and_the_admin_sees_the_refusal(browser):
    ids = organization_ids()
    sign_in(browser, "caseworker@demo.homeward.example")
    browser.get(BASE_URL + f"/organizations/{ids['cw-pinevalley']}/users")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Not allowed"
    assert "pv.admin@demo.homeward.example" not in browser.page_source
    screenshot(browser, "forbidden")
    sign_out(browser)

    sign_in(browser, "cw.admin@demo.homeward.example")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Audit trail"))
    browser.find_element(By.ID, "outcome").send_keys("Denied")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.filters button"))
    rows = browser.find_elements(By.CSS_SELECTOR, "table.audit tbody tr")
    assert any("Casey Brightwater" in row.text and "users.list" in row.text for row in rows)
    screenshot(browser, "audit-denied")


def test_an_api_token_reads_its_own_agency_and_not_another():
    ids = organization_ids()
    token = homeward("token", "create", "--user", "cw.admin@demo.homeward.example", "--name", "browser test").stdout.strip()
    status, _, body = http("GET", f"/api/v1/organizations/{ids['cw-lakeshore']}/users", token)
    assert status == 200
    assert "caseworker@demo.homeward.example" in body
    status, headers, body = http("GET", f"/api/v1/organizations/{ids['cw-pinevalley']}/users", token)
    assert status == 403
    assert headers["Content-Type"] == "application/problem+json"
    assert "pv.admin@demo.homeward.example" not in body


def test_openapi_document_validates_as_openapi_3_1():
    status, _, body = http("GET", "/openapi.json")
    assert status == 200
    document = json.loads(body)
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_metrics_count_requests():
    http("GET", "/healthz")
    # Metrics are only for a scraper presenting the configured token.
    assert http("GET", "/metrics")[0] == 404
    status, headers, body = http("GET", "/metrics", token=METRICS_TOKEN)
    assert status == 200
    assert "hb_requests" in body
    assert 'http_route="/healthz"' in body


def test_verify_audit_passes_and_then_reports_an_edited_row():
    folder = tempfile.mkdtemp(prefix="homeward-audit-")
    try:
        homeward("demo", data_dir=folder)
        ok = homeward("verify-audit", data_dir=folder)
        assert "intact" in ok.stdout
        database = sqlite3.connect(os.path.join(folder, "homeward.sqlite"))
        database.execute("DROP TRIGGER audit_events_no_update")
        database.execute("UPDATE audit_events SET action = 'users.delete' WHERE sequence = 7")
        database.commit()
        database.close()
        broken = homeward("verify-audit", data_dir=folder, check=False)
        assert broken.returncode == 2
        assert "event 7" in broken.stdout
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_pages_work_on_a_phone_sized_screen(browser):
    browser.set_window_size(390, 844)
    sign_in(browser, "psap.admin@demo.homeward.example")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "People"))
    assert browser.find_element(By.TAG_NAME, "h1").is_displayed()
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 420, width
    screenshot(browser, "phone-people")
