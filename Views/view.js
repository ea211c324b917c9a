// do-architect views: the part every view shares.
//  - the MCP Apps bridge (specification 2026-01-26): ui/initialize, ui/notifications/initialized, tool input and
//    result notifications, host context (theme, style variables), size-changed, teardown, tools/call through the host;
//  - a result embedded in the page (`do-architect metrics --html`) is rendered without any host;
//  - DOM helpers that only ever set text (tool results hold user code and names: never parsed as HTML);
//  - small SVG charts, each followed by a table with the same figures for screen readers.
"use strict";

const DOView = (() => {
  const APP_PROTOCOL = "2026-01-26";

  // MARK: DOM

  /** Creates an element; attributes by name, children as nodes or text (never HTML). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** Replaces a node's children (null and false children are skipped, unlike `replaceChildren`). */
  function show(node, ...children) {
    node.replaceChildren();
    return append(node, children);
  }

  const SVG_NS = "http://www.w3.org/2000/svg";
  function svgEl(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value !== undefined && value !== null) node.setAttribute(key, String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // MARK: Formatting

  function num(value, digits) {
    if (value === null || value === undefined || Number.isNaN(value)) return "—";
    const d = digits === undefined ? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2) : digits;
    return Number(value).toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: 0 });
  }
  const ms = (value) => (value === null || value === undefined ? "—" : `${num(value, value < 1 ? 3 : 2)} ms`);
  const usd = (value) => (value === null || value === undefined ? "—" : `$${num(value, value < 1 ? 4 : 2)}`);
  function bytes(value) {
    if (value === null || value === undefined) return "—";
    const units = ["B", "KB", "MB", "GB", "TB"];
    let v = value, i = 0;
    while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
    return `${num(v, i === 0 ? 0 : 1)} ${units[i]}`;
  }

  function tile(label, value, sub, key) {
    return el("div", { class: "tile", "data-tile": key || label },
      el("div", { class: "label" }, label), el("div", { class: "value" }, value), sub ? el("div", { class: "sub" }, sub) : null);
  }

  function srTable(caption, headers, rows) {
    // The wrapper hides it: a table grows to its content whatever height it is given.
    return el("div", { class: "sr-only" }, el("table", {}, el("caption", {}, caption),
      el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, rows.map((r) => el("tr", {}, r.map((c) => el("td", {}, c)))))));
  }

  // MARK: Charts

  const W = 600, H = 180, PAD = { left: 48, right: 12, top: 10, bottom: 26 };

  function niceMax(value) {
    if (!(value > 0)) return 1;
    const power = Math.pow(10, Math.floor(Math.log10(value)));
    for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
    return 10 * power;
  }

  /** A line chart of {x, y} points (x: seconds since the start of the window). */
  function lineChart({ title, points, format, key }) {
    const figure = el("figure", { "data-chart": key || title });
    figure.appendChild(el("figcaption", {}, title));
    if (!points.length) {
      figure.appendChild(el("p", { class: "muted" }, "No data in this window."));
      return figure;
    }
    const xMin = points[0].x, xMax = Math.max(points[points.length - 1].x, xMin + 1);
    const yMax = niceMax(Math.max(...points.map((p) => p.y)));
    const sx = (x) => PAD.left + ((x - xMin) / (xMax - xMin)) * (W - PAD.left - PAD.right);
    const sy = (y) => H - PAD.bottom - (y / yMax) * (H - PAD.top - PAD.bottom);
    const path = points.map((p, i) => `${i ? "L" : "M"}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join("");
    const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": title },
      svgEl("line", { class: "axis", x1: PAD.left, y1: H - PAD.bottom, x2: W - PAD.right, y2: H - PAD.bottom }),
      svgEl("line", { class: "axis", x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: H - PAD.bottom }),
      svgEl("text", { x: PAD.left - 6, y: PAD.top + 8, "text-anchor": "end" }, format(yMax)),
      svgEl("text", { x: PAD.left - 6, y: H - PAD.bottom, "text-anchor": "end" }, "0"),
      svgEl("text", { x: PAD.left, y: H - 6 }, "0 s"),
      svgEl("text", { x: W - PAD.right, y: H - 6, "text-anchor": "end" }, `${num(xMax - xMin, 0)} s`),
      svgEl("path", { class: "line", d: path }));
    figure.appendChild(svg);
    figure.appendChild(srTable(title, ["second", "value"], points.map((p) => [num(p.x - xMin, 0), format(p.y)])));
    return figure;
  }

  /** A vertical bar chart; the bar with the largest value is marked `hot`. */
  function barChart({ title, bars, format, key, highlightMax }) {
    const figure = el("figure", { "data-chart": key || title });
    figure.appendChild(el("figcaption", {}, title));
    if (!bars.length) {
      figure.appendChild(el("p", { class: "muted" }, "Nothing to show."));
      return figure;
    }
    const yMax = niceMax(Math.max(...bars.map((b) => b.value)));
    const top = Math.max(...bars.map((b) => b.value));
    const plotW = W - PAD.left - PAD.right, plotH = H - PAD.top - PAD.bottom;
    const slot = plotW / bars.length, barW = Math.max(2, Math.min(48, slot * 0.7));
    const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": title },
      svgEl("line", { class: "axis", x1: PAD.left, y1: H - PAD.bottom, x2: W - PAD.right, y2: H - PAD.bottom }),
      svgEl("text", { x: PAD.left - 6, y: PAD.top + 8, "text-anchor": "end" }, format(yMax)),
      svgEl("text", { x: PAD.left - 6, y: H - PAD.bottom, "text-anchor": "end" }, "0"));
    bars.forEach((b, i) => {
      const h = (b.value / yMax) * plotH;
      const x = PAD.left + i * slot + (slot - barW) / 2;
      const hot = highlightMax !== false && b.value === top && top > 0;
      const rect = svgEl("rect", {
        class: hot ? "bar hot" : "bar", x: x.toFixed(1), y: (H - PAD.bottom - h).toFixed(1), width: barW.toFixed(1),
        height: Math.max(0, h).toFixed(1), "data-label": b.label, "data-value": b.value,
      }, svgEl("title", {}, `${b.label}: ${format(b.value)}`));
      svg.appendChild(rect);
      if (bars.length <= 12) {
        const label = b.label.length > 14 ? `${b.label.slice(0, 13)}…` : b.label;
        svg.appendChild(svgEl("text", { x: (x + barW / 2).toFixed(1), y: H - 8, "text-anchor": "middle" }, label));
      }
    });
    figure.appendChild(svg);
    figure.appendChild(srTable(title, ["item", "value"], bars.map((b) => [b.label, format(b.value)])));
    return figure;
  }

  /** A histogram of buckets {upToMs, count} with percentile markers {label, value}. */
  function histogram({ title, buckets, markers, key }) {
    const figure = el("figure", { "data-chart": key || title });
    figure.appendChild(el("figcaption", {}, title));
    if (!buckets.length) {
      figure.appendChild(el("p", { class: "muted" }, "No latencies recorded."));
      return figure;
    }
    const yMax = niceMax(Math.max(...buckets.map((b) => b.count)));
    const plotW = W - PAD.left - PAD.right, plotH = H - PAD.top - PAD.bottom;
    const slot = plotW / buckets.length;
    const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": title },
      svgEl("line", { class: "axis", x1: PAD.left, y1: H - PAD.bottom, x2: W - PAD.right, y2: H - PAD.bottom }),
      svgEl("text", { x: PAD.left - 6, y: PAD.top + 8, "text-anchor": "end" }, num(yMax, 0)),
      svgEl("text", { x: PAD.left - 6, y: H - PAD.bottom, "text-anchor": "end" }, "0"));
    buckets.forEach((b, i) => {
      const h = (b.count / yMax) * plotH;
      const x = PAD.left + i * slot + 1;
      svg.appendChild(svgEl("rect", {
        class: "bar", x: x.toFixed(1), y: (H - PAD.bottom - h).toFixed(1), width: Math.max(1, slot - 2).toFixed(1),
        height: h.toFixed(1), "data-label": `≤ ${b.upToMs} ms`, "data-value": b.count,
      }, svgEl("title", {}, `≤ ${b.upToMs} ms: ${b.count}`)));
      if (buckets.length <= 16 || i % Math.ceil(buckets.length / 12) === 0) {
        svg.appendChild(svgEl("text", { x: (x + slot / 2).toFixed(1), y: H - 8, "text-anchor": "middle" }, `${b.upToMs}`));
      }
    });
    // A marker sits in the bucket that holds its value, placed linearly inside that bucket.
    for (const m of markers) {
      let i = buckets.findIndex((b) => m.value <= b.upToMs);
      if (i < 0) i = buckets.length - 1;
      const lo = i === 0 ? 0 : buckets[i - 1].upToMs, hi = buckets[i].upToMs;
      const frac = hi > lo ? Math.min(1, Math.max(0, (m.value - lo) / (hi - lo))) : 0.5;
      const x = PAD.left + (i + frac) * slot;
      svg.appendChild(svgEl("line", { class: "marker", x1: x.toFixed(1), y1: PAD.top, x2: x.toFixed(1), y2: H - PAD.bottom, "data-marker": m.label }));
      svg.appendChild(svgEl("text", { x: (x + 3).toFixed(1), y: PAD.top + 10 }, m.label));
    }
    figure.appendChild(svg);
    figure.appendChild(srTable(title, ["latency up to (ms)", "requests"], buckets.map((b) => [String(b.upToMs), num(b.count, 0)])));
    return figure;
  }

  // MARK: Bridge

  /**
   * Connects the view: renders an embedded result at once, or speaks MCP Apps with the host.
   * handlers: { title, onInput(args), onResult(structuredContent, result), onCancelled(reason) }
   */
  function start(handlers) {
    const root = document.getElementById("app");
    const view = { root, host: null, callTool: null, args: null };

    const embedded = document.getElementById("embedded-result");
    if (embedded && embedded.textContent.trim()) {
      const prefersDark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
      applyTheme(prefersDark ? "dark" : "light");
      const data = JSON.parse(embedded.textContent);
      view.args = data.arguments || null;
      handlers.onResult(view, data.structuredContent, data);
      return view;
    }

    showStatus(root, "Waiting for the tool's result…", true);
    let nextId = 1;
    const pending = new Map();
    const send = (message) => window.parent.postMessage(Object.assign({ jsonrpc: "2.0" }, message), "*");
    const request = (method, params) => new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      send({ id, method, params });
    });
    const notify = (method, params) => send({ method, params });

    window.addEventListener("message", (event) => {
      if (event.source !== window.parent) return;
      const msg = event.data;
      if (!msg || msg.jsonrpc !== "2.0") return;
      if (msg.id !== undefined && (msg.result !== undefined || msg.error !== undefined) && !msg.method) {
        const waiter = pending.get(msg.id);
        if (!waiter) return;
        pending.delete(msg.id);
        if (msg.error) waiter.reject(new Error(msg.error.message || "host error"));
        else waiter.resolve(msg.result);
        return;
      }
      switch (msg.method) {
        case "ui/notifications/tool-input":
          view.args = (msg.params && msg.params.arguments) || {};
          if (handlers.onInput) handlers.onInput(view, view.args);
          break;
        case "ui/notifications/tool-result": {
          const result = msg.params || {};
          if (result.isError) showError(root, result);
          else handlers.onResult(view, result.structuredContent || {}, result);
          break;
        }
        case "ui/notifications/tool-cancelled":
          showStatus(root, `The tool call was cancelled${msg.params && msg.params.reason ? `: ${msg.params.reason}` : "."}`);
          break;
        case "ui/notifications/host-context-changed":
          applyContext(msg.params || {});
          break;
        case "ui/resource-teardown":
          send({ id: msg.id, result: {} });
          break;
        default:
          if (msg.id !== undefined && msg.method) send({ id: msg.id, error: { code: -32601, message: `Unknown method ${msg.method}` } });
      }
    });

    request("ui/initialize", {
      appInfo: { name: "do-architect-view", version: "1.0.0" },
      appCapabilities: { availableDisplayModes: ["inline"] },
      protocolVersion: APP_PROTOCOL,
    }).then((init) => {
      view.host = init || {};
      applyContext((init && init.hostContext) || {});
      if (init && init.hostCapabilities && init.hostCapabilities.serverTools) {
        view.callTool = (name, args) => request("tools/call", { name, arguments: args });
      }
      notify("ui/notifications/initialized", {});
      watchSize(notify);
    }).catch((error) => showStatus(root, `The host did not answer ui/initialize: ${error.message}`));
    return view;
  }

  function applyContext(context) {
    if (context.theme) applyTheme(context.theme);
    const variables = context.styles && context.styles.variables;
    if (variables) {
      for (const [name, value] of Object.entries(variables)) {
        if (typeof value === "string" && name.startsWith("--")) document.documentElement.style.setProperty(name, value);
      }
    }
  }

  function applyTheme(theme) {
    document.documentElement.dataset.theme = theme === "dark" ? "dark" : "light";
  }

  function watchSize(notify) {
    let last = "";
    let timer = null;
    const report = () => {
      timer = null;
      // The body's own box, not the document's scroll size: that never shrinks below the frame the host gave us.
      const box = document.body.getBoundingClientRect();
      const width = Math.ceil(Math.max(box.width, document.body.scrollWidth));
      const height = Math.ceil(box.height);
      const key = `${width}x${height}`;
      if (key !== last) { last = key; notify("ui/notifications/size-changed", { width, height }); }
    };
    report();
    if (typeof ResizeObserver === "function") {
      new ResizeObserver(() => { if (!timer) timer = setTimeout(report, 50); }).observe(document.body);
    }
  }

  function showStatus(root, text, spinning) {
    show(root, el("p", { class: "status", role: "status" }, spinning ? el("span", { class: "spinner" }) : null, text));
  }

  function showError(root, result) {
    const text = ((result.content || []).find((c) => c.type === "text") || {}).text || "The tool reported an error.";
    const code = result.structuredContent && result.structuredContent.code;
    show(root, el("div", { class: "card", role: "alert" },
      el("h3", {}, "The tool reported an error"), code ? el("p", {}, el("code", {}, code)) : null, el("p", {}, text)));
  }

  return { el, svgEl, append, show, num, ms, usd, bytes, tile, srTable, lineChart, barChart, histogram, start, showStatus };
})();
