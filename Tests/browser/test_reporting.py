"""Reporting a child missing from care, as a caseworker and an investigator would: the report,
the three clocks, the police report and the NCIC entry, each closed on time with its proof."""

from datetime import datetime, timedelta

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import BASE_URL, click_and_wait, screenshot, sign_in, sign_out


def fill(browser, field_id, text):
    element = browser.find_element(By.ID, field_id)
    element.clear()
    element.send_keys(text)


def set_datetime(browser, field_id, value):
    # Typing into a datetime-local field depends on the locale; setting the value is reliable.
    browser.execute_script("document.getElementById(arguments[0]).value = arguments[1]", field_id, value)


def clock_states(browser):
    return {
        article.get_attribute("data-clock"): article.find_element(By.CSS_SELECTOR, ".state").text
        for article in browser.find_elements(By.CSS_SELECTOR, "article.clock")
    }


def test_a_caseworker_reports_and_every_duty_is_met_on_time_with_proof(browser):
    sign_in(browser, "caseworker@demo.homeward.example")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Report a missing child"))
    fill(browser, "firstName", "Wren")
    fill(browser, "lastName", "Halloway-Test")
    browser.execute_script("document.getElementById('dateOfBirth').value = '2012-08-30'")
    Select(browser.find_element(By.ID, "sex")).select_by_value("F")
    Select(browser.find_element(By.ID, "race")).select_by_value("W")
    fill(browser, "heightFeet", "5")
    fill(browser, "heightInches", "1")
    fill(browser, "weightPounds", "90")
    Select(browser.find_element(By.ID, "eyeColor")).select_by_value("GRN")
    Select(browser.find_element(By.ID, "hairColor")).select_by_value("BRO")
    # The page shows times in the agency's zone (America/Chicago); the default value is "now" there.
    received = browser.find_element(By.ID, "receivedAt").get_attribute("value")
    agency_now = datetime.strptime(received, "%Y-%m-%dT%H:%M")
    set_datetime(browser, "receivedAt", (agency_now - timedelta(minutes=40)).strftime("%Y-%m-%dT%H:%M"))
    fill(browser, "lastSeenCity", "Maplewood")
    Select(browser.find_element(By.ID, "lastSeenState")).select_by_value("IL")
    Select(browser.find_element(By.ID, "caseType")).select_by_value("endangered_runaway")
    fill(browser, "circumstances", "Did not come back from the corner shop.")
    browser.find_element(By.ID, "noEndangerments").click()
    Select(browser.find_element(By.ID, "policeOrganizationID")).select_by_visible_text("Maplewood Police Department (IL0990200)")
    screenshot(browser, "report-form")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "button[value=file]"))

    assert "The report is filed." in browser.page_source
    states = clock_states(browser)
    assert states["police_report"].startswith("Running")
    assert states["clearinghouse_report"] == "Met on time"
    assert states["ncic_entry"].startswith("Not started")
    screenshot(browser, "report-filed-clocks")
    episode_url = browser.current_url.split("?")[0]

    form = browser.find_element(By.CSS_SELECTOR, "form[action$='/police-report']")
    set_datetime(browser, form.find_element(By.NAME, "occurredAt").get_attribute("id"), (agency_now - timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M"))
    form.find_element(By.NAME, "reference").send_keys("MPD-2026-7001")
    click_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert clock_states(browser)["police_report"] == "Met on time"
    assert clock_states(browser)["ncic_entry"].startswith(("Running", "Warning"))
    sign_out(browser)

    sign_in(browser, "investigator@demo.homeward.example")
    browser.get(episode_url)
    form = browser.find_element(By.CSS_SELECTOR, "form[action$='/ncic-entry']")
    set_datetime(browser, form.find_element(By.NAME, "occurredAt").get_attribute("id"), (agency_now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"))
    form.find_element(By.NAME, "reference").send_keys("M987654321")
    click_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    states = clock_states(browser)
    assert states == {"police_report": "Met on time", "clearinghouse_report": "Met on time", "ncic_entry": "Met on time"}
    proofs = [p.text for p in browser.find_elements(By.CSS_SELECTOR, "article.clock .proof")]
    assert any("MPD-2026-7001" in p for p in proofs)
    assert any("M987654321" in p and "Detective Blake Marrow" in p for p in proofs)
    screenshot(browser, "all-clocks-met")

    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "NCIC entry sheet"))
    assert "NAM/HALLOWAY-TEST, WREN" in browser.find_element(By.ID, "ncic-text").text
    screenshot(browser, "ncic-sheet")


def test_the_compliance_chart_renders_with_words_beside_the_colors(browser):
    sign_in(browser, "cw.supervisor@demo.homeward.example")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Compliance"))
    chart = browser.find_element(By.CSS_SELECTOR, "figure.chart-figure svg")
    assert chart.size["width"] > 300 and chart.size["height"] > 100
    bars = chart.find_elements(By.TAG_NAME, "rect")
    assert len(bars) >= 5
    notes = " ".join(n.text for n in chart.find_elements(By.CSS_SELECTOR, "text.chart-note"))
    assert "breached" in notes and "on time" in notes
    screenshot(browser, "compliance-chart")
