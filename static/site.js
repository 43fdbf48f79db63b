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
