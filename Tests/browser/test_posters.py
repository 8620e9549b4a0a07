"""A poster as a case manager publishes it and the public sees it: the draft beside the private
record, both consents, publication, the public page and PDF, a tip that reaches the investigating
police agency, and the withdrawal at recovery (410)."""

import os
import struct
import subprocess
import tempfile
import urllib.error
import urllib.request
import zlib

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import BASE_URL, click_and_wait, screenshot, sign_in, sign_out


def portrait_png(path, width=120, height=150):
    """A flat-color PNG: a stand-in photo of no one."""
    rows = b"".join(b"\x00" + bytes((90, 120, 160)) * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    with open(path, "wb") as handle:
        handle.write(png)
    return path


def status_of(path):
    try:
        with urllib.request.urlopen(BASE_URL + path, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def status_of_signed_in(browser, url):
    """GETs `url` with the browser's session cookies; returns the status and the body."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    request = urllib.request.Request(url, headers={"Cookie": cookies})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_a_case_manager_publishes_a_poster_the_public_tips_and_recovery_withdraws_it(browser):
    photo = portrait_png(os.path.join(tempfile.mkdtemp(), "portrait.png"))

    sign_in(browser, "case.manager@demo.homeward.example")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Case queue"))
    row = browser.find_element(By.XPATH, "//tr[contains(., 'Eliot Marrowfield')]")
    click_and_wait(browser, row.find_element(By.TAG_NAME, "a"))
    episode_url = browser.current_url
    browser.find_element(By.ID, "photo").send_keys(photo)
    click_and_wait(browser, browser.find_element(By.XPATH, "//input[@id='photo']/ancestor::form//button"))
    click_and_wait(browser, browser.find_element(By.ID, "poster-link"))
    assert "Private: never published" in browser.page_source
    assert "guardian" in browser.find_element(By.ID, "poster-problems").text.lower()

    narrative = browser.find_element(By.ID, "narrative")
    narrative.send_keys("Eliot was last seen near the Maplewood library wearing a black puffer jacket.")
    browser.find_element(By.CSS_SELECTOR, "input[name=photo]").click()
    # The report's town is only a suggestion: the demo's Maplewood, IL is fictional, so the case
    # manager confirms it as an unlisted place for the approver to judge.
    assert browser.find_element(By.ID, "city").get_attribute("value") == "Maplewood"
    browser.find_element(By.ID, "city-unlisted").click()
    click_and_wait(browser, browser.find_element(By.ID, "save-poster"))
    browser.find_element(By.ID, "given-guardian").send_keys("Agency director, by phone")
    click_and_wait(browser, browser.find_element(By.ID, "record-guardian"))
    browser.find_element(By.ID, "given-police").send_keys("Lt. Example, Maplewood PD")
    click_and_wait(browser, browser.find_element(By.ID, "record-police"))
    screenshot(browser, "poster-preview")
    # Publishing without the attestations is refused, with the reason where the person is looking.
    click_and_wait(browser, browser.find_element(By.ID, "publish-poster"))
    summary = browser.find_element(By.ID, "publish-errors")
    assert "Confirm each statement" in summary.text
    assert browser.execute_script("return document.activeElement.id") == "publish-errors"
    assert browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight;", summary)
    screenshot(browser, "poster-publish-refused")
    for box in browser.find_elements(By.CSS_SELECTOR, "input[name=attest]"):
        box.click()
    click_and_wait(browser, browser.find_element(By.ID, "publish-poster"))
    # Nothing is public yet: the author cannot approve their own poster.
    assert browser.find_element(By.ID, "poster-status").text == "Draft"
    assert browser.find_elements(By.ID, "poster-pending")
    assert not browser.find_elements(By.ID, "approve-poster")
    poster_url = browser.current_url.split("?")[0]
    sign_out(browser)

    # A second person sees the exact version, with its PDF, and approves it.
    sign_in(browser, "admin@demo.homeward.example")
    browser.get(poster_url)
    digest = browser.find_element(By.ID, "pending-digest").text
    assert len(digest) == 64
    status, candidate = status_of_signed_in(browser, browser.find_element(By.ID, "candidate-pdf").get_attribute("href"))
    assert status == 200 and candidate.startswith(b"%PDF-")
    screenshot(browser, "poster-approval")
    click_and_wait(browser, browser.find_element(By.ID, "approve-poster"))
    assert browser.find_element(By.ID, "poster-status").text == "Published"
    assert "approved by" in browser.find_element(By.ID, "poster-approval").text
    public_path = browser.find_element(By.ID, "public-link").get_attribute("href").replace(BASE_URL, "")
    sign_out(browser)

    browser.get(BASE_URL + public_path)
    card = browser.find_element(By.CSS_SELECTOR, ".poster-card").text
    assert "Eliot Marrowfield" in card and "MISSING" in card and "ANYONE HAVING INFORMATION SHOULD CONTACT" in card
    for word in ("foster", "placement", "suicid", "caseworker"):
        assert word not in browser.page_source.lower(), word
    screenshot(browser, "poster-public")
    status, pdf = status_of(public_path + ".pdf")
    assert status == 200 and pdf.startswith(b"%PDF-")
    pdf_path = os.path.join(tempfile.mkdtemp(), "poster.pdf")
    with open(pdf_path, "wb") as handle:
        handle.write(pdf)
    text = subprocess.run(["pdftotext", pdf_path, "-"], capture_output=True, text=True, check=True).stdout
    assert "Eliot" in text and "Marrowfield" in text

    # A change to the live poster waits for a second person while the approved version stays live.
    sign_in(browser, "case.manager@demo.homeward.example")
    browser.get(poster_url)
    narrative = browser.find_element(By.ID, "narrative")
    narrative.clear()
    narrative.send_keys("Eliot was last seen near the Maplewood library wearing a red puffer jacket.")
    click_and_wait(browser, browser.find_element(By.ID, "save-poster"))
    for box in browser.find_elements(By.CSS_SELECTOR, "input[name=attest]"):
        box.click()
    click_and_wait(browser, browser.find_element(By.ID, "publish-poster"))
    assert browser.find_element(By.ID, "poster-status").text == "Published"
    assert browser.find_elements(By.ID, "poster-pending")
    sign_out(browser)
    status, live = status_of(public_path)
    assert status == 200 and b"black puffer jacket" in live and b"red puffer jacket" not in live
    sign_in(browser, "admin@demo.homeward.example")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Poster review"))
    assert "Eliot Marrowfield" in browser.find_element(By.ID, "waiting").text
    browser.get(poster_url)
    click_and_wait(browser, browser.find_element(By.ID, "approve-poster"))
    status, live = status_of(public_path)
    assert status == 200 and b"red puffer jacket" in live
    # The audit trail names the author and the approver.
    browser.get(BASE_URL + "/audit?action=poster.request_approval")
    assert "Rowan Ellery" in browser.find_element(By.TAG_NAME, "main").text
    browser.get(BASE_URL + "/audit?action=poster.approve")
    trail = browser.find_element(By.TAG_NAME, "main").text
    assert "Avery Quill" in trail and "approver" in trail
    sign_out(browser)

    browser.get(BASE_URL + public_path)
    browser.find_element(By.ID, "seen").send_keys("A teenager in a black puffer jacket at the bus shelter")
    browser.find_element(By.ID, "place").send_keys("Library bus shelter, Oak Street")
    browser.find_element(By.ID, "when").send_keys("Today around noon")
    click_and_wait(browser, browser.find_element(By.ID, "send-tip"))
    assert "Your tip was received" in browser.find_element(By.ID, "tip-received").text

    sign_in(browser, "investigator@demo.homeward.example")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Tips"))
    assert "black puffer jacket at the bus shelter" in browser.page_source
    browser.get(episode_url)
    # Recovery is its own action: it says the poster will be withdrawn and asks for confirmation.
    form = browser.find_element(By.ID, "recovery-form")
    assert "withdraws the public poster at once" in form.text
    browser.find_element(By.ID, "recovery-place").send_keys("Maplewood library")
    browser.find_element(By.ID, "recovery-by").send_keys("Officer Vale")
    browser.find_element(By.ID, "recovery-note").send_keys("Unharmed.")
    click_and_wait(browser, browser.find_element(By.ID, "record-recovery"))
    assert "Tick the box to confirm the recovery" in browser.page_source
    assert browser.execute_script("return document.activeElement.id") == "recovery-errors"
    # What was typed is still there; only the confirmation is missing.
    assert browser.find_element(By.ID, "recovery-place").get_attribute("value") == "Maplewood library"
    browser.find_element(By.ID, "recovery-confirm").click()
    click_and_wait(browser, browser.find_element(By.ID, "record-recovery"))
    assert "public poster was withdrawn" in browser.page_source
    assert not browser.find_elements(By.ID, "recovery-form")
    screenshot(browser, "recovery-recorded")
    sign_out(browser)

    for path in (public_path, public_path + ".pdf", public_path + "/photos/0"):
        status, body = status_of(path)
        assert status == 410, path
        assert b"Eliot" not in body
