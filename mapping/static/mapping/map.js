// Draws each [data-inplace-map] element's map with Leaflet: area outlines from GeoJSON when given,
// a marker per point, tiles only when a tile URL is configured. The list beside each map carries the
// same content for people who do not use the map, so a failure here loses nothing.
(function () {
  "use strict";
  if (typeof window.L === "undefined") return;
  var L = window.L;

  function popup(point) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = point.url || "#";
    link.className = "govuk-link";
    link.textContent = point.name;
    box.appendChild(point.url ? link : document.createTextNode(point.name));
    if (point.detail) {
      var detail = document.createElement("p");
      detail.className = "govuk-body-s govuk-!-margin-0";
      detail.textContent = point.detail;
      box.appendChild(detail);
    }
    return box;
  }

  document.querySelectorAll("[data-inplace-map]").forEach(function (element) {
    var source = document.getElementById(element.getAttribute("data-inplace-map"));
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var map = L.map(element, { scrollWheelZoom: false });
    if (data.tiles) {
      L.tileLayer(data.tiles, { attribution: data.attribution || "", maxZoom: 19 }).addTo(map);
    }
    var layers = [];
    (data.outlines || []).forEach(function (outline) {
      var layer = L.geoJSON(outline.geojson, {
        style: { color: "#1d70b8", weight: 2, fillOpacity: outline.gap ? 0.35 : 0.05, fillColor: outline.gap ? "#d4351c" : "#1d70b8" },
      });
      layer.bindTooltip(outline.name);
      layer.addTo(map);
      layers.push(layer);
    });
    (data.points || []).forEach(function (point) {
      var marker = L.marker([point.lat, point.lng], { title: point.name, alt: point.name, keyboard: true });
      marker.bindPopup(popup(point));
      marker.addTo(map);
      layers.push(marker);
    });
    if (layers.length) {
      map.fitBounds(L.featureGroup(layers).getBounds(), { padding: [24, 24], maxZoom: 15 });
    } else {
      map.setView([52.5, -1.5], 6);
    }
  });
})();
