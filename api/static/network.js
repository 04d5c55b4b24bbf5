// Draws the network embedded in the page as JSON: two views (organisations and
// programmes; organisation to organisation), role / sector / scheme filters kept in
// the URL, labels that never overlap, an inspector panel and a keyboard list.
// Names are data: they reach the page only through textContent and the canvas.
//
// The filters (network-filters.js, included before this file) follow the rule of
// viz/network.py, so exports match what is drawn; a node is kept when a kept tie
// touches it, or when it is the focus of the page. The organisation view joins two
// organisations when kept ties put them in the same programme
// (viz.network.organisation_graph).
(function () {
  "use strict";
  var dataEl = document.getElementById("network-data");
  var container = document.getElementById("network");
  if (!dataEl || !container || typeof vis === "undefined" || window.tsunagariLarge) { return; }
  var data = window.tsunagariFilters.decode(JSON.parse(dataEl.textContent));
  var state = window.tsunagariNetwork = {
    ready: false, nodes: [], edges: [], network: null, view: "programmes", labels: [],
    inspected: null
  };
  var ORG_EDGE_LIMIT = 20000;
  var LABEL_FONT = 13;
  var FONT_FACE = "\"Noto Sans CJK JP\", \"Noto Sans JP\", sans-serif";
  var roleOrder = Object.keys(data.roles);
  var F = window.tsunagariFilters;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }

  function tooltip(lines) {
    var box = el("div", null, "tip");
    lines.forEach(function (line) { if (line) { box.appendChild(el("div", line)); } });
    return box;
  }

  function roleLabel(r) { return data.roles[r] ? data.roles[r].label : r; }
  function roleLabels(roles) { return roles.map(roleLabel).join("、"); }
  function shortLabel(s) { return s.length > 20 ? s.slice(0, 19) + "…" : s; }

  var byId = {};
  var tiesOf = {};  // node id -> merged ties (edges of the payload) touching it
  data.nodes.forEach(function (n) { byId[n.id] = n; tiesOf[n.id] = []; });
  data.edges.forEach(function (e) { tiesOf[e.from].push(e); tiesOf[e.to].push(e); });

  var visNodes = data.nodes.map(function (n) {
    var programme = n.type === "programme";
    return {
      id: n.id, x: n.x, y: n.y, size: n.size,
      shape: programme ? "diamond" : "dot",
      color: { background: n.color, border: n.focus ? "#000000" : (programme ? "#333333" : "#ffffff"),
               highlight: { background: n.color, border: "#000000" },
               hover: { background: n.color, border: "#000000" } },
      borderWidth: n.focus ? 5 : (programme ? 2 : 1),
      borderWidthSelected: 4,
      title: tooltip([n.label, programme ? (n.kind_label || "取組・事業") : n.sector_label,
                      "クリックで詳細を表示"])
    };
  });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet([]);
  var shownNodes = {};
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return shownNodes[n.id] === true; } });

  // -- filters -----------------------------------------------------------------

  function currentView() {
    var v = document.querySelector('input[name="view"]:checked');
    return v && v.value === "organisations" ? "organisations" : "programmes";
  }

  function selection() {
    var sel = F.selection(); sel.view = currentView(); return sel;
  }

  function roleStyle(roles) {
    // The first kept role in vocabulary order colours the line; the label lists them all.
    var r = data.roles[roles[0]] || { color: "#737373", dashes: [] };
    return { color: r.color, dashes: r.dashes.length ? r.dashes : false };
  }

  function programmeEdges(ties) {
    return ties.map(function (t) {
      var st = roleStyle(t.roles);
      return {
        id: t.e.id, from: t.e.from, to: t.e.to, roles: t.roles,
        color: { color: st.color, highlight: st.color, hover: st.color }, dashes: st.dashes,
        width: t.roles.indexOf("lead") >= 0 ? 3 : 2,
        title: tooltip([t.e.shown_as.join("、") + " — " + byId[t.e.to].label, roleLabels(t.roles)]
          .concat(t.e.role_texts.map(function (s) { return "「" + s + "」"; })))
      };
    });
  }

  // Organisation to organisation: a pair per shared programme, one line per pair.
  function organisationEdges(ties) {
    var byProgramme = {};
    ties.forEach(function (t) { (byProgramme[t.e.to] = byProgramme[t.e.to] || []).push(t); });
    var pairs = {}; var count = 0; var truncated = false;
    Object.keys(byProgramme).sort().forEach(function (prog) {
      var members = byProgramme[prog].slice().sort(function (a, b) { return a.e.from < b.e.from ? -1 : 1; });
      for (var i = 0; i < members.length && !truncated; i++) {
        for (var j = i + 1; j < members.length; j++) {
          var a = members[i]; var b = members[j];
          var key = a.e.from + "|" + b.e.from;
          if (!pairs[key]) {
            if (count >= ORG_EDGE_LIMIT) { truncated = true; break; }
            pairs[key] = { a: a.e.from, b: b.e.from, ties: [] }; count++;
          }
          pairs[key].ties.push({ programme: prog, rolesA: a.roles, rolesB: b.roles });
        }
      }
    });
    var out = Object.keys(pairs).sort().map(function (key, i) {
      var p = pairs[key]; var roles = {};
      p.ties.forEach(function (t) {
        t.rolesA.concat(t.rolesB).forEach(function (r) { if (r !== "lead") { roles[r] = true; } });
      });
      var distinct = roleOrder.filter(function (r) { return roles[r]; });
      var st = distinct.length === 1 ? roleStyle(distinct) : { color: "#4a5560", dashes: false };
      var na = byId[p.a]; var nb = byId[p.b];
      var lines = [na.label + " — " + nb.label, "共通の取組 " + p.ties.length + " 件"];
      p.ties.forEach(function (t) {
        lines.push("「" + byId[t.programme].label + "」 " + shortLabel(na.label) + ": " + roleLabels(t.rolesA) +
                   " ／ " + shortLabel(nb.label) + ": " + roleLabels(t.rolesB));
      });
      return {
        id: "pair" + i, from: p.a, to: p.b, ties: p.ties,
        color: { color: st.color, highlight: st.color, hover: st.color }, dashes: st.dashes,
        width: Math.min(8, 1.5 + Math.log(p.ties.length) * 2), title: tooltip(lines)
      };
    });
    return { edges: out, truncated: truncated };
  }

  var drawnEdges = {};  // edge id -> the edge as drawn (with its kept roles or ties)

  function applyFilters(fromUser) {
    var sel = selection();
    var ties = F.keptTies(data.edges, byId, sel);
    var list; var truncated = false;
    state.view = sel.view;
    if (sel.view === "organisations") {
      var made = organisationEdges(ties); list = made.edges; truncated = made.truncated;
    } else {
      list = programmeEdges(ties);
    }
    shownNodes = {}; drawnEdges = {};
    list.forEach(function (e) { shownNodes[e.from] = true; shownNodes[e.to] = true; drawnEdges[e.id] = e; });
    if (data.focus && byId[data.focus]) { shownNodes[data.focus] = true; }
    // What is drawn is settled before the data sets change: vis-network may redraw
    // (and draw our labels) while they do.
    state.nodes = data.nodes.filter(function (n) { return shownNodes[n.id]; }).map(function (n) { return n.id; });
    state.edges = list.map(function (e) { return e.id; });
    state.keptTies = ties;
    rankLabels();
    edges.clear(); edges.add(list);
    nodeView.refresh();
    var orgs = 0, progs = 0;
    state.nodes.forEach(function (id) { if (byId[id].type === "programme") { progs++; } else { orgs++; } });
    document.getElementById("network-counts").textContent = sel.view === "organisations"
      ? "表示中: " + orgs + " 団体・団体どうしのつながり " + list.length + " 本" + (truncated ? "（多すぎるため一部のみ）" : "")
      : "表示中: " + orgs + " 団体・取組 " + progs + " 件・連携 " + list.length + " 本";
    document.getElementById("network-empty").hidden = list.length > 0;
    document.getElementById("network-filters").textContent = describe(sel);
    F.updateExports(sel);
    updateUrl(sel, fromUser);
    fillList();
    if (state.inspected && !shownNodes[state.inspected]) { closeInspector(); }
    else if (state.inspected) { inspect(state.inspected, false); }
  }

  function describe(sel) { return F.describe(sel, data); }
  function updateUrl(sel, fromUser) { F.updateUrl(sel, fromUser); }

  // -- labels: drawn by us, largest first, never on top of one another ----------

  var order = [];
  function rankLabels() {
    var degree = {};
    state.edges.forEach(function (id) {
      var e = drawnEdges[id];
      degree[e.from] = (degree[e.from] || 0) + 1; degree[e.to] = (degree[e.to] || 0) + 1;
    });
    order = state.nodes.slice().sort(function (a, b) {
      var fa = byId[a].focus ? 1 : 0; var fb = byId[b].focus ? 1 : 0;
      if (fa !== fb) { return fb - fa; }
      var da = degree[a] || 0; var db = degree[b] || 0;
      if (da !== db) { return db - da; }
      return byId[a].label < byId[b].label ? -1 : (byId[a].label > byId[b].label ? 1 : 0);
    });
  }

  var widths = {};
  function textWidth(ctx, key, text) {
    if (widths[key] === undefined) { widths[key] = ctx.measureText(text).width; }
    return widths[key];
  }

  function drawLabels(ctx) {
    var W = container.clientWidth; var H = container.clientHeight;
    if (!W || !H) { return; }
    var ratio = ctx.canvas.width / W;
    var scale = network.getScale();
    var positions = network.getPositions(order.slice(0, 1500));
    var cell = 48; var grid = {}; var placed = [];
    function cells(r, fn) {
      for (var gx = Math.floor(r.x / cell); gx <= Math.floor((r.x + r.w) / cell); gx++) {
        for (var gy = Math.floor(r.y / cell); gy <= Math.floor((r.y + r.h) / cell); gy++) {
          if (fn(gx + ":" + gy) === false) { return false; }
        }
      }
      return true;
    }
    // A label may touch its own node, never another node nor another label.
    function free(r, own) {
      if (r.x < 0 || r.y < 0 || r.x + r.w > W || r.y + r.h > H) { return false; }
      return cells(r, function (k) {
        var list = grid[k] || [];
        for (var i = 0; i < list.length; i++) {
          var o = list[i];
          if (own !== undefined && o.node === own) { continue; }
          if (r.x < o.x + o.w && o.x < r.x + r.w && r.y < o.y + o.h && o.y < r.y + r.h) { return false; }
        }
        return true;
      });
    }
    function take(r) { placed.push(r); cells(r, function (k) { (grid[k] = grid[k] || []).push(r); }); }
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    var h = LABEL_FONT + 4;
    // the nodes themselves are obstacles for labels of other nodes (largest first)
    order.slice(0, 1500).forEach(function (id) {
      var p = positions[id]; if (!p) { return; }
      var d = network.canvasToDOM(p); var rad = byId[id].size * scale;
      if (rad >= 4) { take({ x: d.x - rad, y: d.y - rad, w: 2 * rad, h: 2 * rad, node: id }); }
    });
    var labels = [];
    ctx.font = (LABEL_FONT) + "px " + FONT_FACE;
    order.slice(0, 1500).forEach(function (id) {
      var p = positions[id]; if (!p) { return; }
      var n = byId[id]; var text = shortLabel(n.label);
      var d = network.canvasToDOM(p); var rad = Math.max(2, n.size * scale);
      var w = textWidth(ctx, id, text) + 4;
      var spots = [
        { x: d.x - w / 2, y: d.y + rad + 2 }, { x: d.x - w / 2, y: d.y - rad - 2 - h },
        { x: d.x + rad + 3, y: d.y - h / 2 }, { x: d.x - rad - 3 - w, y: d.y - h / 2 }
      ];
      for (var i = 0; i < spots.length; i++) {
        var r = { x: spots[i].x, y: spots[i].y, w: w, h: h };
        if (free(r, id)) { take(r); labels.push({ id: id, text: text, x: r.x, y: r.y, w: w, h: h, size: LABEL_FONT }); break; }
      }
    });
    ctx.strokeStyle = "#ffffff"; ctx.lineWidth = 4; ctx.fillStyle = "#1d2733";
    labels.forEach(function (l) { ctx.strokeText(l.text, l.x + 2, l.y + 2); ctx.fillText(l.text, l.x + 2, l.y + 2); });
    // role names on lines of the programme view, where there is room
    if (state.view === "programmes" && data.edge_labels) {
      ctx.font = "12px " + FONT_FACE;
      var eh = 15;
      var all = network.getPositions(state.nodes);
      state.edges.forEach(function (eid) {
        var e = drawnEdges[eid]; if (!e) { return; }
        var a = all[e.from]; var b = all[e.to];
        if (!a || !b) { return; }
        var da = network.canvasToDOM(a); var db = network.canvasToDOM(b);
        var text = roleLabels(e.roles);
        var w = textWidth(ctx, "e:" + text, text) + 4;
        var r = { x: (da.x + db.x) / 2 - w / 2, y: (da.y + db.y) / 2 - eh / 2, w: w, h: eh };
        if (free(r)) {
          take(r);
          // ink for the words (small text needs 4.5:1), the role's colour beneath them
          ctx.fillStyle = "#ffffff"; ctx.fillRect(r.x, r.y, r.w, r.h);
          ctx.fillStyle = roleStyle(e.roles).color; ctx.fillRect(r.x + 2, r.y + r.h - 2, r.w - 4, 2);
          ctx.fillStyle = "#3d4753"; ctx.fillText(text, r.x + 2, r.y);
          labels.push({ id: eid, text: text, x: r.x, y: r.y, w: w, h: eh, size: 12, edge: true });
        }
      });
    }
    ctx.restore();
    state.labels = labels;
  }

  // -- the inspector and the keyboard list -------------------------------------------

  var inspector = document.getElementById("inspector");
  var inspectorBody = document.getElementById("inspector-body");
  var lastFocus = null;

  function inspect(id, moveFocus) {
    var n = byId[id];
    if (!n || !inspector) { return; }
    state.inspected = id;
    var ties = (state.keptTies || []).filter(function (t) { return t.e.from === id || t.e.to === id; });
    F.fillInspector(n, ties, data, byId, function (body) {
      if (state.view !== "organisations" || n.type !== "organisation") { return; }
      var partners = [];
      state.edges.forEach(function (eid) {
        var e = drawnEdges[eid];
        if (e.from !== id && e.to !== id) { return; }
        var other = byId[e.from === id ? e.to : e.from];
        var li = el("li"); li.appendChild(F.link(other.label, other.url));
        li.appendChild(el("small", " 共通の取組 " + e.ties.length + " 件"));
        partners.push(li);
      });
      body.appendChild(F.section("連携先（" + partners.length + " 団体）", partners));
    });
    inspector.hidden = false;
    if (network.body.nodes[id] && shownNodes[id]) {
      network.selectNodes([id]);
      keepClearOfInspector(id);
    }
    if (moveFocus) { lastFocus = document.activeElement; inspector.focus(); }
  }

  // The panel lies over the map on wide screens: a node it would hide slides left.
  function keepClearOfInspector(id) {
    var box = inspector.getBoundingClientRect(); var frame = container.getBoundingClientRect();
    var p = state.positionOf(id);
    if (!p || box.width === 0) { return; }
    var scale = network.getScale(); var view = network.getViewPosition();
    function shift(dx, dy) {  // move the view by DOM pixels, keeping the zoom
      network.moveTo({ position: { x: view.x + dx / scale, y: view.y + dy / scale }, scale: scale, animation: false });
    }
    if (box.width > frame.width * 0.8) {  // a sheet over the bottom (phones): slide up
      if (p.y >= box.top - 30) { shift(0, p.y - (box.top - 40)); }
    } else if (p.x >= box.left - 20 && p.y >= box.top - 20 && p.y <= box.bottom + 20) {
      shift(p.x - (box.left - 40), 0);
    }
  }

  function closeInspector() {
    state.inspected = null;
    if (inspector) { inspector.hidden = true; }
    network.unselectAll();
    if (lastFocus && document.body.contains(lastFocus)) { lastFocus.focus(); }
    lastFocus = null;
  }

  var listEl = document.getElementById("node-list");
  function fillList() {
    if (!listEl) { return; }
    var ids = order.slice().sort(function (a, b) {
      var ta = byId[a].type === "organisation" ? 0 : 1; var tb = byId[b].type === "organisation" ? 0 : 1;
      if (ta !== tb) { return ta - tb; }
      return byId[a].label < byId[b].label ? -1 : (byId[a].label > byId[b].label ? 1 : 0);
    });
    listEl.replaceChildren();
    ids.forEach(function (id) {
      var n = byId[id]; var li = el("li"); var b = el("button", n.label);
      b.type = "button"; b.setAttribute("data-node", id);
      b.appendChild(el("small", " " + (n.type === "programme" ? (n.kind_label || "取組") : n.sector_label)));
      b.addEventListener("click", function () { inspect(id, true); });
      li.appendChild(b); listEl.appendChild(li);
    });
    var count = document.getElementById("node-list-count");
    if (count) { count.textContent = "（" + ids.length + "）"; }
  }

  // -- the network -------------------------------------------------------------------

  var network = null;
  applyFilters(false);
  network = F.withCpuCanvas(function () { return new vis.Network(container, { nodes: nodeView, edges: edges }, {
    autoResize: true,
    physics: data.physics ? {
      enabled: true, solver: "barnesHut",
      barnesHut: { gravitationalConstant: -4000, springLength: 160, avoidOverlap: 0.3 },
      stabilization: { enabled: true, iterations: 150, fit: true }
    } : { enabled: false },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: data.nodes.length > 300,
                   hideEdgesOnZoom: data.nodes.length > 300, keyboard: false },
    layout: { improvedLayout: false },
    edges: { smooth: false },
    nodes: { font: { size: 0 } }
  }); });
  state.network = network;

  // A white background, so that the PNG export is not transparent.
  network.on("beforeDrawing", function (ctx) {
    ctx.save(); ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
  });
  network.on("afterDrawing", drawLabels);
  network.on("click", function (params) {
    if (params.nodes.length === 1) { inspect(params.nodes[0], false); }
  });
  function ready() {
    if (data.physics) { network.setOptions({ physics: { enabled: false } }); }
    network.fit({ animation: false });
    network.once("afterDrawing", function () { state.readyAt = performance.now(); state.ready = true; });
    network.redraw();
  }
  if (data.physics && state.nodes.length > 1) {
    network.once("stabilizationIterationsDone", ready);
  } else {
    network.once("afterDrawing", ready);
  }

  // Ids of the drawn nodes of a name, for tests and for keyboard users' tooling.
  state.idsNamed = function (name) {
    return state.nodes.filter(function (id) { return byId[id].label === name; });
  };
  // Screen position of a drawn node, for tests and for keyboard users' tooling.
  state.positionOf = function (id) {
    var p = network.getPositions([id])[id];
    if (!p || !shownNodes[id]) { return null; }
    var d = network.canvasToDOM(p);
    var r = container.getBoundingClientRect();
    return { x: r.left + d.x, y: r.top + d.y };
  };

  // After a filter the map fits what is left, so a narrowed view is not a speck.
  function changed() { applyFilters(true); if (state.ready) { network.fit({ animation: false }); } }
  F.wire(changed);
  // A new view gets its own layout: small views settle again under physics, from
  // where their nodes stood, then fit the frame.
  document.querySelectorAll('input[name="view"]').forEach(function (input) {
    input.addEventListener("change", function () {
      state.ready = false;
      applyFilters(true);
      if (data.physics && state.nodes.length > 1) {
        network.once("stabilizationIterationsDone", ready);
        network.setOptions({ physics: { enabled: true } });
        network.stabilize(150);
      } else {
        ready();
      }
    });
  });
  // The printed map is sized by the print stylesheet: fit it to that frame.
  window.addEventListener("beforeprint", function () { network.redraw(); network.fit({ animation: false }); });
  window.addEventListener("afterprint", function () { network.redraw(); network.fit({ animation: false }); });

  var closeButton = document.getElementById("inspector-close");
  if (closeButton) { closeButton.addEventListener("click", closeInspector); }

  F.wireDrawer(function () { if (state.inspected) { closeInspector(); } });

  // -- PNG: the map with its title, legend, filters and source ---------------------

  function pngOfView() {
    var canvas = container.querySelector("canvas");
    var ratio = canvas.width / container.clientWidth;
    var pad = 16 * ratio; var line = 20 * ratio;
    var out = document.createElement("canvas");
    var ctx = out.getContext("2d");
    var font = function (px, bold) { return (bold ? "bold " : "") + (px * ratio) + "px " + FONT_FACE; };
    var title = (document.querySelector("h1") || { textContent: "" }).textContent.replace(/\s+/g, " ").trim();
    var filters = describe(selection());
    var counts = document.getElementById("network-counts").textContent;
    var footer = document.querySelector("footer.site");
    var source = (footer ? footer.textContent.trim() : "") + "  " + window.location.href;
    // the legend: roles with a kept tie and sectors with a shown node
    var used = {}; var sectors = {};
    (state.keptTies || []).forEach(function (t) { t.roles.forEach(function (r) { used[r] = true; }); });
    state.nodes.forEach(function (id) { if (byId[id].sector) { sectors[byId[id].sector] = true; } });
    var items = roleOrder.filter(function (r) { return used[r]; }).map(function (r) {
      return { kind: "line", color: data.roles[r].color, dashes: data.roles[r].dashes, text: data.roles[r].label };
    }).concat(Object.keys(data.sectors).filter(function (s) { return sectors[s]; }).map(function (s) {
      return { kind: "dot", color: data.sectors[s].color, text: data.sectors[s].label };
    }));
    ctx.font = font(12);
    var rows = []; var x = pad; var row = [];
    items.forEach(function (it) {
      var w = 34 * ratio + ctx.measureText(it.text).width + 14 * ratio;
      if (x + w > canvas.width - pad && row.length) { rows.push(row); row = []; x = pad; }
      it.x = x; row.push(it); x += w;
    });
    if (row.length) { rows.push(row); }
    var top = pad + 3 * line + 8 * ratio;
    out.width = canvas.width;
    out.height = top + canvas.height + pad + rows.length * line + line + pad;
    ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, out.width, out.height);
    ctx.fillStyle = "#1d2733"; ctx.textBaseline = "top";
    ctx.font = font(18, true); ctx.fillText(title, pad, pad);
    ctx.font = font(12); ctx.fillStyle = "#3d4753";
    ctx.fillText(filters, pad, pad + line + 6 * ratio);
    ctx.fillText(counts, pad, pad + 2 * line + 6 * ratio);
    ctx.drawImage(canvas, 0, top);
    ctx.strokeStyle = "#d8dde3"; ctx.strokeRect(0.5, top, out.width - 1, canvas.height);
    var y = top + canvas.height + pad;
    rows.forEach(function (r) {
      r.forEach(function (it) {
        if (it.kind === "line") {
          ctx.strokeStyle = it.color; ctx.lineWidth = 3 * ratio;
          ctx.setLineDash((it.dashes || []).map(function (d) { return d * ratio; }));
          ctx.beginPath(); ctx.moveTo(it.x, y + 8 * ratio); ctx.lineTo(it.x + 28 * ratio, y + 8 * ratio); ctx.stroke();
          ctx.setLineDash([]);
        } else {
          ctx.fillStyle = it.color; ctx.beginPath(); ctx.arc(it.x + 14 * ratio, y + 8 * ratio, 6 * ratio, 0, 2 * Math.PI); ctx.fill();
        }
        ctx.fillStyle = "#1d2733"; ctx.font = font(12); ctx.fillText(it.text, it.x + 34 * ratio, y + 1 * ratio);
      });
      y += line;
    });
    ctx.fillStyle = "#5b6673"; ctx.font = font(11);
    ctx.fillText(source, pad, y + 4 * ratio);
    return out;
  }
  state.pngOfView = pngOfView;
  var png = document.getElementById("export-png");
  if (png) {
    png.addEventListener("click", function () {
      var a = document.createElement("a");
      a.href = pngOfView().toDataURL("image/png");
      a.download = "tsunagari-network.png";
      document.body.appendChild(a); a.click(); a.remove();
    });
  }
})();
