"""facts serve in a real browser: search a word, open a claim, read its speaker, date, source and context.

Drives the system's Chromium headless through its chromedriver (Debian: chromium and
chromium-driver); nothing is downloaded. Skipped when either, Selenium or Datasette is missing.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from facts.cli.app import app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

NO_BROWSER = "no system Chromium and chromedriver (apt: chromium chromium-driver)"
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason=NO_BROWSER)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    """A headless Chromium with a fresh profile that fetches nothing on its own."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,900",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(20)
    driver.implicitly_wait(5)
    try:
        yield driver
    finally:
        driver.quit()


def test_search_then_open_a_claim(server: Any, browser: Any, tmp_path: Path) -> None:
    """A searched word finds the claims `facts search` finds; a claim's page shows its speaker, date,
    source and the paragraph around it, and links to the speaker's timeline."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def arrived(part: str) -> None:
        WebDriverWait(browser, 15).until(lambda d: part in d.current_url)

    searched = json.loads(CliRunner().invoke(app, ["search", "withdrawing", "--json"]).stdout)
    browser.get(f"{server.base}/facts/claims")
    box = browser.find_element(By.NAME, "_search")
    box.send_keys("withdrawing")
    box.submit()
    arrived("_search=withdrawing")
    links = browser.find_elements(By.CSS_SELECTOR, "td.col-id a")
    assert sorted(a.text for a in links) == sorted(c["id"] for c in searched)
    wanted = next(a for a in links if a.text == "003-singh-not-withdrawing")
    wanted.click()
    arrived("/facts/claims/003-singh-not-withdrawing")
    detail = json.loads(CliRunner().invoke(app, ["show", "003-singh-not-withdrawing", "--json"]).stdout)
    page = browser.find_element(By.TAG_NAME, "body").text
    assert browser.find_element(By.CSS_SELECTOR, "mark.facts-claim").text == detail["text"]
    assert detail["context"]["paragraph"] in page
    assert detail["speaker"]["name"] in page and detail["date"] in page
    assert detail["source"]["title"] in page
    original = browser.find_element(By.LINK_TEXT, "original")
    assert original.get_attribute("href").rstrip("/") == detail["source"]["url"].rstrip("/")
    browser.save_screenshot(str(tmp_path / "claim.png"))
    browser.find_element(By.LINK_TEXT, "timeline").click()
    arrived("/-/facts/timeline/sabrina-singh")
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg circle.claim")) == 6
    browser.save_screenshot(str(tmp_path / "timeline.png"))
    assert os.path.getsize(tmp_path / "claim.png") > 1000
