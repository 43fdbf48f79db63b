/* studysite's script for every page: the theme button and the phone drawer. Search, link
   previews and study mode have their own files (search.js, previews.js, study.js), loaded by
   the pages that need them. Classic scripts with no modules, fetches or workers, so they run
   from file:// too; pages work fully without them. */

/* Escape, one way out of all that opens over the page: each press closes one thing, the
   innermost first (a link preview, then the search list, then the phone drawer, then the
   search words marked on the page), and focus goes back where it came from. Each feature
   registers what it opens with window.studysiteEscape(rank, isOpen, close); this script runs
   first (the page's scripts are deferred, so they run in order). A key press that a control
   has already used is left alone (defaultPrevented): the search list is open only while the
   search box has the focus, and the box closes it itself. */
(function () {
  "use strict";
  var layers = [];
  window.studysiteEscape = function (rank, isOpen, close) {
    layers.push({ rank: rank, isOpen: isOpen, close: close });
    layers.sort(function (a, b) { return a.rank - b.rank; });
  };
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape" || e.defaultPrevented) return;
    for (var i = 0; i < layers.length; i++) {
      if (layers[i].isOpen()) { e.preventDefault(); layers[i].close(); return; }
    }
  });
})();

/* The study line of a note or index (templates/study.html): progress.js fills in what is learned
   and due, so it is loaded only for a reader who has reviewed on this site (their progress is
   stored); for anyone else there is nothing to fill in. */
(function () {
  "use strict";
  var study = document.querySelector("section.study[data-progress]");
  if (!study) return;
  try {
    if (localStorage.getItem(study.getAttribute("data-store") + ":progress") === null) return;
  } catch (e) { return; /* No storage: no progress to show. */ }
  var script = document.createElement("script");
  script.src = study.getAttribute("data-progress");
  document.head.appendChild(script);
})();

/* Code blocks get a Copy button: the code's text, without its highlighting, to the clipboard.
   Over file:// and https the page is a secure context, where navigator.clipboard works; the
   older select-and-copy path is for the rest. The button says what happened, and so does a live
   region for screen readers. Without script there is no button, and paper has none. */
(function () {
  "use strict";
  var blocks = document.querySelectorAll("pre.code");
  if (!blocks.length) return;
  var status = document.createElement("span");
  status.className = "visually-hidden copy-status";
  status.setAttribute("role", "status");
  document.body.appendChild(status);
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      document.body.removeChild(area);
      if (copied) resolve(); else reject(new Error("copy refused"));
    });
  }
  Array.prototype.forEach.call(blocks, function (pre) {
    var wrap = document.createElement("div");
    wrap.className = "code-block";
    pre.parentNode.insertBefore(wrap, pre);
    wrap.appendChild(pre);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-code";
    button.textContent = "Copy";
    var lang = pre.getAttribute("data-lang");
    button.setAttribute("aria-label", "Copy code" + (lang ? " (" + lang + ")" : ""));
    var reset;
    button.addEventListener("click", function () {
      var code = pre.querySelector("code") || pre;
      var say = function (word, message) {
        button.textContent = word;
        status.textContent = message;
        clearTimeout(reset);
        reset = setTimeout(function () { button.textContent = "Copy"; status.textContent = ""; }, 2000);
      };
      copy(code.textContent).then(
        function () { say("Copied", "Code copied to the clipboard"); },
        function () { say("Not copied", "The browser did not allow copying: select the code instead"); }
      );
    });
    wrap.appendChild(button);
  });
})();

/* Theme: follows the system until the reader picks one with the header's button (system, then
   light, then dark, then system again). The pick is kept per site under the key base.html's <head>
   script chose, which also applies it before the first paint. Paper is always light (style.css). */
(function () {
  "use strict";
  var root = document.documentElement, header = document.querySelector(".site-header");
  var button = document.querySelector(".theme-button");
  if (!button && header) {
    // Made here, last in the header (base.html leaves it to this script).
    button = document.createElement("button");
    button.type = "button";
    button.className = "theme-button";
    button.innerHTML = '<span aria-hidden="true">\u25d0</span> <span class="theme-name">Theme: <span>system</span></span>';
    header.appendChild(button);
  }
  if (!button) return;
  var key = root.getAttribute("data-theme-key"), label = button.querySelector(".theme-name span");
  var after = { system: "light", light: "dark", dark: "system" };
  var current = function () { return root.getAttribute("data-theme") || "system"; };
  button.hidden = false;
  label.textContent = current();
  button.addEventListener("click", function () {
    var theme = after[current()];
    if (theme === "system") root.removeAttribute("data-theme"); else root.setAttribute("data-theme", theme);
    try {
      if (theme === "system") localStorage.removeItem(key); else localStorage.setItem(key, theme);
    } catch (e) { /* No storage (some file:// setups): the pick lasts for this page. */ }
    label.textContent = theme;
  });
})();

/* The outline as a drawer on phones: the header's menu button opens it (the stylesheet shows the
   button below 761 px only). Not modal: focus leaving it, a click elsewhere or Escape closes it;
   Escape gives the focus back to the button. */
(function () {
  "use strict";
  var button = document.querySelector(".menu-button"), outline = document.getElementById("outline");
  var header = document.querySelector(".site-header");
  if (!button && outline && header) {
    // Made here, first in the header (base.html leaves it to this script).
    button = document.createElement("button");
    button.type = "button";
    button.className = "menu-button";
    button.setAttribute("aria-controls", "outline");
    button.setAttribute("aria-expanded", "false");
    button.innerHTML = '<span aria-hidden="true">\u2630</span> Outline';
    header.insertBefore(button, header.firstChild);
  }
  if (!button || !outline) return;
  button.hidden = false;
  document.documentElement.classList.add("drawer-ready");
  var isOpen = function () { return outline.classList.contains("open"); };
  function setOpen(open, refocus) {
    document.documentElement.classList.add("drawer-used");
    outline.classList.toggle("open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      var here = outline.querySelector("a[aria-current=page]") || outline.querySelector("a");
      if (here) here.focus();
    } else if (refocus) {
      button.focus();
    }
  }
  button.addEventListener("click", function () { setOpen(!isOpen(), false); });
  window.studysiteEscape(3, isOpen, function () { setOpen(false, true); });
  outline.addEventListener("focusout", function (e) {
    var to = e.relatedTarget;
    if (isOpen() && to && !outline.contains(to) && to !== button) setOpen(false, false);
  });
  document.addEventListener("click", function (e) {
    if (isOpen() && !outline.contains(e.target) && !button.contains(e.target)) setOpen(false, false);
  });
})();
