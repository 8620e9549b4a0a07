"""Shared fixtures for the browser tests: a headless Chromium driven by chromedriver against the
server that scripts/test started with the demo data."""

import contextlib
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE_URL = os.environ.get("HOMEWARD_URL", "http://127.0.0.1:8080")
DATA_DIR = os.environ.get("HOMEWARD_DATA_DIR", "homeward-data")
BINARY = os.environ.get("HOMEWARD_BINARY", ".build/debug/homeward")
ARTIFACTS = os.environ.get("ARTIFACTS", "test-artifacts")
DEMO_PASSWORD = "homeward-demo"
METRICS_TOKEN = os.environ.get("HOMEWARD_METRICS_TOKEN", "browser-tests-metrics-token")


@pytest.fixture
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--disable-gpu"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER_BINARY", "/usr/bin/chromedriver")), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def screenshot(driver, name):
    os.makedirs(ARTIFACTS, exist_ok=True)
    path = os.path.join(ARTIFACTS, f"{name}.png")
    driver.save_screenshot(path)
    assert os.path.getsize(path) > 0
    return path


def click_and_wait(driver, element):
    """Clicks something that loads a new page and waits until the new page has replaced the old."""
    # A marker on the old page's window object; a newly loaded page has none.
    driver.execute_script("window.__homewardOldPage = true")
    element.click()
    WebDriverWait(driver, 15).until(
        lambda d: d.execute_script("return window.__homewardOldPage === undefined && document.readyState === 'complete'")
    )


def sign_in(driver, email, password=DEMO_PASSWORD):
    driver.get(BASE_URL + "/sign-in")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(password)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]"))


def sign_out(driver):
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.sign-out button"))


def homeward(*arguments, data_dir=None, check=True):
    """Runs the homeward command line against the test server's data (or another folder)."""
    return subprocess.run(
        [BINARY, *arguments, "--data-dir", data_dir or DATA_DIR], capture_output=True, text=True, check=check, timeout=120
    )


def organization_ids():
    listing = homeward("org", "list").stdout.splitlines()[1:]
    ids = {}
    for line in listing:
        parts = re.split(r"\s{2,}", line.strip())
        ids[parts[0]] = parts[5]
    return ids


def http(method, path, token=None, body=None):
    request = urllib.request.Request(BASE_URL + path, method=method, data=body)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def axe_violations(driver, impacts=("serious", "critical")):
    """Runs axe-core 4.x (the copy bundled with the axe-playwright-python package) on the current
    page and returns the violations of the given impacts."""
    import axe_playwright_python

    source = os.path.join(os.path.dirname(axe_playwright_python.__file__), "axe.min.js")
    with open(source, encoding="utf-8") as handle:
        driver.execute_script(handle.read())
    assert driver.execute_script("return axe.version").startswith("4."), "axe-core 4.x is required"
    driver.set_script_timeout(60)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations)).catch(e => done({error: String(e)}));"
    )
    assert not isinstance(result, dict), result
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:3]]}
        for v in result
        if v["impact"] in impacts
    ]


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, seconds=60):
    """Whether `condition()` came true within `seconds`, asked four times a second."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


def ready(base):
    """Whether the server at `base` answers its readiness check."""
    try:
        with urllib.request.urlopen(base + "/readyz", timeout=2) as response:
            return response.status == 200
    except Exception:
        return False


@contextlib.contextmanager
def demo_server(prefix):
    """A server of its own with the demo data in a new data folder, for tests that must not share
    the suite's server: yields its base address, its data folder and its process."""
    data_dir = tempfile.mkdtemp(prefix=prefix)
    port = free_port()
    process = subprocess.Popen(
        [BINARY, "serve", "--demo", "--data-dir", data_dir, "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: ready(base)), "the server did not start"
        yield base, data_dir, process
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)

