"""report.html opens in headless Chromium, needs nothing from the network, and is screenshotted."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.paths import REPO

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO / "test-artifacts" / "eval"


def test_report_renders_in_headless_chromium(seeds_run: Path) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    requested: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("request", lambda request: requested.append(request.url))
            page.goto((seeds_run / "report.html").as_uri())
            assert page.title() == "IMR eval report"
            assert page.locator("section.item").count() == 10
            assert page.locator("svg.chart").count() == 2
            assert page.locator("section.item .pair > div").count() == 20
            chart = page.locator("svg.chart").first.bounding_box()
            assert chart is not None and chart["width"] > 300
            page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        finally:
            browser.close()
    assert all(url.startswith("file://") for url in requested), requested
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000
