/* plotly.js on demand. dcc.Graph loads `window._dashPlotlyJSURL` when the first graph mounts
   (and window.Plotly is not defined yet); the renderer would point it at the full 4.8 MB bundle.
   Pin it to the partial bundle named by <meta name="portal-plotly">, so that only pages which
   show a chart download the charting library. */
(function () {
  var meta = document.querySelector('meta[name="portal-plotly"]');
  if (!meta) { return; }
  var url = meta.getAttribute("content");
  Object.defineProperty(window, "_dashPlotlyJSURL", {
    configurable: true,
    get: function () { return url; },
    set: function () { /* the renderer's default is ignored */ }
  });
})();

/* Static blocks (dashboard/components/static_html.py): an empty <div data-html="escaped HTML">
   rendered by Dash is filled here, and filled again when the attribute changes. React never
   owns these children (the component has none), so it leaves them alone. */
(function () {
  function fill(el) {
    var markup = el.getAttribute("data-html");
    if (el.portalHtml !== markup) { el.innerHTML = markup; el.portalHtml = markup; }
  }
  function scan(node) {
    if (node.nodeType !== 1) { return; }
    if (node.hasAttribute("data-html")) { fill(node); }
    node.querySelectorAll("[data-html]").forEach(fill);
  }
  new MutationObserver(function (mutations) {
    mutations.forEach(function (m) {
      if (m.type === "attributes") { fill(m.target); } else { m.addedNodes.forEach(scan); }
    });
  }).observe(document.documentElement, {childList: true, subtree: true, attributes: true,
                                         attributeFilter: ["data-html"]});
})();

/* Clientside helpers (no network, no dependencies). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  portal: {
    /* Keep <html lang> in step with ?lang= (pages rewrite the query string). */
    setDocumentLang: function (search) {
      var match = /[?&]lang=(kk|ru|en)(&|$)/.exec(search || "");
      document.documentElement.lang = match ? match[1] : "kk";
      return window.dash_clientside.no_update;
    },
    /* Scroll to #anchor once content rendered by a callback contains it. */
    scrollToHash: function (children) {
      var id = decodeURIComponent((window.location.hash || "").slice(1));
      var target = id && document.getElementById(id);
      if (children && target) {
        target.scrollIntoView();
        if (target.tabIndex < 0) { target.focus({preventScroll: true}); }
      }
      return window.dash_clientside.no_update;
    },
    /* The print button of the region scorecard. */
    printPage: function (clicks) {
      if (!clicks) { return window.dash_clientside.no_update; }
      /* Charts below the fold are drawn on demand: draw them all, wait, then print. */
      if (window.portalDrawLazy) { window.portalDrawLazy(); }
      var started = Date.now();
      (function wait() {
        var pending = document.querySelector("#react-entry-point .lazy-placeholder.portal-graph")
          || [].some.call(document.querySelectorAll("#react-entry-point .dash-graph"),
                          function (g) { return !g.querySelector(".main-svg"); })
          || [].some.call(document.querySelectorAll(".trend-grid .graph-box"),
                          function (b) { return !b.querySelector("img.print-chart[src]"); });
        if (pending && Date.now() - started < 15000) { setTimeout(wait, 200); return; }
        window.print();
      })();
      return window.dash_clientside.no_update;
    }
  }
});

/* Printing. Charts drawn at screen width are redrawn to fit the paper and restored after; the
   scorecard's trend charts print as pictures made in advance (two by two, fixed size: a graph's
   own size cannot be changed reliably in the instant before printing), see assets/print.css. */
(function () {
  function eachGraph(update) {
    if (!window.Plotly) { return; }
    document.querySelectorAll(".js-plotly-plot").forEach(function (gd) {
      if (gd.closest(".trend-grid")) { return; }
      try { update(gd); } catch (err) { /* a graph that cannot relayout keeps its size */ }
    });
  }
  window.addEventListener("beforeprint", function () {
    eachGraph(function (gd) { window.Plotly.relayout(gd, {width: 700, autosize: false}); });
  });
  window.addEventListener("afterprint", function () {
    eachGraph(function (gd) {
      window.Plotly.relayout(gd, {width: null, autosize: true});
      window.Plotly.Plots.resize(gd);
    });
  });

  function printPicture(gd) {
    var box = gd.closest(".graph-box");
    if (!box || !window.Plotly) { return; }
    var layout = Object.assign({}, gd.layout, {
      width: 340, height: 185, autosize: false,
      font: Object.assign({}, gd.layout.font, {size: 9}),
      legend: Object.assign({}, gd.layout.legend, {y: 1, yanchor: "bottom", font: {size: 8}}),
      margin: Object.assign({}, gd.layout.margin, {t: 26, b: 4})
    });
    window.Plotly.toImage({data: gd.data, layout: layout}, {format: "svg", width: 340, height: 185})
      .then(function (url) {
        var img = box.querySelector("img.print-chart");
        if (!img) {
          img = document.createElement("img");
          img.className = "print-chart";
          img.alt = "";
          box.appendChild(img);
        }
        img.src = url;
      }).catch(function () { /* the live graph prints instead */ });
  }
  function watch(gd) {
    if (gd.portalPrintWatch || !gd.on) { return; }
    gd.portalPrintWatch = true;
    gd.on("plotly_afterplot", function () { printPicture(gd); });
    printPicture(gd);
  }
  new MutationObserver(function () {
    document.querySelectorAll(".trend-grid .js-plotly-plot").forEach(function (gd) {
      if (gd._fullLayout) { watch(gd); }
    });
  }).observe(document.documentElement, {childList: true, subtree: true});
})();

/* Lazy blocks (dashboard/components/lazy.py): when an element marked data-lazy-store is within
   400 px of the screen (or above it: scrolled past), or before printing, the named dcc.Store
   becomes true. Checked on scroll and resize (once per frame) and when such an element appears. */
(function () {
  var seen = new WeakSet();
  var fired = new WeakSet();  /* a store set once stays true: setting it again re-runs its
                                 callback and redraws the block (the map frame is replaced) */
  var pending = [];
  var queued = false;
  function trigger(el) {
    var id = el.getAttribute("data-lazy-store");
    if (fired.has(el)) { return true; }
    if (id && window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props(id, {data: true});
      fired.add(el);
      return true;
    }
    return false;
  }
  function check() {
    queued = false;
    pending = pending.filter(function (el) {
      if (!el.isConnected) { return false; }
      var near = el.getBoundingClientRect().top < window.innerHeight + 400;
      return !(near && trigger(el));
    });
  }
  function later() { if (!queued) { queued = true; requestAnimationFrame(check); } }
  function scan(node) {
    if (node.nodeType !== 1) { return; }
    var found = node.matches("[data-lazy-store]") ? [node] : [];
    node.querySelectorAll("[data-lazy-store]").forEach(function (el) { found.push(el); });
    found.forEach(function (el) {
      if (seen.has(el) || !el.closest("#react-entry-point")) { return; }
      seen.add(el);
      pending.push(el);
      later();
    });
  }
  new MutationObserver(function (mutations) {
    mutations.forEach(function (m) { m.addedNodes.forEach(scan); });
    if (pending.length) { later(); }
  }).observe(document.documentElement, {childList: true, subtree: true});
  window.addEventListener("scroll", later, {passive: true});
  window.addEventListener("resize", later);
  window.portalDrawLazy = function () {
    document.querySelectorAll("#react-entry-point [data-lazy-store]").forEach(trigger);
  };
})();

/* Chart downloads: the PNG / SVG buttons under a chart (dashboard/components/charts.py). */
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest(".chart-download");
  if (!button || !window.Plotly) { return; }
  var figure = button.closest(".portal-figure");
  var gd = figure && figure.querySelector(".js-plotly-plot");
  if (!gd) { return; }
  window.Plotly.downloadImage(gd, {format: button.getAttribute("data-format"),
                                   filename: button.getAttribute("data-filename") || "chart",
                                   scale: 2});
});

/* The server-rendered first view (dashboard/prerender.py) stays on screen until Dash has
   rendered the page's own content, then both are swapped in one step: the visitor reads the
   page from the first response, and nothing jumps when the interactive page takes over. */
(function () {
  function swap() {
    var first = document.getElementById("prerender");
    var root = document.getElementById("react-entry-point");
    if (first) { first.remove(); }
    if (root) { root.classList.remove("portal-booting"); }
    return true;
  }
  if (!document.getElementById("prerender")) { return; }
  var done = false;
  var watcher = new MutationObserver(function () {
    var content = document.querySelector("#react-entry-point #_pages_content");
    if (!done && content && content.children.length > 0) {
      done = swap();
      watcher.disconnect();
    }
  });
  watcher.observe(document.documentElement, {childList: true, subtree: true});
  setTimeout(function () { if (!done) { done = swap(); watcher.disconnect(); } }, 30000);
})();
