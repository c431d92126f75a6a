/* The facility finder (dashboard/components/map_finder.py) and "show on the map".
   No network: the browser's own geolocation, asked only when "Near me" is pressed. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  finder: {
    /* -> [where store, status text]. Coordinates rounded to ~100 m before they leave the page. */
    locate: function (clicks, labels) {
      var noUpdate = window.dash_clientside.no_update;
      if (!clicks) { return [noUpdate, noUpdate]; }
      if (!navigator.geolocation) {
        return [{error: "unavailable"}, labels.unavailable];
      }
      if (window.dash_clientside.set_props) {  /* said at once, while the browser asks */
        window.dash_clientside.set_props(labels.status_id, {children: labels.locating});
      }
      return new Promise(function (resolve) {
        navigator.geolocation.getCurrentPosition(function (pos) {
          resolve([{lat: Math.round(pos.coords.latitude * 1000) / 1000,
                    lon: Math.round(pos.coords.longitude * 1000) / 1000}, labels.located]);
        }, function (err) {
          resolve([{error: err && err.code === 1 ? "denied" : "unavailable"},
                   err && err.code === 1 ? labels.denied : labels.unavailable]);
        }, {enableHighAccuracy: false, timeout: 15000, maximumAge: 300000});
      });
    }
  }
});

(function () {
  /* The map document (an iframe srcdoc, same origin) exposes window.portalMap.focus(id). */
  function mapWindow() {
    var frame = document.getElementById("map-frame");
    return frame && frame.contentWindow && frame.contentWindow.portalMap ? frame : null;
  }
  function focusOnMap(id) {
    var frame = mapWindow();
    if (!frame || !frame.contentWindow.portalMap.focus) { return false; }
    return frame.contentWindow.portalMap.focus(id);
  }
  /* /map?focus=ID: open that point once the map document has loaded. The server puts the id
     on the frame (data-focus), since the page may rewrite its query string before this
     script runs; the URL is the fallback. Once a map is there, asked again every 700 ms (at
     most 12 times) until the map says it opened that point: a map document replaced, or busy
     with its own first view, makes one attempt come to nothing. Done once per page. */
  var urlFocus = new URLSearchParams(window.location.search).get("focus");
  var focusDone = false;
  var focusTries = 0;
  var focusTimer = null;
  function focusFromUrl() {
    focusTimer = null;
    var frame = document.getElementById("map-frame");
    var wanted = (frame && frame.getAttribute("data-focus")) || urlFocus;
    if (focusDone || !wanted) { return; }
    var map = mapWindow();
    if (map && map.contentWindow.portalMap.opened === wanted) {
      focusDone = true;
      return;
    }
    if (!focusOnMap(wanted)) { return; }  /* no map yet: its load event asks again */
    if (focusTries === 0) { frame.scrollIntoView({block: "center"}); }
    focusTries += 1;
    if (focusTries < 12) { scheduleFocus(700); }
  }
  function scheduleFocus(delay) {
    if (focusTimer === null && !focusDone) { focusTimer = setTimeout(focusFromUrl, delay); }
  }
  document.addEventListener("load", function (event) {
    if (event.target && event.target.id === "map-frame") { scheduleFocus(400); }
  }, true);
  /* The map document may have loaded before this script ran (no load event left to see). */
  scheduleFocus(400);
  /* On /map itself, "show on the map" moves the map instead of reloading the page. */
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-focus]");
    if (!link || !mapWindow()) { return; }
    if (focusOnMap(link.getAttribute("data-focus"))) {
      event.preventDefault();
      var frame = document.getElementById("map-frame");
      frame.scrollIntoView({block: "center"});
      frame.focus();
    }
  });
})();
