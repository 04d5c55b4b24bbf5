// Large network views on one 2D canvas, drawn on the CPU (no library).
// The page includes it, after network-filters.js, instead of vis-network and network.js
// when the payload says renderer: "large" (viz.network.LARGE_FROM); it does nothing
// otherwise. It draws the organisations-and-programmes view at the server's layout (no
// force layout in the browser): lines batched by colour, then nodes batched by colour,
// then the names of the best-connected nodes that fit. A pan or zoom changes the
// camera and redraws (lines are left out while the camera moves above 10,000 ties); a
// uniform grid over the layout finds the node under the pointer. With the filters of
// network-filters.js (a node shows when a kept tie touches it, or when it is the
// focus), its counts, the address, the drawer, a tooltip on hover and the inspector on
// click, the same window.tsunagariNetwork state for tests, and the keyboard list.
// Why not WebGL: where the browser has no GPU and emulates one (headless chromium, many
// office PCs), setting up WebGL programs took longer than drawing the whole view here.
// Names are data: they reach the page only through textContent and the canvas.
(function () {
  "use strict";
  var started = performance.now();
  var dataEl = document.getElementById("network-data");
  var container = document.getElementById("network");
  if (!dataEl || !container) { return; }
  var F = window.tsunagariFilters;
  var raw = JSON.parse(dataEl.textContent);
  if (raw.renderer !== "large") { return; }
  window.tsunagariLarge = true;
  var state = window.tsunagariNetwork = { ready: false, nodes: [], edges: [], network: null, renderer: "large", inspected: null };
  // texts and evidence of an edge are read when the inspector shows it
  var data = F.decode(raw, true);
  var parsedAt = performance.now();
  var PROGRAMME_FILL = "#3a3a3a";  // programmes: dark diamonds
  var FONT = "12px 'Noto Sans CJK JP', sans-serif";

  // -- columns: one slot per node and per edge ------------------------------------------
  var N = data.nodes.length; var M = data.edges.length;
  var byId = {}; var indexOf = {};
  var gx = new Float64Array(N); var gy = new Float64Array(N);
  var radius = new Float32Array(N);  // at the first (fitted) zoom, in CSS pixels
  var fillOf = new Array(N);
  // Sizes shrink with the number of nodes, so that ten thousand stay apart.
  var shrink = Math.max(1.5, Math.sqrt(N / 300));
  var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  data.nodes.forEach(function (n, i) {
    byId[n.id] = n; indexOf[n.id] = i;
    gx[i] = n.x; gy[i] = n.y;
    if (n.x < minX) { minX = n.x; } if (n.x > maxX) { maxX = n.x; }
    if (n.y < minY) { minY = n.y; } if (n.y > maxY) { maxY = n.y; }
    radius[i] = Math.max(1.5, n.size / shrink) * (n.focus ? 2 : 1);
    fillOf[i] = n.type === "programme" ? PROGRAMME_FILL : n.color;
  });
  if (!isFinite(minX)) { minX = minY = 0; maxX = maxY = 1; }
  var ea = new Int32Array(M); var eb = new Int32Array(M);
  var tiesOf = new Array(N);  // node index -> the payload's edges touching it
  for (var t = 0; t < N; t++) { tiesOf[t] = []; }
  data.edges.forEach(function (e, j) {
    var a = indexOf[e.from]; var b = indexOf[e.to];
    ea[j] = a; eb[j] = b; tiesOf[a].push(e); tiesOf[b].push(e);
  });
  // the names drawn first: the best connected
  var byDegree = new Int32Array(N);
  for (var q = 0; q < N; q++) { byDegree[q] = q; }
  byDegree.sort(function (a, b) { return data.nodes[b].degree - data.nodes[a].degree; });

  // A uniform grid over the layout: the nodes of each cell, to find one under the pointer.
  var cells = Math.max(1, Math.ceil(Math.sqrt(N / 2)));
  var cellW = (maxX - minX) / cells || 1; var cellH = (maxY - minY) / cells || 1;
  var grid = new Array(cells * cells);
  function cellOf(v, lo, w) { return Math.min(cells - 1, Math.max(0, Math.floor((v - lo) / w))); }
  for (var g = 0; g < N; g++) {
    var c = cellOf(gy[g], minY, cellH) * cells + cellOf(gx[g], minX, cellW);
    (grid[c] || (grid[c] = [])).push(g);
  }

  // -- the canvas and its camera (screen = (graph - centre) * scale + middle) ------------
  // Two canvases: the lines below, the nodes, rings and names above (it takes the pointer).
  var linesCanvas = document.createElement("canvas");
  var canvas = document.createElement("canvas");
  [linesCanvas, canvas].forEach(function (c, k) {
    c.className = k ? "network-canvas" : "network-canvas lines";
    c.style.display = "block"; c.style.position = "absolute"; c.style.left = "0"; c.style.top = "0";
    c.style.width = "100%"; c.style.height = "100%";
    container.appendChild(c);
  });
  canvas.style.touchAction = "none";
  container.style.position = container.style.position || "relative";
  // drawn on the CPU: an emulated GPU made each frame several times slower
  var lctx = linesCanvas.getContext("2d", { alpha: false, willReadFrequently: true });
  var ctx = canvas.getContext("2d", { willReadFrequently: true });
  var width = 0, height = 0, ratio = 1;
  var cam = { x: (minX + maxX) / 2, y: (minY + maxY) / 2, scale: 1 };
  var fitScale = 1;
  function resize() {
    var r = container.getBoundingClientRect();
    width = Math.max(1, Math.round(r.width)); height = Math.max(1, Math.round(r.height));
    ratio = Math.min(2, window.devicePixelRatio || 1);
    canvas.width = linesCanvas.width = Math.round(width * ratio);
    canvas.height = linesCanvas.height = Math.round(height * ratio);
  }
  // The first view frames the middle 98% of the nodes on each axis: a few small groups
  // laid out far away would otherwise squeeze the rest into a blot (zoom out to see them).
  function quantiles(values) {
    if (values.length < 200) { return [minOf(values), maxOf(values)]; }
    var sorted = Float64Array.from(values).sort();
    return [sorted[Math.floor(sorted.length * 0.01)], sorted[Math.ceil(sorted.length * 0.99) - 1]];
  }
  function minOf(v) { var m = Infinity; for (var k = 0; k < v.length; k++) { if (v[k] < m) { m = v[k]; } } return m; }
  function maxOf(v) { var m = -Infinity; for (var k = 0; k < v.length; k++) { if (v[k] > m) { m = v[k]; } } return m; }
  var frameX = quantiles(gx), frameY = quantiles(gy);
  function fit() {
    var pad = 16;
    fitScale = Math.min((width - 2 * pad) / ((frameX[1] - frameX[0]) || 1), (height - 2 * pad) / ((frameY[1] - frameY[0]) || 1));
    if (!(fitScale > 0) || !isFinite(fitScale)) { fitScale = 1; }
    cam.x = (frameX[0] + frameX[1]) / 2; cam.y = (frameY[0] + frameY[1]) / 2; cam.scale = fitScale;
  }
  function sx(i) { return (gx[i] - cam.x) * cam.scale + width / 2; }
  function sy(i) { return (gy[i] - cam.y) * cam.scale + height / 2; }
  // nodes grow with the zoom, but slower than the distances between them
  function zoomGrowth() { return Math.min(4, Math.pow(cam.scale / fitScale, 0.35)); }

  // -- filters: which nodes and edges are drawn, and each edge's colour ------------------
  var shownNode = new Uint8Array(N);
  var edgeColour = new Array(M);  // null when hidden
  var edgeLead = new Uint8Array(M);
  var keptRoles = {};  // edge id -> kept roles
  var selected = -1;  // the node in the inspector
  var hovered = -1;
  function colourOf(roles) { var r = data.roles[roles[0]]; return r ? r.color : "#8f8f8f"; }

  function applyFilters(fromUser) {
    var sel = F.selection();
    shownNode.fill(0); edgeColour.fill(null); keptRoles = {};
    var edges = [];
    F.keptTies(data.edges, byId, sel).forEach(function (k) {
      var j = k.e.index;
      keptRoles[k.e.id] = k.roles; edges.push(k.e.id);
      edgeColour[j] = colourOf(k.roles); edgeLead[j] = k.roles.indexOf("lead") >= 0 ? 1 : 0;
      shownNode[ea[j]] = 1; shownNode[eb[j]] = 1;
    });
    if (data.focus && indexOf[data.focus] !== undefined) { shownNode[indexOf[data.focus]] = 1; }
    var orgs = 0, progs = 0;
    state.nodes = [];
    for (var i = 0; i < N; i++) {
      if (!shownNode[i]) { continue; }
      var n = data.nodes[i];
      state.nodes.push(n.id);
      if (n.type === "programme") { progs++; } else { orgs++; }
    }
    state.edges = edges;
    document.getElementById("network-counts").textContent =
      "表示中: 団体 " + orgs + "・取組 " + progs + "・連携 " + edges.length +
      "（全体: 点 " + N + "・線 " + M + "・大規模表示）";
    var empty = document.getElementById("network-empty");
    if (empty) { empty.hidden = edges.length > 0; }
    var filtersEl = document.getElementById("network-filters");
    if (filtersEl) { filtersEl.textContent = F.describe(sel, data); }
    F.updateExports(sel);
    F.updateUrl(sel, fromUser);
    if (hovered >= 0 && !shownNode[hovered]) { hideTip(); }
    if (state.inspected) {
      if (!shownNode[indexOf[state.inspected]]) { closeInspector(); } else { inspect(state.inspected, false); }
    }
    schedule(true);
  }

  // -- drawing ---------------------------------------------------------------------------
  var pending = 0; var pendingFull = false; var moving = false; var settleTimer = 0;
  function schedule(full) {
    pendingFull = pendingFull || full;
    if (!pending) { pending = requestAnimationFrame(function () { pending = 0; draw(!moving || pendingFull); pendingFull = false; }); }
  }
  function nodePath(i, x, y, r) {
    if (data.nodes[i].type === "programme") {
      ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y); ctx.closePath();
    } else {
      ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, 2 * Math.PI);
    }
  }
  // Nodes are written into the frame's pixels: a coverage mask (anti-aliased edge) per
  // shape and size, blended in the node's colour. Ten thousand drawImage or arc calls
  // cost hundreds of milliseconds on a CPU canvas; this costs a few.
  var masks = {};
  function maskOf(programme, r) {
    var key = (programme ? "p" : "o") + r;
    var m = masks[key];
    if (m) { return m; }
    var side = Math.ceil(2 * r + 2); var half = side / 2;
    var cover = new Uint8Array(side * side);  // alpha
    for (var y = 0; y < side; y++) {
      for (var x = 0; x < side; x++) {
        var dx = x + 0.5 - half, dy = y + 0.5 - half;
        // distance outside the shape's edge, in pixels
        var out = programme ? (Math.abs(dx) + Math.abs(dy) - r) / Math.SQRT2 : Math.sqrt(dx * dx + dy * dy) - r;
        cover[y * side + x] = Math.round(255 * Math.max(0, Math.min(1, 0.5 - out)));
      }
    }
    m = masks[key] = { side: side, cover: cover };
    return m;
  }
  var rgbOf = {};
  function rgb(colour) {
    var c = rgbOf[colour];
    if (c) { return c; }
    var h = colour.replace("#", "");
    if (h.length === 3) { h = h.charAt(0) + h.charAt(0) + h.charAt(1) + h.charAt(1) + h.charAt(2) + h.charAt(2); }
    var v = parseInt(h, 16);
    if (isNaN(v) || h.length !== 6) { v = 0x8f8f8f; }
    c = rgbOf[colour] = [(v >> 16) & 255, (v >> 8) & 255, v & 255];
    return c;
  }
  function blendNodes(px, py, on, grow) {
    var W = canvas.width, H = canvas.height;
    var frame = ctx.createImageData(W, H);
    var u = new Uint32Array(frame.data.buffer);  // little-endian: 0xAABBGGRR
    for (var i = 0; i < N; i++) {
      if (!on[i]) { continue; }
      var r = Math.max(1, Math.round(radius[i] * grow * ratio * 2) / 2);
      var m = maskOf(data.nodes[i].type === "programme", r); var side = m.side; var cover = m.cover;
      var c = rgb(fillOf[i]); var base = (c[2] << 16) | (c[1] << 8) | c[0];
      var x0 = Math.round(px[i] * ratio - side / 2), y0 = Math.round(py[i] * ratio - side / 2);
      for (var y = 0; y < side; y++) {
        var yy = y0 + y;
        if (yy < 0 || yy >= H) { continue; }
        var row = yy * W; var mrow = y * side;
        for (var x = 0; x < side; x++) {
          var a = cover[mrow + x]; var xx = x0 + x;
          if (a === 0 || xx < 0 || xx >= W) { continue; }
          var o = row + xx; var was = u[o] >>> 24;
          // the later node wins where it covers more than half; edges keep the stronger alpha
          if (was === 0 || a > 127) { u[o] = ((Math.max(a, was) << 24) | base) >>> 0; }
        }
      }
    }
    ctx.putImageData(frame, 0, 0);
  }
  function draw(withLines) {
    var drawStart = performance.now();
    lctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    lctx.fillStyle = "#ffffff"; lctx.fillRect(0, 0, width, height);
    var grow = zoomGrowth();
    var i, j, x, y;
    // screen positions once per frame
    var px = new Float32Array(N); var py = new Float32Array(N); var on = new Uint8Array(N);
    var margin = 20;
    for (i = 0; i < N; i++) {
      if (!shownNode[i]) { continue; }
      x = px[i] = sx(i); y = py[i] = sy(i);
      on[i] = x > -margin && x < width + margin && y > -margin && y < height + margin ? 1 : 0;
    }
    var linesAt = performance.now();
    if (withLines || M <= 10000) {
      // one path per colour and width; a line shorter than a pixel is not drawn
      var batches = {};
      for (j = 0; j < M; j++) {
        var colour = edgeColour[j];
        if (colour === null) { continue; }
        var a = ea[j], b = eb[j];
        if (!on[a] && !on[b]) {
          // both ends off screen: drawn only if the line may cross the screen
          if ((px[a] < 0 && px[b] < 0) || (px[a] > width && px[b] > width) ||
              (py[a] < 0 && py[b] < 0) || (py[a] > height && py[b] > height)) { continue; }
        }
        var dx = px[a] - px[b], dy = py[a] - py[b];
        if (dx * dx + dy * dy < 1) { continue; }
        var key = colour + (edgeLead[j] ? "|1" : "|0");
        (batches[key] || (batches[key] = [])).push(j);
      }
      lctx.globalAlpha = 0.55;
      Object.keys(batches).forEach(function (key) {
        var list = batches[key];
        lctx.beginPath();
        for (var k = 0; k < list.length; k++) {
          var e = list[k];
          lctx.moveTo(px[ea[e]], py[ea[e]]); lctx.lineTo(px[eb[e]], py[eb[e]]);
        }
        lctx.strokeStyle = key.slice(0, key.length - 2);
        lctx.lineWidth = key.charAt(key.length - 1) === "1" ? 1.2 : 0.6;
        lctx.stroke();
      });
      lctx.globalAlpha = 1;
    }
    // nodes, blended into the pixels
    var nodesAt = performance.now();
    blendNodes(px, py, on, grow);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    // the inspected and the hovered node: a ring
    [selected, hovered].forEach(function (n, k) {
      if (n < 0 || !shownNode[n]) { return; }
      ctx.beginPath(); nodePath(n, px[n], py[n], radius[n] * grow + 3);
      ctx.lineWidth = k === 0 ? 3 : 2; ctx.strokeStyle = k === 0 ? "#d0021b" : "#222222"; ctx.stroke();
    });
    var labelsAt = performance.now();
    drawLabels(px, py, on, grow);
    var end = performance.now();
    state.lastDrawMs = end - drawStart;
    state.drawParts = { positions: linesAt - drawStart, lines: nodesAt - linesAt, nodes: labelsAt - nodesAt, labels: end - labelsAt };
  }
  // Names that fit without overlapping, the best connected first: the focus and the
  // inspected node always, then others whose node is drawn large enough.
  function drawLabels(px, py, on, grow) {
    ctx.font = FONT; ctx.textBaseline = "middle";
    var taken = {}; var cw = 60, ch = 16; var drawn = 0;
    var budget = Math.min(120, Math.round(width * height / 7000));
    function place(i, force) {
      var label = data.nodes[i].label;
      if (label.length > 24) { label = label.slice(0, 23) + "…"; }
      var r = radius[i] * grow;
      var x = px[i] + r + 3, y = py[i];
      var w = ctx.measureText(label).width;
      var c0 = Math.floor(x / cw), c1 = Math.floor((x + w) / cw), row = Math.floor(y / ch);
      if (!force) {
        for (var c = c0; c <= c1; c++) { if (taken[row + ":" + c]) { return; } }
      }
      for (var d = c0; d <= c1; d++) { taken[row + ":" + d] = true; }
      ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.9)"; ctx.strokeText(label, x, y);
      ctx.fillStyle = "#1a1a1a"; ctx.fillText(label, x, y);
      drawn++;
    }
    [selected, data.focus ? indexOf[data.focus] : -1].forEach(function (i) {
      if (i >= 0 && i !== undefined && shownNode[i] && on[i]) { place(i, true); }
    });
    for (var k = 0; k < N && drawn < budget; k++) {
      var i = byDegree[k];
      if (!on[i] || radius[i] * grow < 4.5) { continue; }
      place(i, false);
    }
  }

  // -- the pointer: hover, click, drag to pan, wheel and pinch to zoom --------------------
  function nodeAt(x, y) {
    var grow = zoomGrowth();
    var gxp = (x - width / 2) / cam.scale + cam.x; var gyp = (y - height / 2) / cam.scale + cam.y;
    var reach = (Math.max(12, 2 * shrink) * grow + 4) / cam.scale;  // the largest radius, in layout units
    var c0 = cellOf(gxp - reach, minX, cellW), c1 = cellOf(gxp + reach, minX, cellW);
    var r0 = cellOf(gyp - reach, minY, cellH), r1 = cellOf(gyp + reach, minY, cellH);
    var best = -1, bestD = Infinity;
    for (var row = r0; row <= r1; row++) {
      for (var col = c0; col <= c1; col++) {
        var list = grid[row * cells + col];
        if (!list) { continue; }
        for (var k = 0; k < list.length; k++) {
          var i = list[k];
          if (!shownNode[i]) { continue; }
          var dx = sx(i) - x, dy = sy(i) - y; var d = Math.sqrt(dx * dx + dy * dy);
          var hit = radius[i] * grow + 3;
          if (d <= hit && d - hit < bestD) { best = i; bestD = d - hit; }
        }
      }
    }
    return best;
  }
  var tip = document.createElement("div");
  tip.className = "tip network-tip";
  tip.hidden = true;
  tip.style.position = "absolute";
  tip.style.pointerEvents = "none";
  container.appendChild(tip);
  function hideTip() { tip.hidden = true; hovered = -1; state.hovered = null; }
  function showTip(i) {
    var n = data.nodes[i];
    hovered = i; state.hovered = n.id;
    tip.replaceChildren();
    [n.label, n.type === "programme" ? (n.kind_label || "取組・事業") : n.sector_label,
     n.degree + (n.type === "programme" ? " 団体が参加" : " 件の取組に参加"), "クリックで詳細を表示"]
      .forEach(function (line) { if (line) { tip.appendChild(F.el("div", line)); } });
    tip.style.left = Math.min(width - 160, sx(i) + 12) + "px"; tip.style.top = (sy(i) + 12) + "px";
    tip.hidden = false;
  }
  function local(ev) { var r = canvas.getBoundingClientRect(); return { x: ev.clientX - r.left, y: ev.clientY - r.top }; }
  function cameraMoved() {
    moving = true;
    clearTimeout(settleTimer);
    settleTimer = setTimeout(function () { moving = false; schedule(true); }, 160);
    schedule(false);
  }
  function zoomAt(x, y, factor) {
    var next = Math.min(fitScale * 50, Math.max(fitScale * 0.05, cam.scale * factor));
    // keep the layout point under (x, y) where it is
    var gxp = (x - width / 2) / cam.scale + cam.x; var gyp = (y - height / 2) / cam.scale + cam.y;
    cam.scale = next;
    cam.x = gxp - (x - width / 2) / next; cam.y = gyp - (y - height / 2) / next;
    if (hovered >= 0) { hideTip(); }
    cameraMoved();
  }
  var pointers = {}; var drag = null; var pinch = null;
  canvas.addEventListener("pointerdown", function (ev) {
    var p = local(ev);
    pointers[ev.pointerId] = p;
    canvas.setPointerCapture(ev.pointerId);
    var ids = Object.keys(pointers);
    if (ids.length === 2) {
      var a = pointers[ids[0]], b = pointers[ids[1]];
      pinch = { d: Math.hypot(a.x - b.x, a.y - b.y) || 1 }; drag = null;
    } else {
      drag = { x: p.x, y: p.y, camX: cam.x, camY: cam.y, moved: false };
    }
  });
  canvas.addEventListener("pointermove", function (ev) {
    var p = local(ev);
    if (pointers[ev.pointerId]) { pointers[ev.pointerId] = p; }
    var ids = Object.keys(pointers);
    if (pinch && ids.length === 2) {
      var a = pointers[ids[0]], b = pointers[ids[1]];
      var d = Math.hypot(a.x - b.x, a.y - b.y) || 1;
      zoomAt((a.x + b.x) / 2, (a.y + b.y) / 2, d / pinch.d);
      pinch.d = d;
      return;
    }
    if (drag) {
      if (!drag.moved && Math.abs(p.x - drag.x) + Math.abs(p.y - drag.y) < 4) { return; }
      drag.moved = true;
      cam.x = drag.camX - (p.x - drag.x) / cam.scale; cam.y = drag.camY - (p.y - drag.y) / cam.scale;
      if (hovered >= 0) { hideTip(); }
      cameraMoved();
      return;
    }
    var i = nodeAt(p.x, p.y);
    if (i !== hovered) {
      if (i < 0) { hideTip(); } else { showTip(i); }
      canvas.style.cursor = i < 0 ? "" : "pointer";
      schedule(true);
    }
  });
  function release(ev) {
    var p = local(ev);
    delete pointers[ev.pointerId];
    if (pinch) { if (Object.keys(pointers).length < 2) { pinch = null; } drag = null; return; }
    if (drag && !drag.moved && ev.type === "pointerup") {
      var i = nodeAt(p.x, p.y);
      if (i >= 0) { inspect(data.nodes[i].id, false); }
    }
    drag = null;
  }
  canvas.addEventListener("pointerup", release);
  canvas.addEventListener("pointercancel", release);
  canvas.addEventListener("pointerleave", function () { if (hovered >= 0 && !drag) { hideTip(); schedule(true); } });
  canvas.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var p = local(ev);
    zoomAt(p.x, p.y, Math.exp(-ev.deltaY / 500));
  }, { passive: false });
  canvas.addEventListener("dblclick", function (ev) { var p = local(ev); zoomAt(p.x, p.y, 2); });

  // -- the inspector: the same panel as the canvas views ------------------------------
  var inspector = document.getElementById("inspector");
  var lastFocus = null;
  function inspect(id, moveFocus) {
    var n = byId[id];
    if (!n || !inspector) { return; }
    state.inspected = id;
    var ties = [];
    tiesOf[indexOf[id]].forEach(function (e) {
      if (keptRoles[e.id]) { ties.push({ e: F.details(raw, e, byId[e.from].label), roles: keptRoles[e.id] }); }
    });
    F.fillInspector(n, ties, data, byId);
    selected = indexOf[id];
    schedule(true);
    if (moveFocus) { lastFocus = document.activeElement; inspector.focus(); }
  }
  function closeInspector() {
    state.inspected = null;
    if (inspector) { inspector.hidden = true; }
    selected = -1;
    schedule(true);
    if (lastFocus && document.body.contains(lastFocus)) { lastFocus.focus(); }
    lastFocus = null;
  }
  state.inspect = inspect;
  var closeButton = document.getElementById("inspector-close");
  if (closeButton) { closeButton.addEventListener("click", closeInspector); }
  F.wireDrawer(function () { if (state.inspected) { closeInspector(); } });

  state.positionOf = function (id) {
    var i = indexOf[id];
    if (i === undefined || !shownNode[i]) { return null; }
    var r = canvas.getBoundingClientRect();
    return { x: r.left + sx(i), y: r.top + sy(i) };
  };
  state.idsNamed = function (name) {
    return state.nodes.filter(function (id) { return byId[id].label === name; });
  };

  // The keyboard list of the drawn nodes (organisations, then programmes, by name),
  // built when it is opened and again after a filter while it is open: ten thousand
  // buttons are not worth making for a reader who never opens it.
  var listBox = document.getElementById("node-list-box");
  var listEl = document.getElementById("node-list");
  function fillList() {
    var count = document.getElementById("node-list-count");
    if (count) { count.textContent = "（" + state.nodes.length + "）"; }
    if (!listEl || !listBox || !listBox.open) { return; }
    var ids = state.nodes.slice().sort(function (a, b) {
      var na = byId[a]; var nb = byId[b];
      if (na.type !== nb.type) { return na.type === "organisation" ? -1 : 1; }
      return na.label < nb.label ? -1 : (na.label > nb.label ? 1 : 0);
    });
    var items = document.createDocumentFragment();
    ids.forEach(function (id) {
      var n = byId[id]; var li = F.el("li"); var b = F.el("button", n.label);
      b.type = "button"; b.setAttribute("data-node", id);
      b.appendChild(F.el("small", " " + (n.type === "programme" ? (n.kind_label || "取組") : n.sector_label)));
      li.appendChild(b); items.appendChild(li);
    });
    listEl.replaceChildren(items);
  }
  if (listEl) {
    listEl.addEventListener("click", function (ev) {
      var b = ev.target.closest("button[data-node]");
      if (b) { inspect(b.getAttribute("data-node"), true); }
    });
  }
  if (listBox) { listBox.addEventListener("toggle", fillList); }

  // The organisation-to-organisation view is drawn by network.js only: here the
  // switch says so rather than doing nothing.
  document.querySelectorAll('input[name="view"]').forEach(function (input) {
    if (input.value === "organisations") {
      input.disabled = true;
      input.parentNode.title = "点が多いため、この図では団体と取組の表示のみです";
    } else {
      input.checked = true;  // what is drawn, even when the address asked for the other view
    }
  });
  var png = document.getElementById("export-png");
  if (png) {
    png.addEventListener("click", function () {
      draw(true);  // the frame on white, with every line
      var out = document.createElement("canvas");
      out.width = canvas.width; out.height = canvas.height;
      var o = out.getContext("2d");
      o.drawImage(linesCanvas, 0, 0); o.drawImage(canvas, 0, 0);
      var a = document.createElement("a");
      a.href = out.toDataURL("image/png");
      a.download = "tsunagari-network.png";
      document.body.appendChild(a); a.click(); a.remove();
    });
  }
  if (window.ResizeObserver) {
    var lastW = 0, lastH = 0;
    new ResizeObserver(function () {
      var r = container.getBoundingClientRect();
      if (Math.round(r.width) === lastW && Math.round(r.height) === lastH) { return; }
      var first = lastW === 0;
      lastW = Math.round(r.width); lastH = Math.round(r.height);
      var keep = cam.scale / fitScale;
      resize(); var cx = cam.x, cy = cam.y; fit();
      if (!first) { cam.scale = fitScale * keep; cam.x = cx; cam.y = cy; }
      schedule(true);
    }).observe(container);
  }

  resize(); fit();
  var builtAt = performance.now();
  applyFilters(false);
  fillList();
  F.wire(function () { applyFilters(true); fillList(); });
  var filteredAt = performance.now();
  // the first drawing now, not at the next frame
  if (pending) { cancelAnimationFrame(pending); pending = 0; pendingFull = false; }
  draw(true);
  var drawnAt = performance.now();
  // Ready once the first frame is on screen.
  requestAnimationFrame(function () {
    requestAnimationFrame(function () {
      state.firstRenderMs = performance.now() - started;
      state.timings = { scriptStart: started, parse: parsedAt - started, graph: builtAt - parsedAt, filters: filteredAt - builtAt,
                        draw: drawnAt - filteredAt, parts: state.drawParts, frame: performance.now() - drawnAt };
      state.readyAt = performance.now(); state.ready = true;
    });
  });
  state.network = { redraw: function () { draw(true); } };
})();
