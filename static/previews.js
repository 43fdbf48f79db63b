/* Link previews: the title and summary of a linked note, shown on hover or focus, for links to
   notes in the page and in the outline. A note's page holds those of the notes its text and its
   foot's lists link to (note.html's #link-previews); the others (the outline, breadcrumbs, pager,
   the site's own pages) are in note-previews.js, one file for the site, loaded by a script tag
   (so it works from file://) the first time such a link is pointed at or focused. As WCAG 1.4.13 asks, a preview waits a moment before it shows and before it goes (so
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
  var tip = null, owner = null, timer = null, pending = null;
  var notes = null, loading = false, root = document.documentElement.getAttribute("data-root") || "";
  window.studysiteNotePreviews = function (data) { notes = data; };

  // A link's target as a note URL from the site root (as note-previews.js keys them), or null
  // for a link to this page, to an anchor in it or out of the site.
  function siteKey(a) {
    var href = a.getAttribute("href") || "";
    if (!href || href.charAt(0) === "#") return null;
    var url = new URL(href, location.href), base = new URL(root || "./", location.href);
    if (url.origin !== base.origin || url.pathname === location.pathname || url.pathname.indexOf(base.pathname) !== 0) return null;
    try { return decodeURIComponent(url.pathname.slice(base.pathname.length)); } catch (e) { return null; }
  }

  // The preview of a link's note; null for none; undefined while note-previews.js loads (then
  // `then` is called).
  function lookup(a, then) {
    if (a.closest("figure.comparison.studying")) return null;
    var href = (a.getAttribute("href") || "").split("#")[0];
    if (previews.hasOwnProperty(href)) return previews[href];
    var key = siteKey(a);
    if (key === null) return null;
    if (notes) return notes.hasOwnProperty(key) ? notes[key] : null;
    if (!loading) {
      loading = true;
      var s = document.createElement("script");
      s.src = root + "note-previews.js";
      s.onload = s.onerror = function () { notes = notes || {}; then(); };
      document.head.appendChild(s);
    }
    return undefined;
  }

  function later(f, ms) { clearTimeout(timer); timer = setTimeout(f, ms); }

  function show(a) {
    clearTimeout(timer);
    if (owner === a) return;
    var p = lookup(a, function () { if (pending) show(pending); });
    hide();
    if (p === undefined) pending = a;
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
    pending = null;
    if (tip) { tip.remove(); tip = null; }
    if (owner) { owner.removeAttribute("aria-describedby"); owner = null; }
  }

  var link = function (e) { return e.target.closest("a[href]"); };
  document.querySelectorAll("main, #outline").forEach(function (area) {
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
