/* Link previews: the title and summary of a linked note, shown on hover or focus, for links in
   the note's text and in its "Linked from", "Related notes" and "Compared with" lists. They come
   embedded in the page (note.html's #link-previews), so nothing is fetched and it works from
   file://. As WCAG 1.4.13 asks, a preview waits a moment before it shows and before it goes (so
   that a pointer passing by opens nothing, and one moving onto it keeps it), stays while the
   pointer is on it, and Escape dismisses it. None inside a comparison while it is being studied:
   a column header's preview would give its answers away (study.js). A classic script; pages
   work fully without it. */
(function () {
  "use strict";

  var data = document.getElementById("link-previews");
  var previews = {};
  try { previews = data ? JSON.parse(data.textContent) : {}; } catch (e) { previews = {}; }
  var SHOW_AFTER = 300, HIDE_AFTER = 300;
  var tip = null, owner = null, timer = null;

  function lookup(a) {
    if (a.closest("figure.comparison.studying")) return null;
    var href = (a.getAttribute("href") || "").split("#")[0];
    return previews.hasOwnProperty(href) ? previews[href] : null;
  }

  function later(f, ms) { clearTimeout(timer); timer = setTimeout(f, ms); }

  function show(a) {
    clearTimeout(timer);
    if (owner === a) return;
    var p = lookup(a);
    hide();
    if (!p) return;
    tip = document.createElement("div");
    tip.className = "link-preview";
    tip.setAttribute("role", "tooltip");
    tip.id = "link-preview";
    var title = document.createElement("strong");
    title.textContent = p.title;
    tip.appendChild(title);
    if (p.summary) { var s = document.createElement("span"); s.textContent = p.summary; tip.appendChild(s); }
    // The pointer on the preview keeps it; leaving it lets it go, as leaving the link does.
    tip.addEventListener("mouseenter", function () { clearTimeout(timer); });
    tip.addEventListener("mouseleave", function () { later(hide, HIDE_AFTER); });
    // Inside <main>, so that it is in a landmark (its position is still the page's).
    (document.querySelector("main") || document.body).appendChild(tip);
    var r = a.getBoundingClientRect();
    tip.style.left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8)) + "px";
    tip.style.top = (r.bottom + window.scrollY + 4) + "px";
    owner = a;
    a.setAttribute("aria-describedby", "link-preview");
  }

  function hide() {
    clearTimeout(timer);
    if (tip) { tip.remove(); tip = null; }
    if (owner) { owner.removeAttribute("aria-describedby"); owner = null; }
  }

  var link = function (e) { return e.target.closest("a[href]"); };
  document.querySelectorAll("main .content, main .connections").forEach(function (area) {
    area.addEventListener("mouseover", function (e) {
      var a = link(e);
      if (a && a !== owner) later(function () { show(a); }, SHOW_AFTER);
      else if (a) clearTimeout(timer);
    });
    area.addEventListener("mouseout", function (e) {
      var a = link(e);
      if (a && !a.contains(e.relatedTarget)) later(hide, HIDE_AFTER);
    });
    area.addEventListener("focusin", function (e) { var a = link(e); if (a) show(a); });
    area.addEventListener("focusout", function () { hide(); });
  });
  // Escape (site.js) closes a preview before anything else.
  if (window.studysiteEscape) window.studysiteEscape(1, function () { return !!tip; }, hide);
})();
