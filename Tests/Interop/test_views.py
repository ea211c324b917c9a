"""The MCP Apps views in a real browser: headless Chromium, driven by Selenium.

The built binary is asked for real results (runWorkload, getDOMetrics, reviewCode) and for the views' HTML
(resources/read of ui://do-architect/*), with a client that declares the io.modelcontextprotocol/ui extension.
A small test host page (views/host.html) loads each view in a sandboxed iframe the way hosts do, speaks the host
side of the bridge, sends the tool input and the real result, and the rendered DOM is checked. Screenshots of each
view in both themes go to .build/test-output/views/.
"""

import json
import os
import pathlib
import shutil

import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
HOST = pathlib.Path(__file__).resolve().parent / "views" / "host.html"
OUT = ROOT / ".build" / "test-output" / "views"
UI = {"io.modelcontextprotocol/ui": {"mimeTypes": ["text/html;profile=mcp-app"]}}

class RawSession:
    """A plain JSON-RPC session over the binary's stdio (handshake era), with the capabilities given."""

    def __init__(self, binary, data_dir, capabilities=None):
        self.args = [binary, "serve", "--data-dir", str(data_dir)]
        self.capabilities = capabilities or {}
        self.next_id = 0

    def __enter__(self):
        self.process = subprocess.Popen(self.args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.request("initialize", {"protocolVersion": "2025-11-25", "capabilities": self.capabilities,
                                    "clientInfo": {"name": "views-test", "version": "1"}})
        self.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        return self

    def __exit__(self, *exc):
        self.process.stdin.close()
        self.process.wait(timeout=30)

    def send(self, message):
        self.process.stdin.write((json.dumps(message) + "\n").encode())
        self.process.stdin.flush()

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            line = self.process.stdout.readline()
            assert line, f"the server closed its output while {method} was pending"
            message = json.loads(line)
            if message.get("id") == self.next_id and "method" not in message:
                return message


webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def chromium_paths():
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not browser or not driver:
        pytest.fail("chromium and chromium-driver are needed for the view tests (scripts/install-deps.sh --test installs them)")
    return browser, driver


@pytest.fixture(scope="module")
def captured(binary, tmp_path_factory):
    """Real results and the views' HTML from the built binary."""
    data = tmp_path_factory.mktemp("views-data")
    with RawSession(binary, data, capabilities={"extensions": UI}) as s:
        tools = {t["name"]: t for t in s.request("tools/list", {})["result"]["tools"]}
        html = {}
        for view in ("metrics", "workload", "review"):
            read = s.request("resources/read", {"uri": f"ui://do-architect/{view}"})["result"]
            content = read["contents"][0]
            assert content["mimeType"] == "text/html;profile=mcp-app"
            html[view] = content["text"]
        workload_args = {"namespace": "COUNTER", "requests": 3000, "concurrency": 32, "objects": 50,
                         "distribution": "zipf", "seed": 7}
        workload = s.request("tools/call", {"name": "runWorkload", "arguments": workload_args})["result"]
        metrics_args = {"namespace": "COUNTER", "windowSeconds": 120}
        metrics = s.request("tools/call", {"name": "getDOMetrics", "arguments": metrics_args})["result"]
        metrics_series = s.request("tools/call", {"name": "getDOMetrics",
                                                  "arguments": dict(metrics_args, includeSeries=True)})["result"]
        corpus = ROOT / "Tests" / "CodeReviewTests" / "Corpus"
        files = [{"path": name, "content": (corpus / name).read_text()}
                 for name in ("agent-poll-forever.ts", "agent-tool-loop.ts", "agent-chat.ts")]
        review_args = {"files": files}
        review = s.request("tools/call", {"name": "reviewCode", "arguments": review_args})["result"]
    for result in (workload, metrics, metrics_series, review):
        assert not result.get("isError"), result
    return {
        "tools": tools, "html": html,
        "workload": (workload_args, workload), "metrics": (metrics_args, metrics, metrics_series),
        "review": ({"files": [{"path": f["path"], "content": "…"} for f in files]}, review),
    }


@pytest.fixture(scope="module")
def browser():
    binary, driver_path = chromium_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1040,1600"):
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path=driver_path)
    driver = webdriver.Chrome(options=options, service=service)
    yield driver
    driver.quit()


def open_view(driver, html, arguments, result, theme, **extra):
    driver.get(HOST.as_uri())
    options = dict(arguments=arguments, result=result, theme=theme, **extra)
    driver.execute_script("window.startView(arguments[0], arguments[1]);", html, options)
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return window.host.initialized"))
    driver.switch_to.frame(driver.find_element(By.ID, "view"))


def wait_for(driver, css, timeout=10):
    WebDriverWait(driver, timeout).until(lambda d: d.find_elements(By.CSS_SELECTOR, css))
    return driver.find_elements(By.CSS_SELECTOR, css)


def screenshot(driver, name):
    driver.switch_to.default_content()
    # Let the view's debounced size-changed reach the host, and the host resize the frame.
    WebDriverWait(driver, 5).until(lambda d: d.execute_script(
        "const f = document.getElementById('view');"
        "const s = window.host.received.filter(m => m.method === 'ui/notifications/size-changed');"
        "return s.length && Math.abs(f.getBoundingClientRect().height - s[s.length - 1].params.height) < 1 "
        "&& f.contentWindow && true"))
    import time
    time.sleep(0.3)
    OUT.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.getElementById('view').getBoundingClientRect().height")
    driver.set_window_size(1040, int(min(6000, max(600, height + 40))))
    driver.save_screenshot(str(OUT / f"{name}.png"))
    driver.set_window_size(1040, 1600)


def tile(driver, key):
    return driver.find_element(By.CSS_SELECTOR, f'[data-tile="{key}"] .value').text


def fmt_int(n):
    return f"{int(round(n)):,}"


def test_tools_link_their_views_only_for_clients_that_declare_the_extension(binary, tmp_path, captured):
    linked = {name: t.get("_meta", {}).get("ui", {}).get("resourceUri") for name, t in captured["tools"].items()}
    assert linked["getDOMetrics"] == "ui://do-architect/metrics"
    assert linked["runWorkload"] == "ui://do-architect/workload"
    assert linked["reviewCode"] == "ui://do-architect/review"
    with RawSession(binary, tmp_path) as s:
        tools = s.request("tools/list", {})["result"]["tools"]
        resources = s.request("resources/list", {})["result"]["resources"]
    assert all("ui" not in t.get("_meta", {}) for t in tools)
    assert not any(r["uri"].startswith("ui://") for r in resources)


def test_views_are_self_contained_and_small(captured):
    for view, html in captured["html"].items():
        assert len(html.encode()) < 150 * 1024, f"{view} view is {len(html.encode())} bytes"
        # The SVG namespace name is an identifier, not something loaded.
        lowered = html.lower().replace('"http://www.w3.org/2000/svg"', "")
        for outside in ("<script src", "<link ", "@import", "http://", "https://", "url("):
            assert outside not in lowered, f"{view} view refers to something outside the document: {outside}"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_metrics_view_shows_figures_hot_object_and_recommendations(browser, captured, theme):
    args, result, with_series = captured["metrics"]
    ns = max(result["structuredContent"]["namespaces"], key=lambda n: n["requests"])
    open_view(browser, captured["html"]["metrics"], args, result, theme, toolResults={"getDOMetrics": with_series})
    wait_for(browser, '[data-tile="activeObjects"]')
    assert tile(browser, "activeObjects") == fmt_int(ns["activeObjects"])
    assert tile(browser, "stateOperations") == fmt_int(ns["stateOperations"])
    # The result had no series: the view asked the host for it (tools/call) and drew the line charts.
    lines = wait_for(browser, '[data-chart="requests"] path.line')
    assert lines[0].get_attribute("d").startswith("M")
    bars = browser.find_elements(By.CSS_SELECTOR, '[data-chart="hottestObjects"] rect.bar')
    assert len(bars) == len(ns["hottestObjects"])
    tallest = max(bars, key=lambda b: float(b.get_attribute("height")))
    hottest = max(ns["hottestObjects"], key=lambda o: o["requests"])
    assert tallest.get_attribute("data-label") == hottest["name"]
    assert "hot" in tallest.get_attribute("class")
    cards = browser.find_elements(By.CSS_SELECTOR, "[data-recommendation]")
    assert [c.get_attribute("data-recommendation") for c in cards] == [r["id"] for r in ns["recommendations"]]
    cost_rows = browser.find_elements(By.CSS_SELECTOR, "#cost-table tbody tr")
    assert len(cost_rows) == len(ns["estimatedMonthlyCost"]["lines"])
    # Every chart carries a table for screen readers.
    for figure in browser.find_elements(By.CSS_SELECTOR, "figure[data-chart]"):
        if figure.find_elements(By.CSS_SELECTOR, "svg"):
            assert figure.find_elements(By.CSS_SELECTOR, ".sr-only table")
    assert browser.execute_script("return document.documentElement.dataset.theme") == theme
    browser.switch_to.default_content()
    calls = browser.execute_script("return window.host.toolCalls")
    assert calls == [{"name": "getDOMetrics", "arguments": dict(args, includeSeries=True)}]
    screenshot(browser, f"metrics-{theme}")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_workload_view_runs_then_shows_histogram_and_checks(browser, captured, theme):
    args, result = captured["workload"]
    r = result["structuredContent"]
    open_view(browser, captured["html"]["workload"], args, result, theme, holdResult=True)
    running = wait_for(browser, "#running")
    assert "Running" in running[0].text
    assert "COUNTER" in browser.find_element(By.ID, "arguments").text
    browser.switch_to.default_content()
    browser.execute_script("window.host.sendResult()")
    browser.switch_to.frame(browser.find_element(By.ID, "view"))
    wait_for(browser, '[data-tile="throughput"]')
    assert tile(browser, "throughput") == f"{fmt_int(r['throughput'])} / s"
    bars = browser.find_elements(By.CSS_SELECTOR, '[data-chart="latency"] rect.bar')
    assert len(bars) == len(r["latencyHistogram"]) > 0
    assert sum(int(b.get_attribute("data-value")) for b in bars) == r["completed"]
    markers = [m.get_attribute("data-marker") for m in browser.find_elements(By.CSS_SELECTOR, "[data-marker]")]
    assert markers == ["p50", "p95", "p99"]
    rows = browser.find_elements(By.CSS_SELECTOR, "#checks tbody tr")
    assert [row.get_attribute("data-check") for row in rows] == [c["name"] for c in r["checks"]]
    lines = browser.find_element(By.ID, "app").text.split("\n")
    assert "null" not in lines and "undefined" not in lines
    screenshot(browser, f"workload-{theme}")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_review_view_lists_every_finding_by_file(browser, captured, theme):
    args, result = captured["review"]
    r = result["structuredContent"]
    open_view(browser, captured["html"]["review"], args, result, theme)
    wait_for(browser, "article.card")
    cards = browser.find_elements(By.CSS_SELECTOR, "article.card")
    assert len(cards) == len(r["findings"]) > 0
    shown = sorted((c.find_element(By.XPATH, "ancestor::section").get_attribute("data-file"), c.get_attribute("data-rule"),
                    int(c.get_attribute("data-line"))) for c in cards)
    assert shown == sorted((f["file"], f["ruleId"], f["line"]) for f in r["findings"])
    confidences = sorted(c.find_element(By.CSS_SELECTOR, "[data-confidence]").get_attribute("data-confidence") for c in cards)
    assert confidences == sorted(f["confidence"] for f in r["findings"])
    excerpts = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "pre.excerpt")]
    assert all(f["excerpt"].strip() in excerpts for f in r["findings"] if f.get("excerpt"))
    assert len(browser.find_elements(By.CSS_SELECTOR, "#checklist tbody tr")) == len(r["checklist"])
    screenshot(browser, f"review-{theme}")


def test_a_theme_change_from_the_host_restyles_the_view(browser, captured):
    args, result = captured["workload"]
    open_view(browser, captured["html"]["workload"], args, result, "light")
    wait_for(browser, '[data-tile="throughput"]')
    light = browser.execute_script("return getComputedStyle(document.body).backgroundColor")
    browser.switch_to.default_content()
    browser.execute_script("window.host.setTheme('dark')")
    browser.switch_to.frame(browser.find_element(By.ID, "view"))
    WebDriverWait(browser, 5).until(lambda d: d.execute_script("return document.documentElement.dataset.theme") == "dark")
    assert browser.execute_script("return getComputedStyle(document.body).backgroundColor") != light


def test_view_messages_follow_the_bridge(browser, captured):
    args, result = captured["review"]
    open_view(browser, captured["html"]["review"], args, result, "light")
    wait_for(browser, "article.card")
    browser.switch_to.default_content()
    received = browser.execute_script("return window.host.received")
    assert received[0]["method"] == "ui/initialize"
    assert received[0]["params"]["protocolVersion"] == "2026-01-26"
    assert received[1]["method"] == "ui/notifications/initialized"
    sizes = [m for m in received if m.get("method") == "ui/notifications/size-changed"]
    assert sizes and all(m["params"]["height"] > 0 and m["params"]["width"] > 0 for m in sizes)
    assert all(m.get("jsonrpc") == "2.0" for m in received)


def test_cli_writes_the_same_view_with_the_result_embedded(binary, browser, tmp_path):
    data = tmp_path / "data"
    env = dict(os.environ, DO_ARCHITECT_DATA_DIR=str(data))
    page = tmp_path / "workload.html"
    subprocess.run([binary, "workload", "COUNTER", "--requests", "500", "--objects", "5", "--json", "--html", str(page)],
                   check=True, env=env, capture_output=True, timeout=120)
    browser.get(page.as_uri())
    wait_for(browser, '[data-tile="throughput"]')
    assert len(browser.find_elements(By.CSS_SELECTOR, "#checks tbody tr")) >= 1
    metrics_page = tmp_path / "metrics.html"
    subprocess.run([binary, "metrics", "--namespace", "COUNTER", "--window", "300", "--html", str(metrics_page)],
                   check=True, env=env, capture_output=True, timeout=60)
    browser.get(metrics_page.as_uri())
    wait_for(browser, '[data-chart="requests"] path.line')
    assert tile(browser, "activeObjects") == "5"
