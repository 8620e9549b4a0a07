"""The telecommunicator's call page, worked with the keyboard only, and the QA pages, checked with
axe-core 4.x. Every person and place is fictional."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE_URL, axe_violations, screenshot


def focused(driver):
    return driver.switch_to.active_element


def press(driver, keys):
    """Types into whatever has the focus and waits for the page the form loads."""
    driver.execute_script("window.__homewardOldPage = true")
    focused(driver).send_keys(keys)
    WebDriverWait(driver, 15).until(
        lambda d: d.execute_script("return window.__homewardOldPage === undefined && document.readyState === 'complete'")
    )


def answer(driver, item, text):
    assert focused(driver).get_attribute("id") == f"f-{item}", (item, focused(driver).get_attribute("id"))
    if text == Keys.TAB:
        focused(driver).send_keys(Keys.TAB)  # from Yes to No
        press(driver, Keys.ENTER)
    else:
        press(driver, text + Keys.ENTER)


def choose(driver, item, typed):
    """A long list (NCIC colour codes): type to pick, Tab to Save, Enter."""
    assert focused(driver).get_attribute("id") == f"f-{item}", (item, focused(driver).get_attribute("id"))
    focused(driver).send_keys(typed)
    focused(driver).send_keys(Keys.TAB)
    press(driver, Keys.ENTER)


def button(driver, item, tabs):
    """A few answers as buttons: Tab from the first to the one meant, Enter."""
    assert focused(driver).get_attribute("id") == f"f-{item}", (item, focused(driver).get_attribute("id"))
    for _ in range(tabs):
        focused(driver).send_keys(Keys.TAB)
    press(driver, Keys.ENTER)


def sign_in(driver, email):
    driver.delete_all_cookies()
    driver.get(BASE_URL + "/sign-in")
    focused(driver).send_keys(email + Keys.TAB + "homeward-demo")
    press(driver, Keys.ENTER)


def test_a_call_is_worked_with_the_keyboard_only_and_handed_to_police(browser):
    sign_in(browser, "telecommunicator@demo.homeward.example")
    browser.get(BASE_URL + "/calls")
    assert focused(browser).get_attribute("id") == "cadIncident"
    press(browser, "26-551212" + Keys.ENTER)
    assert "/calls/" in browser.current_url
    call_url = browser.current_url

    answer(browser, "caller-name", "Ari Keyboardson")
    answer(browser, "caller-relationship", "Father")
    answer(browser, "caller-location", "At home, 12 Alder Way")
    answer(browser, "caller-callback", "555-0142")
    answer(browser, "child-name", "Sol Keyboardson")
    answer(browser, "child-last-name", "Keyboardson")
    answer(browser, "child-age", "8")
    assert focused(browser).get_attribute("id") == "f-child-dob"
    press(browser, "05022018" + Keys.ENTER)

    # A reload in the middle of the call loses nothing, and the focus stays on the next question.
    browser.refresh()
    assert browser.find_element(By.ID, "f-caller-name").get_attribute("value") == "Ari Keyboardson"
    assert browser.find_element(By.ID, "f-child-age").get_attribute("value") == "8"
    assert browser.find_element(By.ID, "f-child-dob").get_attribute("value") == "2018-05-02"
    assert focused(browser).get_attribute("id") == "f-child-sex"

    # The child as NCIC records a missing person: a few answers are buttons, the colours a list.
    button(browser, "child-sex", 1)  # Female, then Male
    button(browser, "child-race", 3)  # American Indian, Asian, Black, White
    answer(browser, "child-height", "4 ft 2")
    answer(browser, "child-weight", "61")
    choose(browser, "child-hair", "Red")
    choose(browser, "child-eyes", "Green")
    assert browser.find_element(By.ID, "f-child-height").get_attribute("value") == "4 ft 2 in"

    # On through the questions; a yes/no question takes Enter on its first button (Yes), or Tab to No.
    for item, keys in [
        ("child-description", "Slight, freckles"), ("child-clothing", "Green raincoat, rain boots"),
        ("child-photo", ""), ("child-in-care", Keys.TAB), ("child-care-agency", "None"),
        ("last-seen-where", "Alder Way playground"), ("last-seen-when", "Twenty minutes ago"),
        ("last-seen-by", "The caller"), ("last-seen-with", "Alone"), ("travel-direction", "Toward the creek"),
        ("travel-mode", "On foot"), ("travel-destinations", "A neighbour's house"), ("abduction-believed", Keys.TAB),
        ("suspect-description", "None known"), ("suspect-vehicle", "None known"), ("danger-believed", Keys.TAB),
        ("custody-dispute", "None"), ("needs-medical", "None"),
    ]:
        answer(browser, item, keys)
    # The autism branch appears once it is indicated.
    assert not browser.find_elements(By.ID, "autism")
    assert focused(browser).get_attribute("id") == "f-needs-autism"
    press(browser, Keys.ENTER)
    assert browser.find_element(By.ID, "autism").is_displayed()
    assert "search and secure nearby water" in browser.find_element(By.ID, "autism").text

    # The AMBER check reads the answers: the age meets its criterion, no abduction is believed.
    age_row = browser.find_element(By.XPATH, "//tr[td[1][contains(., '17 or younger')]]")
    assert "Met" in age_row.text
    abduction_row = browser.find_element(By.XPATH, "//tr[td[1][contains(., 'abduction occurred')]]")
    assert "Not met" in abduction_row.text
    assert browser.find_element(By.ID, "f-child-photo").get_attribute("aria-pressed") == "true"
    screenshot(browser, "call-keyboard")
    assert axe_violations(browser) == []

    # The rest of the call: the questions left, the branch, the instructions read, the steps taken.
    for item, keys in [
        ("needs-disability", "None"), ("history-prior", "None"), ("history-devices", "None"), ("search-home", ""),
        ("autism-supervisor", ""), ("autism-water", ""), ("autism-favourites", "The creek"),
        ("autism-attractions", "Water"), ("autism-swim", Keys.TAB), ("autism-approach", "Runs from sirens"),
        ("pre-search-again", ""), ("pre-secure-room", ""), ("pre-photo-ready", ""), ("pre-stay-by-phone", ""),
        ("dispatch-priority", ""), ("dispatch-supervisor", ""), ("dispatch-bolo", ""), ("dispatch-history", ""),
        ("dispatch-registry", ""), ("dispatch-ncic", ""), ("dispatch-clearinghouse", ""),
    ]:
        answer(browser, item, keys)
    assert "NCIC entry supported in time" in browser.find_element(By.CSS_SELECTOR, ".call-summary").text

    # Every question answered, the agency list takes the focus: type its name, Tab to the button, Enter.
    assert focused(browser).get_attribute("id") == "agency"
    focused(browser).send_keys("Maplewood")
    focused(browser).send_keys(Keys.TAB)
    press(browser, Keys.ENTER)
    assert browser.current_url.startswith(call_url)
    assert "Handed to police (Maplewood Police Department)" in browser.find_element(By.CSS_SELECTOR, ".call-summary").text

    # The police agency's investigator finds the case, with the call's data in the NCIC worksheet.
    sign_in(browser, "investigator@demo.homeward.example")
    browser.get(BASE_URL + "/police-cases")
    browser.find_element(By.LINK_TEXT, "Sol Keyboardson").click()
    worksheet = browser.find_element(By.ID, "ncic-text").text
    for line in ["NAM/KEYBOARDSON, SOL", "SEX/M", "RAC/W", "HGT/402", "WGT/061", "HAI/RED", "EYE/GRN", "DOB/20180502", "MKE/EMD"]:
        assert line in worksheet, line
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Ari Keyboardson" in main and "Alder Way playground" in main
    screenshot(browser, "police-case")
    assert axe_violations(browser) == []


def test_the_qa_pages_have_no_serious_accessibility_problems(browser):
    browser.get(BASE_URL + "/sign-in")
    focused(browser).send_keys("qa.reviewer@demo.homeward.example" + Keys.TAB + "homeward-demo")
    press(browser, Keys.ENTER)
    browser.get(BASE_URL + "/qa-reviews")
    assert axe_violations(browser) == []
    links = browser.find_elements(By.CSS_SELECTOR, "table.data a[href^='/qa-reviews/']")
    assert links, "the demo has reviews waiting"
    browser.get(links[0].get_attribute("href"))
    assert browser.find_element(By.ID, "findings")
    screenshot(browser, "qa-review")
    assert axe_violations(browser) == []
    browser.get(BASE_URL + "/qa-dashboard")
    assert browser.find_elements(By.CSS_SELECTOR, "svg.trend-chart"), "the demo's reviewed calls draw a trend"
    screenshot(browser, "qa-dashboard")
    assert axe_violations(browser) == []


def test_the_call_reference_page_has_no_serious_accessibility_problems(browser):
    browser.get(BASE_URL + "/sign-in")
    focused(browser).send_keys("admin@demo.homeward.example" + Keys.TAB + "homeward-demo")
    press(browser, Keys.ENTER)
    browser.get(BASE_URL + "/call-reference")
    assert "In force" in browser.find_element(By.TAG_NAME, "main").text
    assert axe_violations(browser) == []
