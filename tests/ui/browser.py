"""Real headless Chromium against `streamlit run` on 127.0.0.1: the server, the browser and the
small steps every browser test uses. Screenshots go to test-artifacts/app/."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.paths import CORPUS
from tests.ui.conftest import REPO

playwright_sync = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts" / "app"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT_MS = 60_000
RUNNING = "[data-testid='stStatusWidgetRunningIcon'], [data-testid='stStatusWidgetRunningManIcon']"

BROWSER_MARKS = [
    pytest.mark.slow,
    pytest.mark.server,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def streamlit_server(data_dir: Path, port: int) -> Iterator[str]:
    env = {**os.environ, "IMR_DATA_DIR": str(data_dir), "IMR_CORPUS_DIR": str(CORPUS)}
    for name in ("IMR_LLM__API_KEY", "IMR_LLM__BASE_URL"):
        env.pop(name, None)
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
    ]
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("streamlit did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def see(page: object, text: str) -> None:
    """Wait until `text` is visible (the same text on a hidden tab does not count); on a timeout,
    fail with what the page showed instead."""
    found = page.get_by_text(text, exact=False).filter(visible=True)  # type: ignore[attr-defined]
    try:
        found.first.wait_for(timeout=WAIT_MS)
    except playwright_sync.TimeoutError:
        main = page.locator("[data-testid='stMain']").first  # type: ignore[attr-defined]
        shown = main.inner_text()[-3000:]
        raise AssertionError(f"{text!r} never appeared; the page showed:\n{shown}") from None
    settled(page)


def settled(page: object) -> None:
    """Wait until the script run in progress has finished, so the next click meets a page that
    will not be redrawn under it."""
    page.locator(RUNNING).first.wait_for(state="hidden", timeout=WAIT_MS)  # type: ignore[attr-defined]


def sign_in_name(page: object, name: str) -> None:
    field = page.locator(".st-key-reviewer_name input")  # type: ignore[attr-defined]
    field.fill(name)
    field.press("Enter")
    page.wait_for_timeout(300)  # type: ignore[attr-defined]
    settled(page)


@contextmanager
def launch_chromium() -> Iterator[object]:
    """Debian's chromium, headless, with its background network features off."""
    with playwright_sync.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
