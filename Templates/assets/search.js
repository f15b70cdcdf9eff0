// The search box of every page: Pagefind's index of the current pages (built by `gazette site`
// into pagefind/), searched in the browser, in the page's language (Pagefind picks the index from
// <html lang>). No search service: any static web server will do.
//
// The words come from the page (data-* attributes, from the locale files); results are written with
// textContent only. Opened from disk (file://) a browser will not load Pagefind's module, so the box
// says so instead; without JavaScript a <noscript> says why.
(function () {
  "use strict";
  var box = document.querySelector(".site-search");
  if (!box) return;
  var form = box.querySelector(".search-form");
  var input = box.querySelector("input[type=search]");
  var status = box.querySelector("p.search-status[aria-live]");
  var list = box.querySelector(".search-results");

  function say(text) { status.textContent = text; }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) { return key in values ? values[key] : whole; });
  }

  if (location.protocol === "file:") {
    say(box.dataset.fromDisk);
    return;
  }
  form.hidden = false;
  var root = new URL(box.dataset.root || "./", location.href);
  var loading = null;
  function pagefind() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        // Result URLs are made from the site's root, wherever the site is served.
        return Promise.resolve(module.options({ baseUrl: root.pathname })).then(function () { return module; });
      });
    }
    return loading;
  }

  // The clause (or heading) a match is in: the last anchor at or before the first matched word
  // that is in the text (a match in the title or summary above the first article has none).
  function anchorOf(data) {
    var anchors = (data.anchors || []).filter(function (anchor) { return /^(h[2-6]|p|li)$/.test(anchor.element); });
    if (!anchors.length) return null;
    var start = Math.min.apply(null, anchors.map(function (anchor) { return anchor.location; }));
    var inText = (data.locations || []).filter(function (location) { return location >= start; });
    if (!inText.length) return null;
    var first = Math.min.apply(null, inText);
    var best = null;
    anchors.forEach(function (anchor) {
      if (anchor.location <= first && (!best || anchor.location >= best.location)) best = anchor;
    });
    return best;
  }

  var latest = 0;
  function search(query) {
    var ticket = ++latest;
    query = query.trim();
    list.textContent = "";
    list.hidden = true;
    if (!query) { say(""); return; }
    pagefind().then(function (module) {
      return module.search(query);
    }).then(function (found) {
      return Promise.all(found.results.slice(0, 10).map(function (result) { return result.data(); }));
    }).then(function (results) {
      if (ticket !== latest) return;
      if (!results.length) { say(fill(box.dataset.none, { query: query })); return; }
      say(fill(results.length === 1 ? box.dataset.countOne : box.dataset.countOther, { count: results.length, query: query }));
      results.forEach(function (data) {
        var anchor = anchorOf(data);
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = data.url + (anchor ? "#" + anchor.id : "");
        link.textContent = (data.meta && data.meta.title) || data.url;
        item.appendChild(link);
        if (anchor) {
          var where = document.createElement("span");
          where.className = "search-clause";
          where.textContent = anchor.text.length > 160 ? anchor.text.slice(0, 159) + "…" : anchor.text;
          item.appendChild(document.createTextNode(" "));
          item.appendChild(where);
        }
        list.appendChild(item);
      });
      list.hidden = false;
    }).catch(function () {
      if (ticket === latest) say(box.dataset.failed);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
    search(input.value);
  });
  // A link or a bookmark with ?q=… opens with its results.
  var asked = new URL(location.href).searchParams.get("q");
  if (asked) {
    input.value = asked;
    search(asked);
  }
})();
