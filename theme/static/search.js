// groundgame: the search page. Pagefind's index (built with the site, split by language)
// is loaded from this site only, here only. The address holds the query and the filters,
// so a search can be linked and reproduces its results.
(function () {
  "use strict";
  var form = document.getElementById("search");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!form || !list || !status) return;
  var input = form.querySelector('input[name="q"]');
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var lang = document.documentElement.lang || undefined;
  var LIMIT = 50;
  var pagefind = null;
  var latest = 0;

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  var header = document.getElementById("site-q");
  if (header) header.value = input.value;
  selects.forEach(function (s) {
    var wanted = params.get(s.name);
    if (wanted && s.querySelector('option[value="' + CSS.escape(wanted) + '"]')) s.value = wanted;
  });

  function chosen() {
    var filters = {};
    selects.forEach(function (s) { if (s.value) filters[s.name] = s.value; });
    return filters;
  }

  function keep() {
    var query = new URLSearchParams();
    if (input.value.trim()) query.set("q", input.value.trim());
    var filters = chosen();
    Object.keys(filters).forEach(function (k) { query.set(k, filters[k]); });
    var text = query.toString();
    history.replaceState(null, "", location.pathname + (text ? "?" + text : ""));
  }

  // Pagefind's excerpt is HTML with <mark>: only its text and its marks are kept.
  function excerpt(html) {
    var box = document.createElement("template");
    box.innerHTML = html;  // a template's content is inert: nothing in it runs or loads
    var out = document.createElement("p");
    out.className = "excerpt";
    box.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  // A title or excerpt that fell back to another language carries its lang and dir (the page
  // says which in its metadata); any other is isolated, in the direction of its own text.
  function marked(node, tag, dir) {
    if (tag) { node.lang = tag; node.dir = dir || "auto"; } else { node.dir = "auto"; }
    return node;
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "result";
    var meta = data.meta || {};
    var kind = document.createElement("span");
    kind.className = "tag kind";
    kind.textContent = meta.type || "";
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = meta.title || data.url;
    marked(link, meta.title_lang, meta.title_dir);
    var heading = document.createElement("h2");
    heading.appendChild(link);
    heading.appendChild(kind);
    li.appendChild(heading);
    var facts = [meta.place, meta.date].filter(Boolean);
    if (facts.length) {
      var p = document.createElement("p");
      p.className = "meta";
      p.textContent = facts.join(" · ");
      li.appendChild(p);
    }
    if (data.excerpt) li.appendChild(marked(excerpt(data.excerpt), meta.text_lang, meta.text_dir));
    return li;
  }

  function run(push) {
    var ticket = ++latest;
    var words = input.value.trim();
    var filters = chosen();
    if (push) keep();
    if (!words && !Object.keys(filters).length) {
      list.replaceChildren();
      status.textContent = "";
      return Promise.resolve();
    }
    return pagefind.search(words || null, { filters: filters }).then(function (found) {
      return Promise.all(found.results.slice(0, LIMIT).map(function (r) { return r.data(); }))
        .then(function (data) {
          if (ticket !== latest) return;  // a later search has started
          list.replaceChildren.apply(list, data.map(item));
          list.dataset.total = String(found.results.length);
          status.textContent = found.results.length
            ? status.dataset.found.replace("{n}", found.results.length.toLocaleString(lang))
            : status.dataset.none;
        });
    });
  }

  var timer = null;
  form.addEventListener("submit", function (e) { e.preventDefault(); run(true); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(true); }, 250);
  });
  selects.forEach(function (s) { s.addEventListener("change", function () { run(true); }); });

  import(form.dataset.bundle + "pagefind.js").then(function (module) {
    pagefind = module;
    return pagefind.options({ baseUrl: form.dataset.base });
  }).then(function () {
    return run(false);
  }).then(function () {
    form.dataset.ready = "true";
  }).catch(function () {
    status.textContent = status.dataset.failed;
  });
})();
