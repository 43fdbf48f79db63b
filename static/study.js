/* Study mode for comparisons: buttons above each table hide a column (or every value), and a
   hidden cell is revealed by a click or by Enter or Space. Loaded only by pages with a
   comparison (base.html). A classic script; the tables read fully without it. */
(function () {
  "use strict";

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
