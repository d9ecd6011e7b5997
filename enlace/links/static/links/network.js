/* Network page: draws the JSON of links:network_data with Cytoscape.js and expands a node
   one step on click. No inline script or style (CSP); strings come from data-msg-* attributes. */
(function () {
  "use strict";

  /* One colour and one shape per kind, the same as the legend (links.css): a kind is told apart
     by its shape too, for readers who do not see the colours. */
  var KIND_COLOR = {
    "case": "#1d4f91", "person": "#6a3d9a", "org": "#8c5a00", "phone": "#00766c", "email": "#b0006e",
    "handle": "#0072b2", "document": "#2e6b30", "address": "#6d4c41", "account": "#a4262c",
    "vehicle": "#44546a", "hit": "#8a8a8a"
  };
  var KIND_SHAPE = {
    "case": "round-rectangle", "person": "ellipse", "org": "hexagon", "phone": "diamond", "email": "pentagon",
    "handle": "star", "document": "rectangle", "address": "triangle", "account": "tag",
    "vehicle": "barrel", "hit": "octagon"
  };
  var COMMUNITY = ["#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#999933"];

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } }).then(function (r) {
      if (!r.ok) { throw new Error(String(r.status)); }
      return r.json();
    });
  }

  function style() {
    return [
      { selector: "node", style: {
        "label": "data(label)", "font-size": 13, "text-wrap": "ellipsis", "text-max-width": "150px",
        "text-valign": "bottom", "text-margin-y": 5, "color": "#1b1b1b",
        "text-background-color": "#ffffff", "text-background-opacity": 0.9, "text-background-padding": 2,
        "background-color": function (n) { return KIND_COLOR[n.data("kind")] || "#555"; },
        "shape": function (n) { return KIND_SHAPE[n.data("kind")] || "ellipse"; },
        "width": function (n) { return 24 + Math.round(60 * Math.sqrt(n.data("centrality") || 0)); },
        "height": function (n) { return 24 + Math.round(60 * Math.sqrt(n.data("centrality") || 0)); },
        "border-width": function (n) { return n.data("key_link") ? 5 : (n.data("community") >= 0 ? 3 : 0); },
        "border-color": function (n) {
          var c = n.data("community");
          return n.data("key_link") ? "#1b1b1b" : (c >= 0 ? COMMUNITY[c % COMMUNITY.length] : "#ffffff");
        }
      } },
      { selector: "node[kind = 'hit']", style: { "border-style": "dashed", "border-width": 2, "border-color": "#555" } },
      { selector: "node[?on_path]", style: { "overlay-color": "#ffbf47", "overlay-opacity": 0.35, "overlay-padding": 6 } },
      { selector: "node:selected", style: { "overlay-color": "#1d70b8", "overlay-opacity": 0.25, "overlay-padding": 8 } },
      { selector: "edge", style: { "width": 1.5, "line-color": "#9aa5b1", "curve-style": "bezier" } },
      { selector: "edge[kind = 'match']", style: { "line-style": "dashed", "line-color": "#b26b00", "width": 2.5,
                                                   "label": "data(label)", "font-size": 9 } },
      { selector: "edge[kind = 'hit']", style: { "line-style": "dotted", "line-color": "#777" } },
      { selector: "edge[?on_path]", style: { "line-color": "#d4351c", "width": 4 } }
    ];
  }

  function layout(cy, fit) {
    cy.layout({ name: "cose", animate: false, randomize: false, fit: fit !== false, padding: 30,
                nodeRepulsion: function () { return 14000; }, idealEdgeLength: function () { return 110; },
                nodeDimensionsIncludeLabels: true }).run();
  }

  ready(function () {
    var el = document.getElementById("graph");
    var info = document.getElementById("graph-info");
    if (!el || typeof window.cytoscape !== "function") { return; }
    var say = function (text) { if (info) { info.textContent = text; } };
    getJSON(el.getAttribute("data-url")).then(function (data) {
      var cy = window.cytoscape({ container: el, elements: data.elements, style: style(), minZoom: 0.2,
                                  maxZoom: 3 });
      layout(cy);
      cy.on("tap", "node", function (evt) {
        var node = evt.target;
        var text = node.data("kind_name") + ": " + node.data("label");
        say(text);
        if (!node.data("expandable") || node.data("expanded")) { return; }
        var url = el.getAttribute("data-expand-url") + "?expand=" + encodeURIComponent(node.id());
        getJSON(url).then(function (more) {
          var fresh = [];
          more.elements.nodes.concat(more.elements.edges).forEach(function (item) {
            if (cy.getElementById(item.data.id).empty()) { fresh.push(item); }
          });
          node.data("expanded", true);
          if (fresh.length) {
            var pos = node.position();
            fresh.forEach(function (item) { if (!item.data.source) { item.position = { x: pos.x, y: pos.y }; } });
            cy.add(fresh);
            layout(cy, false);
          }
        }).catch(function () { say(el.getAttribute("data-msg-error")); });
      });
      cy.on("dbltap", "node", function (evt) {
        var url = evt.target.data("url");
        if (url) { window.location.assign(url); }
      });
    }).catch(function () { say(el.getAttribute("data-msg-error")); });
  });
})();
