// The getDOMetrics view: per namespace, the headline figures as tiles, requests/s and CPU over the window, state
// operations by kind, the hottest objects, the monthly cost by line and the recommendations with their evidence.
"use strict";

(() => {
  const { el, num, ms, usd, bytes, tile, lineChart, barChart, srTable } = DOView;
  let seriesAsked = false;

  function render(view, data) {
    const namespaces = data.namespaces || [];
    const root = view.root;
    if (!namespaces.length) {
      DOView.showStatus(root, "No namespace in this result.");
      return;
    }
    // Busiest first; the switcher opens on the busiest namespace.
    const ordered = namespaces.slice().sort((a, b) => (b.requests || 0) - (a.requests || 0) || a.namespace.localeCompare(b.namespace));
    const header = el("header", {},
      el("h1", {}, "Durable Objects metrics"),
      el("p", { class: "muted" }, describeWindow(data)),
      data.note ? el("p", { class: "muted" }, data.note) : null);
    const select = el("select", { id: "namespace", "aria-label": "Namespace" },
      ordered.map((ns) => el("option", { value: ns.namespace }, `${ns.namespace} (${num(ns.requests || 0, 0)} requests)`)));
    const body = el("div", { id: "namespace-body" });
    select.addEventListener("change", () => showNamespace(body, ordered.find((n) => n.namespace === select.value), data));
    DOView.show(root, header, el("div", { class: "row" }, el("label", { for: "namespace" }, "Namespace"), select), body);
    showNamespace(body, ordered[0], data);

    // The per-second series come only when asked for: ask once, through the host, with the same arguments.
    const hasSeries = namespaces.some((ns) => Array.isArray(ns.series));
    if (!hasSeries && view.callTool && !seriesAsked) {
      seriesAsked = true;
      const args = Object.assign({}, view.args || {}, { includeSeries: true });
      view.callTool("getDOMetrics", args).then((result) => {
        if (result && !result.isError && result.structuredContent) render(view, result.structuredContent);
      }).catch(() => {});
    }
  }

  function describeWindow(data) {
    const parts = [];
    if (data.source) parts.push(`source: ${data.source}`);
    if (data.windowSeconds) parts.push(`window: ${num(data.windowSeconds, 0)} s`);
    if (data.from && data.to) parts.push(`${new Date(data.from * 1000).toISOString().replace(".000Z", "Z")} → ${new Date(data.to * 1000).toISOString().replace(".000Z", "Z")}`);
    return parts.join(" · ");
  }

  /// The series over the whole window, seconds without events as zero, in at most 300 columns (mean or max of each).
  function dense(series, data, field, combine) {
    const from = data.from || (series.length ? series[0].second : 0);
    const to = data.to || (series.length ? series[series.length - 1].second : from);
    const length = Math.max(1, to - from + 1);
    const values = new Array(length).fill(0);
    for (const s of series) if (s.second >= from && s.second <= to) values[s.second - from] = s[field] || 0;
    const step = Math.ceil(length / 300);
    const points = [];
    for (let i = 0; i < length; i += step) {
      const chunk = values.slice(i, i + step);
      const y = combine === "max" ? Math.max(...chunk) : chunk.reduce((a, b) => a + b, 0) / chunk.length;
      points.push({ x: from + i, y });
    }
    return points;
  }

  function showNamespace(body, ns, data) {
    if (!ns) return;
    const cost = ns.estimatedMonthlyCost || {};
    const sections = [
      el("h2", {}, `${ns.namespace}${ns.className ? ` · ${ns.className}` : ""}`),
      el("div", { class: "tiles" },
        tile("Active objects", num(ns.activeObjects, 0), `${num(ns.objectsInMemory, 0)} in memory`, "activeObjects"),
        tile("Requests / s", num(ns.requestsPerSecond), `peak ${num(ns.peakRequestsPerSecond, 0)} / s`, "requestsPerSecond"),
        tile("CPU time p95", ms(ns.cpuTimeP95), `p50 ${ms(ns.cpuTimeP50)}`, "cpuTimeP95"),
        tile("State operations", num(ns.stateOperations, 0), `${num(ns.requests, 0)} requests`, "stateOperations"),
        tile("Errors", num(ns.errors, 0), `${num((ns.errorRate || 0) * 100, 1)} %`, "errors"),
        tile("Stored", bytes(ns.storedBytes), `${num(ns.storedObjects, 0)} objects`, "storedBytes"),
        tile("Monthly cost", usd(cost.totalUSD), cost.scope === "namespace-share" ? "this namespace, list prices" : cost.scope || "", "estimatedMonthlyCost")),
    ];

    const series = Array.isArray(ns.series) ? ns.series : null;
    if (series) {
      sections.push(el("div", { class: "grid" },
        lineChart({ title: "Requests per second", key: "requests", points: dense(series, data, "requests", "mean"), format: (v) => num(v, 0) }),
        lineChart({ title: "CPU time p95 (ms)", key: "cpu", points: dense(series, data, "cpuTimeP95", "max"), format: (v) => num(v, 2) })));
    } else {
      sections.push(el("p", { class: "muted", id: "series-missing" }, "Per-second charts need the series: call getDOMetrics with includeSeries: true."));
    }

    const kinds = Object.entries(ns.stateOperationsByKind || {}).map(([label, value]) => ({ label, value }));
    const hottest = (ns.hottestObjects || []).map((o) => ({ label: o.name || o.id.slice(0, 12), value: o.requests }));
    sections.push(el("div", { class: "grid" },
      barChart({ title: "State operations by kind", key: "stateOperationsByKind", bars: kinds, format: (v) => num(v, 0), highlightMax: false }),
      barChart({ title: "Hottest objects (requests in the window)", key: "hottestObjects", bars: hottest, format: (v) => num(v, 0) })));

    if (ns.hottestObjects && ns.hottestObjects.length) {
      sections.push(el("table", { id: "hottest-table" },
        el("thead", {}, el("tr", {}, el("th", {}, "object"), el("th", { class: "num" }, "requests"), el("th", { class: "num" }, "req/s"), el("th", { class: "num" }, "peak req/s"))),
        el("tbody", {}, ns.hottestObjects.map((o) => el("tr", {},
          el("td", {}, o.name || el("code", {}, o.id)), el("td", { class: "num" }, num(o.requests, 0)),
          el("td", { class: "num" }, num(o.requestsPerSecond)), el("td", { class: "num" }, num(o.peakRequestsPerSecond, 0)))))));
    }

    sections.push(el("h2", {}, "Estimated monthly cost"));
    const lines = cost.lines || [];
    sections.push(el("div", { class: "grid" },
      barChart({ title: "Cost by line (USD per month)", key: "cost", bars: lines.map((l) => ({ label: l.item, value: l.usd })), format: usd, highlightMax: false }),
      el("table", { id: "cost-table" },
      el("thead", {}, el("tr", {}, el("th", {}, "line"), el("th", { class: "num" }, "quantity"), el("th", {}, "rate"), el("th", { class: "num" }, "USD"))),
      el("tbody", {}, lines.map((l) => el("tr", {}, el("td", {}, l.item), el("td", { class: "num" }, `${num(l.quantity)} ${l.unit || ""}`),
        el("td", {}, l.rate || ""), el("td", { class: "num" }, usd(l.usd))))),
      el("tfoot", {}, el("tr", {}, el("th", {}, "total"), el("td", {}), el("td", {}), el("th", { class: "num" }, usd(cost.totalUSD)))))));

    sections.push(el("h2", {}, `Recommendations (${(ns.recommendations || []).length})`));
    const recs = ns.recommendations || [];
    if (!recs.length) sections.push(el("p", { class: "muted" }, "None: nothing measured in this window calls for a change."));
    for (const r of recs) {
      sections.push(el("div", { class: "card", "data-recommendation": r.id },
        el("div", { class: "row" }, el("span", { class: `badge ${r.severity || ""}` }, r.severity || ""), el("code", {}, r.id)),
        el("h3", {}, r.title || r.id),
        r.evidence ? el("table", {}, el("tbody", {}, Object.entries(r.evidence).map(([k, v]) =>
          el("tr", {}, el("th", {}, k), el("td", { class: "num" }, typeof v === "number" ? num(v) : JSON.stringify(v)))))) : null,
        r.action ? el("p", {}, r.action) : null,
        r.docs && r.docs.length ? el("p", { class: "muted" }, "Docs: ", r.docs.join(", ")) : null));
    }
    DOView.show(body, ...sections);
  }

  DOView.start({
    onInput(view, args) {
      DOView.showStatus(view.root, `Measuring ${args.namespace || "all namespaces"} over ${args.windowSeconds || 60} s…`, true);
    },
    onResult: render,
  });
})();
