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
      if (clicks) { window.print(); }
      return window.dash_clientside.no_update;
    }
  }
});

/* Printing (region scorecards on A4): charts drawn at screen width are redrawn to fit the
   paper, then restored. */
(function () {
  function eachGraph(update) {
    if (!window.Plotly) { return; }
    document.querySelectorAll(".js-plotly-plot").forEach(function (gd) {
      try { update(gd); } catch (err) { /* a graph that cannot relayout keeps its size */ }
    });
  }
  window.addEventListener("beforeprint", function () {
    eachGraph(function (gd) { window.Plotly.relayout(gd, {width: 680, autosize: false}); });
  });
  window.addEventListener("afterprint", function () {
    eachGraph(function (gd) {
      window.Plotly.relayout(gd, {width: null, autosize: true});
      window.Plotly.Plots.resize(gd);
    });
  });
})();
