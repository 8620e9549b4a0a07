"""The public pages and the report form, checked with axe-core 4.x for serious and critical
problems, and the report form's error summary taking focus after a refused submission."""

from selenium.webdriver.common.by import By

from conftest import BASE_URL, axe_violations, click_and_wait, screenshot, sign_in


def first_poster_path(browser):
    browser.get(BASE_URL + "/posters")
    link = browser.find_element(By.CSS_SELECTOR, "a[href^='/posters/']")
    return link.get_attribute("href").replace(BASE_URL, "")


def test_public_pages_have_no_serious_accessibility_problems(browser):
    poster = first_poster_path(browser)
    for path in ("/posters", poster, "/members"):
        browser.get(BASE_URL + path)
        assert browser.find_elements(By.TAG_NAME, "h1"), path
        assert axe_violations(browser) == [], path
    browser.get(BASE_URL + poster)
    hotline = browser.find_element(By.CSS_SELECTOR, ".poster-hotline a")
    assert hotline.get_attribute("href").startswith("tel:+1")


def test_the_report_form_has_no_serious_problems_and_its_error_summary_takes_focus(browser):
    sign_in(browser, "caseworker@demo.homeward.example")
    browser.get(BASE_URL + "/reports/new")
    assert axe_violations(browser) == []
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "button[name=intent][value=file]"))
    summary = browser.find_element(By.CSS_SELECTOR, ".error-summary")
    assert "error-summary" in browser.execute_script("return document.activeElement.className")
    assert browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight;", summary)
    screenshot(browser, "report-form-refused")
    assert axe_violations(browser) == []


def test_the_tip_form_error_takes_focus_on_a_phone(browser):
    browser.set_window_size(390, 844)
    browser.get(BASE_URL + first_poster_path(browser))
    click_and_wait(browser, browser.find_element(By.ID, "send-tip"))
    assert browser.execute_script("return document.activeElement.id") == "tip-errors"
    summary = browser.find_element(By.ID, "tip-errors")
    assert browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight;", summary)
    screenshot(browser, "tip-form-refused-phone")
