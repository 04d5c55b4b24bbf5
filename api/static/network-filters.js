// The role / sector / scheme filters of the network views (and the payload's decoder,
// the inspector, the address and the drawer), shared by network.js
// (vis-network, canvas) and network-large.js (the 2D canvas of large views). Include it before both.
// The rule is the one of viz/network.py, so exports match what is drawn: a role of a
// tie is kept when the role and the organisation's sector are selected and, when
// schemes are selected, the programme belongs to one; a tie is drawn with its kept
// roles when it has any.
(function () {
  "use strict";

  // The ticked boxes of one filter: {set, all}, or null when the page has no such
  // boxes (or, for schemes, none is ticked: then every scheme).
  function checked(name) {
    var boxes = document.querySelectorAll('input[name="' + name + '"]');
    if (boxes.length === 0) { return null; }
    var out = {}; var all = true; var any = false;
    boxes.forEach(function (b) { if (b.checked) { out[b.value] = true; any = true; } else { all = false; } });
    if (name === "scheme" && !any) { return null; }
    return { set: out, all: all };
  }

  function selection() {
    return { role: checked("role"), sector: checked("sector"), scheme: checked("scheme") };
  }

  // The page's payload (viz.network.network_payload: columns, each string once) as one
  // object per node and per edge, as viz.network.expand_payload makes them.
  // With lazy, edges carry no texts or evidence until details(p, e, label) adds them.
  function decode(p, lazy) {
    var N = p.nodes; var E = p.edges; var S = p.strings; var orgs = N.orgs;
    var roleCodes = Object.keys(p.roles);
    var nodes = new Array(N.ids.length);
    for (var i = 0; i < N.ids.length; i++) {
      var org = i < orgs; var raw = N.ids[i]; var degree = N.degree[i];
      var n = {
        id: (org ? "org:" : "programme:") + raw, label: N.labels[i], type: org ? "organisation" : "programme",
        url: (org ? "/org/" : "/programme/") + raw, size: Math.round((8 + 4 * Math.sqrt(degree)) * 10) / 10,
        x: N.x[i], y: N.y[i], degree: degree
      };
      if (org) {
        var s = p.sectors[N.sector[i]];
        n.sector = N.sector[i]; n.sector_label = s ? s.label : N.sector[i]; n.color = s ? s.color : "#8f8f8f";
      } else {
        n.kind = N.kind[i - orgs]; n.kind_label = p.kinds[n.kind] || n.kind;
        n.schemes = N.schemes[i] || []; n.color = p.programme_colour;
      }
      if (n.id === p.focus) { n.focus = true; }
      nodes[i] = n;
    }
    var edges = new Array(E.from.length); var byMask = {};
    for (var j = 0; j < E.from.length; j++) {
      var mask = E.roles[j]; var roles = byMask[mask];
      if (!roles) {  // ties of the same roles share one (never changed) list
        roles = byMask[mask] = [];
        for (var r = 0; r < roleCodes.length; r++) { if (mask & (1 << r)) { roles.push(roleCodes[r]); } }
      }
      edges[j] = { id: "e" + j, from: nodes[E.from[j]].id, to: nodes[E.to[j]].id, roles: roles, index: j };
      if (!lazy) { details(p, edges[j], nodes[E.from[j]].label); }
    }
    return {
      nodes: nodes, edges: edges, focus: p.focus, view: p.view, renderer: p.renderer,
      physics: p.physics, edge_labels: p.edge_labels, roles: p.roles, sectors: p.sectors
    };
  }

  // An edge's role texts, departments, names as shown and evidence, from the payload p;
  // label is the name of its organisation.
  function details(p, e, label) {
    if (e.evidence) { return e; }
    var S = p.strings; var d = p.edges.details[e.index]; var ev = d[3]; var evidence = [];
    function strings(list) { var out = new Array(list.length); for (var k = 0; k < list.length; k++) { out[k] = S[list[k]]; } return out; }
    for (var q = 0; q < ev.length; q += 2) { evidence.push({ source: S[ev[q]], quote: S[ev[q + 1]] }); }
    e.role_texts = strings(d[0]); e.departments = strings(d[1]);
    e.shown_as = d[2].length ? strings(d[2]) : [label]; e.evidence = evidence;
    return e;
  }

  function rolesOf(e) { return e.roles || (e.role ? [e.role] : []); }

  // The kept ties of a payload under a selection, each as {e, roles} with its kept roles.
  function keptTies(edges, byId, sel) {
    var out = [];
    edges.forEach(function (e) {
      var org = byId[e.from]; var prog = byId[e.to];
      if (sel.sector && !sel.sector.set[org.sector]) { return; }
      if (sel.scheme && !sel.scheme.set[prog.id.replace(/^programme:/, "")]) {
        var inScheme = (prog.schemes || []).some(function (s) { return sel.scheme.set[s]; });
        if (!inScheme) { return; }
      }
      var roles = rolesOf(e).filter(function (r) { return !sel.role || sel.role.set[r]; });
      if (roles.length > 0) { out.push({ e: e, roles: roles }); }
    });
    return out;
  }

  // The selection as query parameters: a full set is left out, an empty one is "-";
  // a view other than the default one is kept too.
  function filterParams(sel, params) {
    ["role", "sector", "scheme"].forEach(function (name) {
      params.delete(name);
      var s = sel[name];
      if (!s || (s.all && name !== "scheme")) { return; }
      var values = Object.keys(s.set);
      if (values.length === 0) { params.append(name, "-"); }
      values.forEach(function (v) { params.append(name, v); });
    });
    params.delete("view");
    if (sel.view && sel.view !== "programmes") { params.set("view", sel.view); }
    return params;
  }

  // The export links carry the selection.
  function updateExports(sel) {
    var box = document.querySelector(".exports");
    if (!box) { return; }
    var base = box.getAttribute("data-export-base");
    box.querySelectorAll("a.export").forEach(function (a) {
      var url = new URL(base, window.location.origin);
      filterParams(sel, url.searchParams);
      url.searchParams.set("format", a.getAttribute("data-format"));
      a.setAttribute("href", url.pathname + url.search);
    });
  }

  // Boxes and the all / none / only buttons call onChange after they change the boxes.
  function wire(onChange) {
    document.querySelectorAll(".filter input").forEach(function (input) { input.addEventListener("change", onChange); });
    [["data-all", true], ["data-none", false]].forEach(function (pair) {
      document.querySelectorAll("[" + pair[0] + "]").forEach(function (b) {
        b.addEventListener("click", function () {
          document.querySelectorAll('input[name="' + b.getAttribute(pair[0]) + '"]').forEach(function (i) { i.checked = pair[1]; });
          onChange();
        });
      });
    });
    document.querySelectorAll("[data-only]").forEach(function (b) {
      b.addEventListener("click", function () {
        var name = b.getAttribute("data-only"); var value = b.getAttribute("data-value");
        document.querySelectorAll('input[name="' + name + '"]').forEach(function (i) { i.checked = i.value === value; });
        onChange();
      });
    });
  }

  // -- what both renderers show around the map ----------------------------------------

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }
  function samePage(url) { return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/"; }
  function link(text, url) {
    if (!samePage(url)) { return el("span", text); }
    var a = el("a", text); a.setAttribute("href", url); return a;
  }
  function section(title, items) {
    var box = el("section");
    box.appendChild(el("h4", title));
    var ul = el("ul");
    items.forEach(function (item) { ul.appendChild(item); });
    box.appendChild(ul);
    return box;
  }
  function roleLabels(data, roles) {
    return roles.map(function (r) { return data.roles[r] ? data.roles[r].label : r; }).join("、");
  }

  // The selection in words, above the map and on the PNG.
  function describe(sel, data) {
    function part(name, what, labels) {
      var s = sel[name];
      if (!s || s.all) { return what + ": すべて"; }
      var values = Object.keys(s.set);
      return what + ": " + (values.length ? values.map(function (v) { return labels[v] || v; }).join("、") : "なし");
    }
    var sectorLabels = {}; Object.keys(data.sectors).forEach(function (k) { sectorLabels[k] = data.sectors[k].label; });
    var roleNames = {}; Object.keys(data.roles).forEach(function (k) { roleNames[k] = data.roles[k].label; });
    var schemeNames = {};
    document.querySelectorAll('input[name="scheme"]').forEach(function (b) {
      schemeNames[b.value] = b.parentNode.textContent.trim();
    });
    var text = "図: " + (sel.view === "organisations" ? "団体どうし" : "団体と取組") + "／" +
      part("role", "役割", roleNames) + "／" + part("sector", "セクター", sectorLabels);
    if (sel.scheme) { text += "／" + part("scheme", "支援事業", schemeNames); }
    return text;
  }

  // Every filter and the view live in the address, so a reload or a shared link
  // shows the same map; the depth links carry them too.
  function updateUrl(sel, fromUser) {
    var params = filterParams(sel, new URLSearchParams(window.location.search));
    var search = params.toString();
    if (fromUser) {
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
    }
    document.querySelectorAll("a[data-depth]").forEach(function (a) {
      var p = new URLSearchParams(search);
      p.set("depth", a.getAttribute("data-depth"));
      a.setAttribute("href", window.location.pathname + "?" + p.toString());
    });
  }

  // The inspector's title and body for node n with its kept ties ({e, roles});
  // more(body) may add a section after the ties.
  function fillInspector(n, ties, data, byId, more) {
    var body = document.getElementById("inspector-body");
    document.getElementById("inspector-title").textContent = n.label;
    body.replaceChildren();
    var dl = el("dl");
    function row(k, v) { dl.appendChild(el("dt", k)); var dd = el("dd"); dd.appendChild(v); dl.appendChild(dd); }
    row("種別", document.createTextNode(n.type === "programme" ? (n.kind_label || "取組・事業") : "団体（" + n.sector_label + "）"));
    var roles = {};
    ties.forEach(function (t) { t.roles.forEach(function (r) { roles[r] = true; }); });
    var roleList = Object.keys(data.roles).filter(function (r) { return roles[r]; });
    if (n.type === "organisation") {
      row("役割", document.createTextNode(roleList.length ? roleLabels(data, roleList) : "なし"));
    }
    body.appendChild(dl);
    var items = ties.map(function (t) {
      var other = byId[n.type === "organisation" ? t.e.to : t.e.from];
      var li = el("li");
      // a partner is named with its department (法務省 多摩少年院); an organisation's own
      // programmes list the departments it acted through
      li.appendChild(link(n.type === "organisation" ? other.label : t.e.shown_as.join("、"), other.url));
      li.appendChild(el("span", " " + roleLabels(data, t.roles), "roles"));
      t.e.role_texts.forEach(function (q) { li.appendChild(el("q", q)); });
      if (n.type === "organisation" && t.e.departments.length) { li.appendChild(el("small", " " + t.e.departments.join("、"))); }
      return li;
    });
    body.appendChild(section(n.type === "organisation" ? "取組（" + items.length + " 件）" : "参加団体（" + items.length + " 団体）", items));
    if (more) { more(body); }
    // each source line once, with the sentences it is quoted for
    var evidence = {};
    ties.forEach(function (t) {
      (t.e.evidence || []).forEach(function (ev) {
        var quotes = evidence[ev.source] = evidence[ev.source] || [];
        if (ev.quote && quotes.indexOf(ev.quote) < 0) { quotes.push(ev.quote); }
      });
    });
    var sourceItems = Object.keys(evidence).sort().map(function (s) {
      var li = el("li", s || "出典行なし");
      evidence[s].forEach(function (q) { li.appendChild(el("q", q)); });
      return li;
    });
    body.appendChild(section("出典", sourceItems.length ? sourceItems : [el("li", "記載なし")]));
    if (samePage(n.url)) {
      var open = el("a", (n.type === "programme" ? "取組" : "団体") + "のページを開く", "open-page");
      open.setAttribute("href", n.url);
      body.appendChild(open);
    }
    document.getElementById("inspector").hidden = false;
  }

  // The filter drawer of narrow screens; Escape closes it, or else calls onEscape.
  function wireDrawer(onEscape) {
    var panel = document.getElementById("network-panel");
    var toggle = document.getElementById("filters-toggle");
    function setDrawer(open) {
      if (!panel || !toggle) { return; }
      panel.classList.toggle("open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) { var first = panel.querySelector("button, input"); if (first) { first.focus(); } } else { toggle.focus(); }
    }
    if (toggle) { toggle.addEventListener("click", function () { setDrawer(!panel.classList.contains("open")); }); }
    var drawerClose = document.getElementById("filters-close");
    if (drawerClose) { drawerClose.addEventListener("click", function () { setDrawer(false); }); }
    document.addEventListener("keydown", function (ev) {
      if (ev.key !== "Escape") { return; }
      if (panel && panel.classList.contains("open")) { setDrawer(false); } else { onEscape(); }
    });
  }

  // Calls make(), during which every 2D canvas created is one the browser draws on the
  // CPU (willReadFrequently). The renderers redraw whole frames of text and shapes;
  // where the browser has no GPU and emulates one (headless chromium, some office PCs)
  // the "accelerated" canvas took five times longer to draw a frame of 1,000 nodes.
  function withCpuCanvas(make) {
    var proto = HTMLCanvasElement.prototype;
    var getContext = proto.getContext;
    proto.getContext = function (kind, options) {
      if (kind === "2d") { options = Object.assign({ willReadFrequently: true }, options || {}); }
      return getContext.call(this, kind, options);
    };
    try { return make(); } finally { proto.getContext = getContext; }
  }

  window.tsunagariFilters = {
    decode: decode, details: details, checked: checked, selection: selection, rolesOf: rolesOf, keptTies: keptTies,
    filterParams: filterParams, updateExports: updateExports, wire: wire,
    el: el, link: link, section: section, describe: describe, updateUrl: updateUrl,
    fillInspector: fillInspector, wireDrawer: wireDrawer, withCpuCanvas: withCpuCanvas
  };
})();
