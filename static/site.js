/* studysite's script for every page: the theme button and the phone drawer. Search, link
   previews and study mode have their own files (search.js, previews.js, study.js), loaded by
   the pages that need them. Classic scripts with no modules, fetches or workers, so they run
   from file:// too; pages work fully without them. */

/* Theme: follows the system until the reader picks one with the header's button (system, then
   light, then dark, then system again). The pick is kept per site under the key base.html's <head>
   script chose, which also applies it before the first paint. Paper is always light (style.css). */
(function () {
  "use strict";
  var root = document.documentElement, button = document.querySelector(".theme-button");
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
  document.addEventListener("keydown", function (e) { if (e.key === "Escape" && isOpen()) setOpen(false, true); });
  outline.addEventListener("focusout", function (e) {
    var to = e.relatedTarget;
    if (isOpen() && to && !outline.contains(to) && to !== button) setOpen(false, false);
  });
  document.addEventListener("click", function (e) {
    if (isOpen() && !outline.contains(e.target) && !button.contains(e.target)) setOpen(false, false);
  });
})();
