// The reviewCode view: findings grouped by file, each with its excerpt, severity, confidence and fix; the checklist.
"use strict";

(() => {
  const { el, num } = DOView;
  const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };

  function render(view, r) {
    const findings = r.findings || [];
    const byFile = new Map();
    for (const f of findings) {
      if (!byFile.has(f.file)) byFile.set(f.file, []);
      byFile.get(f.file).push(f);
    }
    const counts = { error: 0, warning: 0, info: 0 };
    for (const f of findings) counts[f.severity] = (counts[f.severity] || 0) + 1;

    const sections = [
      el("h1", {}, "Durable Object code review"),
      el("div", { class: "tiles" },
        DOView.tile("Findings", num(r.totalFindings !== undefined ? r.totalFindings : findings.length, 0), r.truncated ? `${findings.length} shown` : "", "findings"),
        DOView.tile("Errors", num(counts.error, 0), "", "error"),
        DOView.tile("Warnings", num(counts.warning, 0), "", "warning"),
        DOView.tile("Info", num(counts.info, 0), "", "info")),
    ];
    if (!findings.length) sections.push(el("p", { class: "muted", id: "no-findings" }, "No findings at this confidence."));

    for (const [file, list] of [...byFile.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
      list.sort((a, b) => (a.line || 0) - (b.line || 0) || (SEVERITY_ORDER[a.severity] || 9) - (SEVERITY_ORDER[b.severity] || 9));
      sections.push(el("section", { "data-file": file },
        el("h2", { class: "file" }, `${file} (${list.length})`),
        list.map((f) => el("article", { class: "card", "data-rule": f.ruleId, "data-line": f.line },
          el("div", { class: "row" },
            el("span", { class: `badge ${f.severity}` }, f.severity),
            f.confidence ? el("span", { class: "badge", "data-confidence": f.confidence }, `${f.confidence} confidence`) : null,
            el("code", {}, f.ruleId),
            el("span", { class: "muted" }, `line ${f.line}${f.column ? `:${f.column}` : ""}`)),
          el("h3", {}, f.title || f.ruleId),
          el("p", {}, f.message),
          f.excerpt ? el("pre", { class: "excerpt" }, f.excerpt) : null,
          (f.relatedLocations || []).length ? el("p", { class: "muted" }, "Related: ",
            f.relatedLocations.map((l) => `${l.file || file}:${l.line}${l.message ? ` (${l.message})` : ""}`).join("; ")) : null,
          f.fix ? el("details", {}, el("summary", {}, "Fix"), el("pre", { class: "fix" }, f.fix)) : null,
          (f.docs || []).length ? el("p", { class: "muted" }, "Docs: ", f.docs.join(", ")) : null))));
    }

    const checklist = r.checklist || [];
    sections.push(el("h2", {}, "Review checklist"));
    sections.push(el("table", { id: "checklist" },
      el("thead", {}, el("tr", {}, el("th", {}, "question"), el("th", {}, "status"), el("th", {}, "evidence"))),
      el("tbody", {}, checklist.map((c) => el("tr", { "data-item": c.id },
        el("td", {}, c.question), el("td", {}, el("span", { class: `badge ${c.status}` }, c.status)), el("td", {}, c.evidence || ""))))));
    DOView.show(view.root, ...sections);
  }

  DOView.start({
    onInput(view, args) {
      const what = args.paths ? `${args.paths.length} path(s)` : args.files ? `${args.files.length} file(s)` : "the code";
      DOView.showStatus(view.root, `Reviewing ${what}…`, true);
    },
    onResult: render,
  });
})();
