// groundgame: the map of clubs, drawn from the list of clubs beside it (every marker is a
// card of that list, so the list is the accessible form of the map). Tiles are a
// third-party request: none is made until the visitor asks for them. "Near me" asks the
// browser's location on a click and sorts the list in the page; nothing is sent anywhere.
(function () {
  "use strict";
  var lang = document.documentElement.lang || undefined;
  var TILES_KEY = "groundgame-map-tiles";

  function cards(list) {
    return Array.prototype.slice.call(list.querySelectorAll(":scope > .card[data-lat][data-lon]"));
  }

  function escapeText(text) {
    var box = document.createElement("span");
    box.textContent = text;
    return box.innerHTML;
  }

  function setUpMap(box, list) {
    if (typeof L === "undefined") return;
    var el = box.querySelector(".map");
    el.hidden = false;
    var map = L.map(el, { scrollWheelZoom: false, attributionControl: true, zoomControl: false, minZoom: 1, maxZoom: 18 });
    // Leaflet's own buttons are titled in English: the page gives their words in its language.
    L.control.zoom({ zoomInTitle: box.dataset.zoomIn || "+", zoomOutTitle: box.dataset.zoomOut || "-" }).addTo(map);
    map.attributionControl.setPrefix(false);
    var group = L.markerClusterGroup ? L.markerClusterGroup({ showCoverageOnHover: false }) : L.featureGroup();
    var markers = [];
    cards(list).forEach(function (card) {
      var lat = parseFloat(card.dataset.lat), lon = parseFloat(card.dataset.lon);
      var source = card.querySelector("h3 a");
      if (!source || !isFinite(lat) || !isFinite(lon)) return;
      var link = document.createElement("a");
      link.href = source.getAttribute("href");
      link.textContent = source.textContent;
      // A name that fell back to another language keeps its lang and dir (#15) in the popup
      // and on the marker's image, whose alt and title say it.
      var named = source.querySelector("[lang]");
      if (named) { link.lang = named.lang; link.dir = named.dir; }
      var marker = L.marker([lat, lon], { title: source.textContent, alt: source.textContent, keyboard: false });
      if (named) {
        marker.on("add", function () {
          var icon = marker.getElement();
          if (icon) { icon.lang = named.lang; icon.dir = named.dir; }
        });
      }
      marker.bindPopup(link);
      markers.push(marker);
      group.addLayer(marker);
    });
    group.addTo(map);
    if (markers.length) {
      map.fitBounds(L.featureGroup(markers).getBounds(), { padding: [30, 30], maxZoom: 12 });
    } else {
      map.setView([20, 0], 2);
    }
    el.groundgame = { map: map, markers: markers };
    el.dataset.markers = String(markers.length);

    var tools = box.querySelector(".maptools");
    var button = tools.querySelector(".tiles");
    function showTiles() {
      L.tileLayer(box.dataset.tiles, { attribution: escapeText(box.dataset.attribution || ""), maxZoom: 19 })
        .addTo(map);
      tools.hidden = true;
    }
    button.addEventListener("click", function () {
      try { localStorage.setItem(TILES_KEY, "yes"); } catch (e) { /* private mode: this time only */ }
      showTiles();
    });
    var remembered = false;
    try { remembered = localStorage.getItem(TILES_KEY) === "yes"; } catch (e) { /* none */ }
    if (remembered) showTiles(); else tools.hidden = false;
  }

  function distance(lat1, lon1, lat2, lon2) {  // km on a sphere (haversine)
    var rad = Math.PI / 180, dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad;
    var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 6371 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
  }

  function setUpNearMe(box, list) {
    var row = box.querySelector(".nearme");
    if (!row || !("geolocation" in navigator)) return;
    var state = row.querySelector(".near-status");
    var km = new Intl.NumberFormat(lang, { style: "unit", unit: "kilometer", maximumFractionDigits: 0 });
    row.hidden = false;
    row.querySelector(".near").addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (where) {
        var here = where.coords;
        var sorted = cards(list).map(function (card) {
          var d = distance(here.latitude, here.longitude, parseFloat(card.dataset.lat), parseFloat(card.dataset.lon));
          return { card: card, d: d };
        }).sort(function (a, b) { return a.d - b.d; });
        sorted.forEach(function (s) {
          var out = s.card.querySelector(".distance");
          if (!out) {
            out = document.createElement("p");
            out.className = "meta distance";
            s.card.appendChild(out);
          }
          out.textContent = km.format(s.d);
          s.card.dataset.distance = s.d.toFixed(3);
          list.appendChild(s.card);
        });
        Array.prototype.slice.call(list.querySelectorAll(":scope > .card:not([data-lat])")).forEach(function (card) {
          list.appendChild(card);  // clubs without coordinates last, in their order
        });
        state.textContent = state.dataset.sorted;
      }, function () {
        state.textContent = state.dataset.failed;
      }, { maximumAge: 600000, timeout: 20000 });
    });
  }

  document.querySelectorAll(".mapbox[data-map]").forEach(function (box) {
    var list = document.getElementById(box.dataset.map);
    if (!list) return;
    setUpMap(box, list);
    setUpNearMe(box, list);
  });
})();
