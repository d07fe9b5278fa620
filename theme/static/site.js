// groundgame: small enhancements; every page works without them.
(function () {
  "use strict";
  var lang = document.documentElement.lang || undefined;

  // An online event's time in the visitor's own time zone.
  document.querySelectorAll(".yourtime[data-start]").forEach(function (el) {
    try {
      var start = new Date(el.dataset.start), end = new Date(el.dataset.end);
      var opts = { dateStyle: "full", timeStyle: "short" };
      var fmt = new Intl.DateTimeFormat(lang, opts);
      var zone = new Intl.DateTimeFormat(lang, { timeZoneName: "long" }).formatToParts(start)
        .filter(function (p) { return p.type === "timeZoneName"; }).map(function (p) { return p.value; })[0] || "";
      var text = fmt.formatRange ? fmt.formatRange(start, end) : fmt.format(start);
      var out = el.querySelector("output");
      out.textContent = text + (zone ? " (" + zone + ")" : "");
      out.dataset.zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      el.hidden = false;
    } catch (e) { /* the local time stays */ }
  });

  // The club directory's filters: live, and kept in the address so a view can be linked.
  var form = document.getElementById("filters");
  var list = document.getElementById("club-list");
  if (!form || !list) return;
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var count = form.querySelector(".count");
  function apply(push) {
    var chosen = {};
    selects.forEach(function (s) { if (s.value) chosen[s.name] = s.value; });
    var shown = 0;
    list.querySelectorAll(".card").forEach(function (card) {
      var ok = Object.keys(chosen).every(function (name) {
        return (card.getAttribute("data-" + name) || "").split(" ").indexOf(chosen[name]) >= 0;
      });
      card.hidden = !ok;
      if (ok) shown++;
    });
    list.querySelectorAll(".group").forEach(function (g) {
      g.hidden = !g.querySelector(".card:not([hidden])");
    });
    count.textContent = count.dataset.template.replace("{n}", shown.toLocaleString(lang));
    if (push) {
      var params = new URLSearchParams(chosen).toString();
      history.replaceState(null, "", location.pathname + (params ? "?" + params : ""));
    }
  }
  var params = new URLSearchParams(location.search);
  selects.forEach(function (s) {
    if (params.get(s.name)) s.value = params.get(s.name);
    s.addEventListener("change", function () { apply(true); });
  });
  form.hidden = false;
  var links = document.getElementById("facet-links");
  if (links) links.hidden = true;
  apply(false);
})();
