"""scripts/audit: a finding fails the build, an unreachable vulnerability service skips it."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import ModuleType
from typing import Any

import pytest

from tests.paths import REPO


def _load_audit() -> ModuleType:
    loader = importlib.machinery.SourceFileLoader("audit_script", str(REPO / "scripts" / "audit"))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[loader.name] = module
    loader.exec_module(module)
    return module


audit = _load_audit()


def report(*dependencies: dict[str, Any]) -> str:
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


CLEAN = {"name": "pyyaml", "version": "6.0.2", "vulns": []}
VULNERABLE = {
    "name": "pyyaml",
    "version": "5.3",
    "vulns": [{"id": "PYSEC-2021-142", "fix_versions": ["5.4"], "aliases": []}],
}
NOT_FOUND = {"name": "numpy", "skip_reason": "Dependency not found on PyPI"}


def test_connection_error_skips_with_one_line() -> None:
    stderr = "Traceback ...\nrequests.exceptions.ConnectionError: Max retries exceeded with url"
    outcome = audit.decide(1, "", stderr, "PyPI")
    assert (outcome.exit_code, outcome.lines) == (0, ["dependency audit skipped: PyPI unreachable"])


def test_a_service_that_audited_nothing_counts_as_unreachable() -> None:
    outcome = audit.decide(0, report(NOT_FOUND, NOT_FOUND), "", "PyPI")
    assert (outcome.exit_code, outcome.lines) == (0, ["dependency audit skipped: PyPI unreachable"])


def test_a_finding_exits_1_naming_the_package_and_the_fix() -> None:
    outcome = audit.decide(1, report(CLEAN, VULNERABLE, NOT_FOUND), "", "PyPI")
    assert outcome.exit_code == 1
    assert outcome.lines == ["known vulnerability in pyyaml 5.3: PYSEC-2021-142 (fixed in 5.4)"]


def test_no_finding_exits_0_with_the_count() -> None:
    outcome = audit.decide(0, report(CLEAN, NOT_FOUND), "", "PyPI")
    assert outcome.exit_code == 0
    assert outcome.lines == ["dependency audit: 1 packages, no known vulnerabilities"]


def test_another_pip_audit_failure_exits_2() -> None:
    outcome = audit.decide(1, "", "/venv/bin/python: No module named pip_audit\n", "PyPI")
    assert outcome.exit_code == 2
    assert outcome.lines == ["dependency audit failed: /venv/bin/python: No module named pip_audit"]


class OsvStub(BaseHTTPRequestHandler):
    """OSV's query API: one advisory for pyyaml, none for anything else."""

    def do_POST(self) -> None:
        query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        name = query["package"]["name"]
        body: dict[str, Any] = {}
        if name == "pyyaml":
            body = {
                "vulns": [
                    {
                        "id": "GHSA-test-0001",
                        "summary": "test advisory",
                        "affected": [{"package": {"name": name, "ecosystem": "PyPI"}}],
                    }
                ]
            }
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def osv_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), OsvStub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1/query"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
def test_pip_audit_against_a_service_with_an_advisory_fails(
    osv_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("pip_audit", reason="pip-audit is in the dev extra")
    assert audit.main(["--service", "osv", "--osv-url", osv_url, "--deadline", "120"]) == 1
    assert "known vulnerability in pyyaml" in capsys.readouterr().err


@pytest.mark.slow
def test_pip_audit_against_an_unreachable_service_skips(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pip_audit", reason="pip-audit is in the dev extra")
    closed = "http://127.0.0.1:9/v1/query"
    assert audit.main(["--service", "osv", "--osv-url", closed, "--deadline", "120"]) == 0
    assert capsys.readouterr().out == f"dependency audit skipped: OSV ({closed}) unreachable\n"
