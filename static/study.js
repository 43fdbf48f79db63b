/* Study mode for comparisons: buttons above each table hide a column (or every value), and a
   hidden cell is revealed by a click, or by Enter or Space on its button. Loaded only by pages
   with a comparison (base.html). A classic script; the tables read fully without it.

   A hidden cell stays a table cell, so a screen reader still gives its row and column; inside
   it a native button stands in for the answer, named after both headers ("Order, Queues:
   hidden, press Enter to reveal"). The answer is taken out of the layout, so the cell's size
   says nothing about it. Revealing moves the focus to the revealed cell (focusable by script
   only), so the answer is read out and Tab goes on to the next hidden cell. While anything is
   hidden the figure has the class `studying`, which turns off link previews inside it
   (previews.js): a column header's preview would give its answers away. */
(function () {
  "use strict";

  // A header's own text: a row header also holds a note (.row-note), which is no part of it.
  function headerText(th) {
    var text = "";
    th.childNodes.forEach(function (n) {
      if (!(n.nodeType === 1 && n.classList.contains("row-note"))) text += n.textContent;
    });
    return text.trim();
  }

  function reveal(cell, focus) {
    if (!cell.classList.contains("concealed")) return;
    cell.classList.remove("concealed");
    var button = cell.querySelector("button.reveal");
    if (button) button.remove();
    if (focus) { cell.setAttribute("tabindex", "-1"); cell.focus(); }
    var figure = cell.closest("figure.comparison");
    if (!figure.querySelector("td.concealed")) figure.classList.remove("studying");
  }

  function conceal(cell, name) {
    if (cell.classList.contains("concealed")) return;
    cell.classList.add("concealed");
    cell.removeAttribute("tabindex");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "reveal";
    // Its text is in its name, as it must be for speech input ("click hidden").
    button.textContent = "hidden";
    button.setAttribute("aria-label", name + ": hidden, press Enter to reveal");
    cell.appendChild(button);
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
        var aspect = headerText(row.querySelector("th"));
        row.querySelectorAll("td").forEach(function (cell, i) {
          if (column !== null && (column === "all" || column === i)) {
            conceal(cell, aspect + ", " + headerText(headers[i + 1]));
          } else {
            reveal(cell, false);
          }
        });
      });
      figure.classList.toggle("studying", column !== null);
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
    // Shown while something is hidden (style.css).
    var hint = document.createElement("span");
    hint.className = "study-hint";
    hint.textContent = "Click a hidden cell, or press Enter on it, to reveal it.";
    controls.appendChild(hint);
    figure.insertBefore(controls, table);

    // A click anywhere in a hidden cell reveals it; Enter and Space come as a click on its button.
    table.addEventListener("click", function (e) {
      var cell = e.target.closest("td.concealed");
      if (cell) { e.preventDefault(); reveal(cell, true); }
    });
  });
})();
