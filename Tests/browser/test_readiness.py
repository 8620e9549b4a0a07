"""Readiness recognition as a 911 center's administrator and a clearinghouse reviewer would walk
it: roster and training from CSV, the policy and its mapping, the checklist turning green, the
signed application, the approval, the public member list and the certificate."""

import os
import subprocess
import tempfile
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import BASE_URL, click_and_wait, screenshot, sign_in, sign_out

ROSTER = """employee_number,name,role,hire_date,active
D-100,Morgan Testfield,executive,2011-04-01,yes
S-200,Casey Placeholder,supervisor,2016-08-15,yes
T-300,Avery Sample,telecommunicator,2019-02-01,yes
T-301,Blair Example,telecommunicator,2021-06-15,yes
T-302,Drew Specimen,telecommunicator,2022-01-10,yes
"""

TRAINING = """employee_number,course,completed_on,reference
D-100,CEO,2024-05-02,CEO-2024-117
S-200,TBP,2023-03-01,LMS-7001
T-300,MCDR-1,2023-01-10,LMS-7002
T-301,TBP,2023-02-11,LMS-7003
T-302,TBP,2023-05-30,LMS-7004
"""

# A small but real PDF: what an agency would upload.
POLICY = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

QA = {
    "qa-reviewer": "The communications shift supervisor",
    "qa-window": "within 72 hours of the call",
    "qa-process": "The recording and CAD record are checked against the missing-child checklist",
    "qa-training": "All current telecommunicators are trained and every new hire will be",
}


def write(directory, name, content):
    path = os.path.join(directory, name)
    with open(path, "wb" if isinstance(content, bytes) else "w") as handle:
        handle.write(content)
    return path


def import_file(browser, kind, path):
    Select(browser.find_element(By.ID, "kind")).select_by_value(kind)
    browser.find_element(By.ID, "file").send_keys(path)
    click_and_wait(browser, browser.find_element(By.ID, "preview-import"))
    assert "The file is valid" in browser.find_element(By.ID, "import-preview").text
    click_and_wait(browser, browser.find_element(By.ID, "confirm-import"))
    assert "Import complete." in browser.page_source


def criteria(browser):
    return [item.get_attribute("data-met") for item in browser.find_elements(By.CSS_SELECTOR, "#checklist li.criterion")]


def test_a_psap_applies_is_recognized_listed_and_gets_its_certificate(browser):
    files = tempfile.mkdtemp()
    roster = write(files, "roster.csv", ROSTER)
    training = write(files, "training.csv", TRAINING)
    policy = write(files, "missing-child-call-policy.pdf", POLICY)

    sign_in(browser, "psap.admin@demo.homeward.example")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Readiness"))
    assert "Not yet recognized" in browser.find_element(By.ID, "readiness-status").text
    assert "false" in criteria(browser)

    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Roster and training"))
    import_file(browser, "personnel", roster)
    import_file(browser, "training", training)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#roster tbody tr")) == 5
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Back to the checklist"))

    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Policy and QA section"))
    Select(browser.find_element(By.ID, "basis")).select_by_value("own")
    browser.find_element(By.ID, "document").send_keys(policy)
    click_and_wait(browser, browser.find_element(By.ID, "upload-policy"))
    assert "missing-child-call-policy.pdf" in browser.page_source
    for number, select in enumerate(browser.find_elements(By.CSS_SELECTOR, "select[id^=present-]"), start=2):
        component = select.get_attribute("id").removeprefix("present-")
        Select(select).select_by_value("cited")
        browser.find_element(By.ID, f"citation-{component}").send_keys(f"Section {number}")
    for element, statement in QA.items():
        browser.find_element(By.ID, f"statement-{element}").send_keys(statement)
        browser.find_element(By.ID, f"citation-{element}").send_keys("Section 14")
    click_and_wait(browser, browser.find_element(By.ID, "save-mapping"))
    assert "Policy mapping saved." in browser.page_source

    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Back to the checklist"))
    assert criteria(browser) and set(criteria(browser)) == {"true"}, browser.find_element(By.ID, "checklist").text
    screenshot(browser, "readiness-checklist-all-met")
    for checkbox in browser.find_elements(By.CSS_SELECTOR, "input[name=affirmation]"):
        checkbox.click()
    browser.find_element(By.ID, "signerTitle").send_keys("911 Director")
    click_and_wait(browser, browser.find_element(By.ID, "submit-application"))
    assert "under review" in browser.find_element(By.ID, "readiness-status").text
    sign_out(browser)

    sign_in(browser, "reviewer@demo.homeward.example")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Applications"))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#waiting").find_element(By.LINK_TEXT, "Lakeshore Regional 911"))
    for radio in browser.find_elements(By.CSS_SELECTOR, "input[type=radio][value=confirmed]"):
        radio.click()
    screenshot(browser, "readiness-review")
    click_and_wait(browser, browser.find_element(By.ID, "approve-application"))
    assert browser.find_element(By.ID, "application-status").text == "Approved"
    sign_out(browser)

    browser.get(BASE_URL + "/members")
    assert "Lakeshore Regional 911" in browser.find_element(By.ID, "state-IL").text
    tile = browser.find_element(By.CSS_SELECTOR, "g.tile[data-state=IL]")
    assert int(tile.get_attribute("data-count")) >= 1
    screenshot(browser, "readiness-member-list")

    sign_in(browser, "psap.admin@demo.homeward.example")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Readiness"))
    assert "Recognized through" in browser.find_element(By.ID, "readiness-status").text
    href = browser.find_element(By.CSS_SELECTOR, "a.certificate-link").get_attribute("href")
    session = browser.get_cookie("homeward_session")["value"]
    request = urllib.request.Request(href, headers={"Cookie": f"homeward_session={session}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        pdf = response.read()
    assert pdf.startswith(b"%PDF-")
    path = write(files, "certificate.pdf", pdf)
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout
    assert "Lakeshore Regional 911" in text and "Certificate of Recognition" in text
