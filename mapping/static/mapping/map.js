// Draws each [data-inplace-map] element's map with Leaflet: the place's area outlines from GeoJSON,
// a marker per point, gathered into clusters (leaflet.markercluster) where they would hide each
// other, and tiles only when a tile URL is configured. Markers and clusters are buttons reached with
// the Tab key (Enter opens a marker's popup or zooms into a cluster), and each is at least 24 by 24
// CSS pixels (WCAG 2.5.8). The list beside each map carries the same content for people who do not
// use the map, so a failure here loses nothing. A map whose data names a "source" fetches its points
// from that GeoJSON address (the page then carries only the outlines); when that answer holds only the
// first of more points than it may carry, moving the map asks again for the points in view.
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

  // A cluster's icon: its count, named for assistive technology ("5 places here: zoom in").
  var ClusterIcon = L.DivIcon.extend({
    createIcon: function (oldIcon) {
      var icon = L.DivIcon.prototype.createIcon.call(this, oldIcon);
      icon.setAttribute("aria-label", this.options.label);
      icon.setAttribute("title", this.options.label);
      return icon;
    },
  });

  function clusterIcon(cluster) {
    var count = cluster.getChildCount();
    var size = count < 10 ? 36 : count < 100 ? 42 : 48;
    var label = document.createElement("span");
    label.setAttribute("aria-hidden", "true");
    label.textContent = String(count);
    return new ClusterIcon({
      html: label.outerHTML,
      className: "inplace-map-cluster",
      iconSize: L.point(size, size),
      label: count + " places here: zoom in to see them",
    });
  }

  function markerLayer() {
    if (typeof L.markerClusterGroup !== "function") return L.featureGroup();
    return L.markerClusterGroup({
      iconCreateFunction: clusterIcon,
      showCoverageOnHover: false,
      maxClusterRadius: 48,
      spiderfyDistanceMultiplier: 1.5,
    });
  }

  document.querySelectorAll("[data-inplace-map]").forEach(function (element) {
    var source = document.getElementById(element.getAttribute("data-inplace-map"));
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var map = L.map(element, { scrollWheelZoom: false, maxZoom: 18 });
    if (data.tiles) {
      L.tileLayer(data.tiles, { attribution: data.attribution || "", maxZoom: 19 }).addTo(map);
    }
    var bounds = L.latLngBounds([]);
    (data.outlines || []).forEach(function (outline) {
      var layer = L.geoJSON(outline.geojson, {
        style: {
          color: outline.gap ? "#d4351c" : "#1d70b8",
          weight: 2,
          fillOpacity: outline.gap ? 0.35 : 0.08,
          fillColor: outline.gap ? "#d4351c" : "#1d70b8",
        },
      });
      layer.bindTooltip(outline.name, { sticky: true });
      layer.eachLayer(function (path) {
        path.options.className = "inplace-map-outline";
      });
      layer.addTo(map);
      bounds.extend(layer.getBounds());
    });
    var markers = markerLayer();
    markers.addTo(map);

    function addPoints(points) {
      var layers = points.map(function (point) {
        var marker = L.marker([point.lat, point.lng], { title: point.name, alt: point.name, keyboard: true });
        marker.bindPopup(popup(point));
        bounds.extend(marker.getLatLng());
        return marker;
      });
      if (typeof markers.addLayers === "function") {
        markers.addLayers(layers); // clusters a county's points in one pass
      } else {
        layers.forEach(function (marker) {
          markers.addLayer(marker);
        });
      }
      if (bounds.isValid()) {
        map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
      } else {
        map.setView([52.5, -1.5], 6);
      }
    }

    // A note under the map when the points are fewer than those listed (too many to draw).
    var noteBox = null;
    function note(text) {
      if (!noteBox) {
        noteBox = document.createElement("p");
        noteBox.className = "govuk-body-s inplace-map-note";
        element.insertAdjacentElement("afterend", noteBox);
      }
      noteBox.textContent = text;
    }

    if (!data.source) {
      addPoints(data.points || []);
      return;
    }

    // The points come from a GeoJSON FeatureCollection of Points (RFC 7946: [longitude, latitude]).
    function asPoints(found) {
      return (found.features || []).map(function (feature) {
        var p = feature.properties || {};
        return {
          lng: feature.geometry.coordinates[0],
          lat: feature.geometry.coordinates[1],
          name: p.name,
          detail: p.detail,
          url: p.url,
        };
      });
    }

    function load(box) {
      var address = data.source;
      if (box) address += (address.indexOf("?") < 0 ? "?" : "&") + "bbox=" + encodeURIComponent(box);
      element.setAttribute("aria-busy", "true");
      return fetch(address, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .finally(function () {
          element.removeAttribute("aria-busy");
        });
    }

    // When there are more points than one answer carries, panning or zooming asks again for the
    // points inside the view (the answer's bbox filter), so zooming in shows every point there.
    var latest = 0;
    function loadView() {
      var asked = ++latest;
      load(map.getBounds().toBBoxString())
        .then(function (found) {
          if (asked !== latest) return;
          markers.clearLayers();
          var points = asPoints(found);
          var layers = points.map(function (point) {
            var marker = L.marker([point.lat, point.lng], { title: point.name, alt: point.name, keyboard: true });
            marker.bindPopup(popup(point));
            return marker;
          });
          if (typeof markers.addLayers === "function") markers.addLayers(layers);
          else layers.forEach(function (marker) { markers.addLayer(marker); });
          note(
            found.truncated
              ? "The map shows " + points.length + " of the " + found.total +
                  " places in this view. Zoom in to see the rest; the list has them all."
              : "The map shows all " + points.length + " places in this view."
          );
        })
        .catch(function () {
          if (asked === latest) note("The map's points could not be loaded. The list below has the same places.");
        });
    }

    addPoints([]);
    load(null)
      .then(function (found) {
        addPoints(asPoints(found));
        if (found.truncated) {
          note(
            "The map shows " + found.features.length + " of the " + found.total +
              " places found. Zoom in to see the rest; the list has them all."
          );
          var timer = null;
          map.on("moveend", function () {
            clearTimeout(timer);
            timer = setTimeout(loadView, 300);
          });
        }
      })
      .catch(function () {
        note("The map's points could not be loaded. The list below has the same places.");
      });
  });
})();
