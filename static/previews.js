/* Link previews: the title and summary of a linked note, shown on hover or focus. They come
   embedded in the page (note.html's #link-previews), so nothing is fetched and it works from
   file://. A classic script; pages work fully without it. */
(function () {
  "use strict";

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
    // Inside <main>, so that it is in a landmark (its position is still the page's).
    (document.querySelector("main") || document.body).appendChild(tip);
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
})();
