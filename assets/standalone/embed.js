/* The embeddable chart (dashboard/embed.py): draws the figure written into the page, with a
   toolbar that only downloads it (PNG; made in the browser, no request leaves the site). */
(function () {
  var holder = document.getElementById("chart");
  var source = document.getElementById("figure");
  if (!holder || !source || !window.Plotly) { return; }
  var figure = JSON.parse(source.textContent);
  window.Plotly.newPlot(holder, figure.data, figure.layout, {
    responsive: true, displaylogo: false, scrollZoom: false,
    modeBarButtonsToRemove: ["zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d",
                             "autoScale2d", "resetScale2d"],
    toImageButtonOptions: {format: "png", filename: holder.getAttribute("data-filename") || "chart",
                           scale: 2}
  });
})();
