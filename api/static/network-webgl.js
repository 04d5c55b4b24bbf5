// Large network views in WebGL (sigma.js + graphology, served from /static/vendor/).
// Include it after network-filters.js and before network.js. Above WEBGL_FROM nodes (or when the payload says
// renderer: "webgl") it marks the page so that network.js (vis-network, canvas)
// stands aside, loads the two libraries from /static/vendor/ and draws the view;
// below, it does nothing and loads nothing.
// It draws the organisations-and-programmes view with the filters of network-filters.js
// (a node shows when a kept tie touches it, or when it is the focus), its counts and
// click-to-page, and the same window.tsunagariNetwork state for tests. The inspector,
// the keyboard list and the organisation-to-organisation view stay with network.js's
// canvas views (2,000 nodes or fewer).
// Names are data: they reach the page only through textContent and the WebGL canvas.
(function () {
  "use strict";
  var WEBGL_FROM = 2000;
  var VENDOR = ["/static/vendor/graphology.umd.min.js", "/static/vendor/sigma.min.js"];
  var dataEl = document.getElementById("network-data");
  var container = document.getElementById("network");
  if (!dataEl || !container) { return; }
  var data = JSON.parse(dataEl.textContent);
  var wanted = data.renderer ? data.renderer === "webgl" : data.nodes.length > WEBGL_FROM;
  if (!wanted) { return; }
  window.tsunagariWebGL = true;
  var started = performance.now();
  var state = window.tsunagariNetwork = { ready: false, nodes: [], edges: [], network: null, renderer: "webgl" };

  function load(i) {
    if (i === VENDOR.length) { draw(); return; }
    var s = document.createElement("script");
    s.src = VENDOR[i];
    s.onload = function () { load(i + 1); };
    s.onerror = function () {
      document.getElementById("network-counts").textContent = "図を表示できません（" + VENDOR[i] + " を読み込めません）";
    };
    document.head.appendChild(s);
  }
  load(0);

  var librariesAt, builtAt, sigmaAt;
  function draw() {
  librariesAt = performance.now();
  // Programmes are white diamonds in the canvas view; WebGL draws discs, so a dark disc.
  var PROGRAMME_DISC = "#3a3a3a";

  var graph = new graphology.MultiGraph({ type: "undirected", allowSelfLoops: false });
  var byId = {};
  // Sizes shrink with the number of nodes, so that ten thousand stay apart.
  var shrink = Math.max(1.5, Math.sqrt(data.nodes.length / 300));
  data.nodes.forEach(function (n) {
    byId[n.id] = n;
    var programme = n.type === "programme";
    graph.addNode(n.id, {
      x: n.x, y: -n.y, size: Math.max(1.5, n.size / shrink) * (n.focus ? 2 : 1),
      color: programme ? PROGRAMME_DISC : n.color,
      label: n.label.length > 24 ? n.label.slice(0, 23) + "…" : n.label,
      forceLabel: !!n.focus
    });
  });
  var edgeById = {};
  var F = window.tsunagariFilters;
  var rolesOf = F.rolesOf;
  function colourOf(roles) {
    var r = data.roles && data.roles[roles[0]];
    return r ? r.color : "#8f8f8f";
  }
  data.edges.forEach(function (e) {
    edgeById[e.id] = e;
    var roles = rolesOf(e);
    graph.addEdgeWithKey(e.id, e.from, e.to, { color: colourOf(roles), size: roles.indexOf("lead") >= 0 ? 1.2 : 0.6 });
  });

  // Filters hide through sigma's reducers: one pass over the data and one refresh,
  // instead of an attribute event per edge.
  var renderer = null;
  var shownNodes = {};
  var shownEdges = {};
  function applyFilters() {
    var sel = F.selection();
    shownNodes = {}; shownEdges = {};
    var edges = [];
    F.keptTies(data.edges, byId, sel).forEach(function (t) {
      shownEdges[t.e.id] = colourOf(t.roles); edges.push(t.e.id); shownNodes[t.e.from] = true; shownNodes[t.e.to] = true;
    });
    if (data.focus && byId[data.focus]) { shownNodes[data.focus] = true; }
    var orgs = 0, progs = 0;
    state.nodes = [];
    data.nodes.forEach(function (n) {
      if (shownNodes[n.id] !== true) { return; }
      state.nodes.push(n.id);
      if (n.type === "programme") { progs++; } else { orgs++; }
    });
    state.edges = edges;
    document.getElementById("network-counts").textContent =
      "表示中: 団体 " + orgs + "・取組 " + progs + "・連携 " + edges.length +
      "（全体: 点 " + data.nodes.length + "・線 " + data.edges.length + "・WebGL表示）";
    var empty = document.getElementById("network-empty");
    if (empty) { empty.hidden = edges.length > 0; }
    F.updateExports(sel);
    if (renderer) { renderer.refresh(); }
  }
  function hide(data) { var out = Object.assign({}, data); out.hidden = true; return out; }

  applyFilters();
  builtAt = performance.now();
  renderer = new Sigma(graph, container, {
    renderLabels: true, labelRenderedSizeThreshold: 9, labelDensity: 0.4,
    labelFont: "Noto Sans CJK JP, sans-serif", hideEdgesOnMove: data.edges.length > 20000,
    zIndex: true, defaultEdgeType: "line", minCameraRatio: 0.02, maxCameraRatio: 10, allowInvalidContainer: true,
    nodeReducer: function (node, attrs) { return shownNodes[node] === true ? attrs : hide(attrs); },
    edgeReducer: function (edge, attrs) {
      var colour = shownEdges[edge];
      if (!colour) { return hide(attrs); }
      if (colour === attrs.color) { return attrs; }
      var out = Object.assign({}, attrs); out.color = colour; return out;
    }
  });
  state.network = renderer;
  sigmaAt = performance.now();

  // A hovered node says what it is, in a tooltip written with textContent.
  var tip = document.createElement("div");
  tip.className = "tip webgl-tip";
  tip.hidden = true;
  tip.style.position = "absolute";
  tip.style.pointerEvents = "none";
  container.style.position = container.style.position || "relative";
  container.appendChild(tip);
  renderer.on("enterNode", function (ev) {
    var n = byId[ev.node];
    if (!n) { return; }
    state.hovered = ev.node;
    tip.textContent = "";
    [n.label, n.type === "programme" ? "取組・事業" : null,
     n.degree + (n.type === "programme" ? " 団体が参加" : " 件の取組に参加"), "クリックでページを開く"]
      .forEach(function (line) {
        if (!line) { return; }
        var p = document.createElement("div"); p.textContent = line; tip.appendChild(p);
      });
    var d = renderer.graphToViewport(graph.getNodeAttributes(ev.node));
    tip.style.left = (d.x + 12) + "px"; tip.style.top = (d.y + 12) + "px";
    tip.hidden = false;
  });
  renderer.on("leaveNode", function () { tip.hidden = true; state.hovered = null; });
  renderer.on("clickNode", function (ev) {
    var n = byId[ev.node];
    if (n && typeof n.url === "string" && n.url.charAt(0) === "/" && n.url.charAt(1) !== "/") {
      window.location.href = n.url;
    }
  });

  state.positionOf = function (id) {
    if (!graph.hasNode(id)) { return null; }
    var d = renderer.graphToViewport(graph.getNodeAttributes(id));
    var r = container.getBoundingClientRect();
    return { x: r.left + d.x, y: r.top + d.y };
  };

  F.wire(function () { applyFilters(); });
  var png = document.getElementById("export-png");
  if (png) {
    png.addEventListener("click", function () {
      // sigma draws in several stacked canvases: flatten them on white.
      var canvases = container.querySelectorAll("canvas");
      var out = document.createElement("canvas");
      out.width = canvases[0].width; out.height = canvases[0].height;
      var ctx = out.getContext("2d");
      ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, out.width, out.height);
      renderer.refresh();
      canvases.forEach(function (c) { ctx.drawImage(c, 0, 0); });
      var a = document.createElement("a");
      a.href = out.toDataURL("image/png");
      a.download = "tsunagari-network.png";
      document.body.appendChild(a); a.click(); a.remove();
    });
  }
  // Ready once the first frame is on screen.
  requestAnimationFrame(function () {
    state.firstRenderMs = performance.now() - started;
    state.timings = { libraries: librariesAt - started, graph: builtAt - librariesAt, sigma: sigmaAt - builtAt };
    state.ready = true;
  });
  }
})();
