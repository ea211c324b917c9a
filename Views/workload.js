// The runWorkload view: the workload's arguments and a running state from the tool input (hosts do not forward
// progress to views), then throughput, the latency distribution with p50/p95/p99 marked, errors by kind, the checks.
"use strict";

(() => {
  const { el, num, ms, tile, histogram, barChart } = DOView;

  function describe(args) {
    return [
      args.namespace ? `namespace ${args.namespace}` : null,
      args.method ? `method ${args.method}` : null,
      args.requests !== undefined ? `${num(args.requests, 0)} requests` : null,
      args.concurrency !== undefined ? `concurrency ${num(args.concurrency, 0)}` : null,
      args.objects !== undefined ? `${num(args.objects, 0)} objects` : null,
      args.distribution ? `${args.distribution} distribution` : null,
      args.durationSeconds !== undefined ? `at most ${num(args.durationSeconds, 0)} s` : null,
    ].filter(Boolean).join(" · ");
  }

  function running(view, args) {
    DOView.show(view.root, 
      el("h1", {}, `Workload on ${args.namespace || "…"}`),
      el("p", { class: "muted", id: "arguments" }, describe(args)),
      el("p", { class: "status", role: "status", id: "running" }, el("span", { class: "spinner" }), "Running… the figures appear when it finishes."));
  }

  function render(view, r) {
    const latency = r.latencyMs || {};
    const buckets = r.latencyHistogram || [];
    const errors = Object.entries(r.errors || {}).map(([label, value]) => ({ label, value }));
    const failed = errors.reduce((sum, e) => sum + e.value, 0);
    const checks = r.checks || [];
    DOView.show(view.root, 
      el("h1", {}, `Workload on ${r.namespace}${r.method ? ` · ${r.method}` : ""}`),
      el("p", { class: "muted", id: "arguments" }, describe(Object.assign({}, view.args || {}, r))),
      typeof r.stoppedEarly === "string" ? el("p", { class: "muted" }, `Stopped early: ${r.stoppedEarly}`) : null,
      el("div", { class: "tiles" },
        tile("Throughput", `${num(r.throughput, 0)} / s`, `${num(r.completed, 0)} of ${num(r.requests, 0)} completed`, "throughput"),
        tile("Latency p50", ms(latency.p50), `p95 ${ms(latency.p95)}`, "p50"),
        tile("Latency p99", ms(latency.p99), `max ${ms(latency.max)}`, "p99"),
        tile("Errors", num(failed, 0), failed ? `${num((failed / Math.max(1, r.requests)) * 100, 2)} %` : "none", "errors"),
        tile("Duration", ms(r.durationMs), `${num(r.objectsTouched, 0)} objects touched`, "duration")),
      el("h2", {}, "Latency distribution"),
      el("div", { class: "grid" }, histogram({
        title: "Requests by latency (ms)", key: "latency", buckets,
        markers: [{ label: "p50", value: latency.p50 }, { label: "p95", value: latency.p95 }, { label: "p99", value: latency.p99 }]
          .filter((m) => typeof m.value === "number"),
      }), el("div", {}, el("h3", {}, "Errors by kind"),
        errors.length ? barChart({ title: "Failed requests by kind", key: "errors", bars: errors, format: (v) => num(v, 0) })
          : el("p", { class: "muted", id: "no-errors" }, "Every request succeeded."))),
      el("h2", {}, `Checks (${checks.filter((c) => c.passed).length} of ${checks.length} passed)`),
      el("table", { id: "checks" },
        el("thead", {}, el("tr", {}, el("th", {}, "check"), el("th", {}, "result"), el("th", {}, "detail"))),
        el("tbody", {}, checks.map((c) => el("tr", { "data-check": c.name },
          el("td", {}, el("code", {}, c.name)),
          el("td", {}, el("span", { class: `badge ${c.passed ? "pass" : "fail"}` }, c.passed ? "passed" : "failed")),
          el("td", {}, c.detail || ""))))));
  }

  DOView.start({ onInput: running, onResult: render });
})();
