"""The public poster page and tip form in Spanish: chosen by the browser's language and by the
link on the page, with a refused tip's errors in Spanish first and the thanks in Spanish."""

import os

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from conftest import BASE_URL, axe_violations, click_and_wait, screenshot


@pytest.fixture
def spanish_browser():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--disable-gpu",
                     "--lang=es"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "es-MX,es"})
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER_BINARY", "/usr/bin/chromedriver")), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def first_poster_path(driver):
    driver.get(BASE_URL + "/posters")
    link = driver.find_element(By.CSS_SELECTOR, "a[href^='/posters/']")
    return link.get_attribute("href").replace(BASE_URL, "").split("?")[0]


def test_a_spanish_browser_gets_the_poster_in_spanish_and_a_refused_tip_answers_in_spanish(spanish_browser):
    browser = spanish_browser
    poster = first_poster_path(browser)
    browser.get(BASE_URL + poster)
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es"
    assert "DESAPARECIDO" in browser.page_source
    assert browser.find_element(By.CSS_SELECTOR, "#tip h2").text.startswith("¿Ha visto a")
    alternates = {link.get_attribute("hreflang") for link in browser.find_elements(By.CSS_SELECTOR, "link[rel=alternate]")}
    assert alternates == {"en", "es"}
    assert axe_violations(browser) == []
    screenshot(browser, "poster-spanish")

    # Nothing filled in: the first thing the page says is in Spanish, and it takes focus.
    click_and_wait(browser, browser.find_element(By.ID, "send-tip"))
    assert browser.execute_script("return document.activeElement.id") == "tip-errors"
    summary = browser.find_element(By.ID, "tip-errors").text
    assert summary.startswith("Algunos campos necesitan atención") and "Diga qué vio." in summary
    assert "Say what you saw" not in browser.page_source
    screenshot(browser, "tip-refused-spanish")

    browser.find_element(By.ID, "seen").send_keys("Una niña con parka verde")
    browser.find_element(By.ID, "place").send_keys("Estación de autobuses")
    browser.find_element(By.ID, "when").send_keys("Hace una hora")
    click_and_wait(browser, browser.find_element(By.ID, "send-tip"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Gracias"


def test_the_link_on_the_page_switches_the_language_whatever_the_browser_asks(spanish_browser):
    browser = spanish_browser
    poster = first_poster_path(browser)
    browser.get(BASE_URL + poster)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "a.language-switch[hreflang=en]"))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert browser.find_element(By.CSS_SELECTOR, "#tip h2").text.startswith("Have you seen")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "a.language-switch[hreflang=es]"))
    assert browser.find_element(By.CSS_SELECTOR, "#tip h2").text.startswith("¿Ha visto a")
    assert axe_violations(browser) == []
