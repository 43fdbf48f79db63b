/* studysite page script: link previews and comparison study mode. A classic script with no
   modules, fetches or workers, so it runs from file:// too. Pages work fully without it. */
(function () {
  "use strict";

  // Link previews: titles and summaries of linked notes come embedded in the page.
  var data = document.getElementById("link-previews");
  var previews = {};
  try { previews = data ? JSON.parse(data.textContent) : {}; } catch (e) { previews = {}; }
  var tip = null;

  function lookup(a) {
    var href = a.getAttribute("href") || "";
    return previews.hasOwnProperty(href.split("#")[0]) ? previews[href.split("#")[0]] : null;
  }

  function show(a) {
    var p = lookup(a);
    if (!p) return;
    hide();
    tip = document.createElement("div");
    tip.className = "link-preview";
    tip.setAttribute("role", "tooltip");
    tip.id = "link-preview";
    var title = document.createElement("strong");
    title.textContent = p.title;
    tip.appendChild(title);
    if (p.summary) { var s = document.createElement("span"); s.textContent = p.summary; tip.appendChild(s); }
    document.body.appendChild(tip);
    var r = a.getBoundingClientRect();
    tip.style.left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8)) + "px";
    tip.style.top = (r.bottom + window.scrollY + 6) + "px";
    a.setAttribute("aria-describedby", "link-preview");
  }

  function hide() {
    if (tip) { tip.remove(); tip = null; }
    var described = document.querySelector("[aria-describedby='link-preview']");
    if (described) described.removeAttribute("aria-describedby");
  }

  var content = document.querySelector("main .content");
  if (content) {
    content.addEventListener("mouseover", function (e) { var a = e.target.closest("a[href]"); if (a) show(a); });
    content.addEventListener("mouseout", function (e) { if (e.target.closest("a[href]")) hide(); });
    content.addEventListener("focusin", function (e) { var a = e.target.closest("a[href]"); if (a) show(a); });
    content.addEventListener("focusout", hide);
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
  }

  // Study mode: hide a column (or all values) of a comparison; reveal a cell by click or key.
  function reveal(cell) {
    cell.classList.remove("concealed");
    cell.removeAttribute("tabindex");
    cell.removeAttribute("role");
    cell.removeAttribute("aria-label");
  }

  function conceal(cell) {
    cell.classList.add("concealed");
    cell.setAttribute("tabindex", "0");
    cell.setAttribute("role", "button");
    cell.setAttribute("aria-label", "Hidden answer for " + cell.getAttribute("data-label") + ": press Enter to reveal");
  }

  document.querySelectorAll("figure.comparison").forEach(function (figure) {
    var table = figure.querySelector("table.compare");
    var headers = table.querySelectorAll("thead th");
    var rows = table.querySelectorAll("tbody tr");
    var controls = document.createElement("div");
    controls.className = "study-controls";
    controls.setAttribute("role", "group");
    controls.setAttribute("aria-label", "Study mode for " + table.caption.textContent);
    var buttons = [];

    function setMode(column, button) {
      rows.forEach(function (row) {
        row.querySelectorAll("td").forEach(function (cell, i) {
          if (column === null || column === "all" || column === i) {
            if (column === null) reveal(cell); else conceal(cell);
          } else {
            reveal(cell);
          }
        });
      });
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", b === button ? "true" : "false"); });
    }

    function addButton(label, column) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = label;
      b.setAttribute("aria-pressed", "false");
      b.addEventListener("click", function () { setMode(column, column === null ? null : b); });
      controls.appendChild(b);
      buttons.push(b);
    }

    addButton("Hide all", "all");
    for (var i = 1; i < headers.length; i++) addButton("Hide " + headers[i].textContent.trim(), i - 1);
    addButton("Show all", null);
    figure.insertBefore(controls, table);

    table.addEventListener("click", function (e) {
      var cell = e.target.closest("td.concealed");
      if (cell) { e.preventDefault(); reveal(cell); }
    });
    table.addEventListener("keydown", function (e) {
      var cell = e.target.closest("td.concealed");
      if (cell && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); reveal(cell); }
    });
  });
})();

/* Search: the index (search-index.js) and MiniSearch load on first focus of the search box, by
   adding classic <script> tags, which browsers allow over file:// where fetch is blocked. */
(function () {
  "use strict";
  var box = document.querySelector(".search");
  if (!box) return;
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var root = document.documentElement.getAttribute("data-root") || "";
  var engine = null, docs = null, loading = false, pending = null, active = -1;
  box.hidden = false;

  // Keep prices and figures whole ("$0.20", "1,000,000", "15") as well as plain words.
  var TOKEN = /\$?\d+(?:[.,]\d+)*|[\p{L}\p{N}_]+(?:['\u2019][\p{L}]+)*/gu;
  function tokenize(text) { return text.match(TOKEN) || []; }
  function processTerm(term) {
    term = term.toLowerCase().replace(/\u2019/g, "'");
    if (/^\$?\d/.test(term)) {
      var bare = term.replace(/^\$/, ""), digits = bare.replace(/,/g, "");
      return [term, bare, digits].filter(function (t, i, all) { return all.indexOf(t) === i; });
    }
    return term;
  }

  function load(then) {
    if (engine) return then();
    pending = then;
    if (loading) return;
    loading = true;
    status.textContent = "Loading search…";
    var scripts = ["vendor/minisearch.js", "search-index.js"], loaded = 0;
    scripts.forEach(function (src) {
      var s = document.createElement("script");
      s.src = root + src;
      s.onload = function () { if (++loaded === scripts.length) ready(); };
      s.onerror = function () { status.textContent = "Search could not be loaded."; };
      document.head.appendChild(s);
    });
  }

  function ready() {
    docs = window.studysiteSearchIndex || [];
    var index = new window.MiniSearch({
      fields: ["t", "h", "x", "k"],
      storeFields: ["u", "t", "h"],
      tokenize: tokenize,
      processTerm: processTerm,
      searchOptions: {
        boost: { t: 3, h: 2, k: 2 },
        prefix: function (term) { return !/^\$?\d/.test(term); },
        fuzzy: function (term) { return /^\$?\d/.test(term) ? false : term.length > 5 ? 0.34 : term.length > 3 ? 0.25 : false; },
        combineWith: "AND"
      }
    });
    // In chunks, so a big site's index builds without freezing the page.
    index.addAllAsync(docs.map(function (d, i) { d.id = i; return d; }), { chunkSize: 2000 }).then(function () {
      engine = index;
      status.textContent = "";
      if (pending) { var p = pending; pending = null; p(); }
    });
  }

  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // Where the 180 characters showing the most different matched words begin.
  function bestWindow(text, pattern) {
    if (!pattern) return 0;
    var hits = [], m;
    pattern.lastIndex = 0;
    while ((m = pattern.exec(text)) !== null && hits.length < 400) {
      if (m[0] === "") { pattern.lastIndex++; continue; }
      hits.push({ at: m.index, word: m[0].toLowerCase() });
    }
    var best = hits.length ? hits[0].at : 0, bestCount = 0;
    hits.forEach(function (hit, i) {
      var seen = {}, count = 0;
      for (var j = i; j < hits.length && hits[j].at < hit.at + 120; j++) {
        if (!seen[hits[j].word]) { seen[hits[j].word] = true; count++; }
      }
      if (count > bestCount) { bestCount = count; best = hit.at; }
    });
    return best;
  }

  // A piece of the section's text around the best match, with every match marked.
  function snippet(text, terms) {
    var words = terms.filter(Boolean).sort(function (a, b) { return b.length - a.length; });
    var pattern = words.length ? new RegExp(words.map(escapeRegExp).join("|"), "gi") : null;
    var start = Math.max(0, bestWindow(text, pattern) - 60);
    var piece = (start > 0 ? "…" : "") + text.slice(start, start + 180) + (text.length > start + 180 ? "…" : "");
    var span = document.createElement("span");
    span.className = "result-snippet";
    if (!pattern) { span.textContent = piece; return span; }
    var last = 0, m;
    pattern.lastIndex = 0;
    while ((m = pattern.exec(piece)) !== null) {
      if (m[0] === "") { pattern.lastIndex++; continue; }
      span.appendChild(document.createTextNode(piece.slice(last, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      span.appendChild(mark);
      last = m.index + m[0].length;
    }
    span.appendChild(document.createTextNode(piece.slice(last)));
    return span;
  }

  function setActive(i) {
    var items = list.querySelectorAll("li[role=option]");
    if (!items.length) { active = -1; input.removeAttribute("aria-activedescendant"); return; }
    active = (i + items.length) % items.length;
    items.forEach(function (li, j) { li.setAttribute("aria-selected", j === active ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function show() {
    var query = input.value.trim();
    list.textContent = "";
    if (!query) { close(); return; }
    var results = engine.search(query).slice(0, 12);
    results.forEach(function (r, i) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.id = "search-result-" + i;
      li.setAttribute("aria-selected", "false");
      var a = document.createElement("a");
      a.href = root + r.u;
      a.tabIndex = -1;
      var title = document.createElement("span");
      title.className = "result-title";
      title.textContent = r.t;
      a.appendChild(title);
      if (r.h) {
        var section = document.createElement("span");
        section.className = "result-section";
        section.textContent = " › " + r.h;
        a.appendChild(section);
      }
      a.appendChild(snippet(docs[r.id].x || docs[r.id].h || "", r.terms.concat(r.queryTerms)));
      li.appendChild(a);
      list.appendChild(li);
    });
    if (!results.length) {
      var none = document.createElement("li");
      none.className = "no-results";
      none.textContent = "No results for “" + query + "”";
      list.appendChild(none);
    }
    status.textContent = results.length + (results.length === 1 ? " result" : " results");
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    setActive(results.length ? 0 : -1);
  }

  input.addEventListener("focus", function () { load(function () { if (input.value) show(); }); });
  // One query per pause in typing, not per keystroke: short prefixes on a big site are slow.
  var typing = null;
  input.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(function () { load(show); }, 60);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (list.hidden) show(); else setActive(active + (e.key === "ArrowDown" ? 1 : -1));
    } else if (e.key === "Enter") {
      var chosen = list.querySelector("li[aria-selected=true] a");
      if (chosen && !list.hidden) { e.preventDefault(); location.href = chosen.href; }
    } else if (e.key === "Escape") {
      if (!list.hidden) { e.preventDefault(); close(); } else { input.blur(); }
    }
  });
  list.addEventListener("mousedown", function (e) { if (e.target.closest("a")) e.preventDefault(); });
  list.addEventListener("click", function (e) { var a = e.target.closest("a"); if (a) location.href = a.href; });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
  document.addEventListener("keydown", function (e) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName) || document.activeElement.isContentEditable;
    if ((e.key === "/" && !typing) || (e.key.toLowerCase() === "k" && (e.ctrlKey || e.metaKey))) {
      e.preventDefault();
      input.focus();
      input.select();
    }
  });
})();
