// The role / sector / scheme filters of the network views, shared by network.js
// (vis-network, canvas) and network-webgl.js (sigma, WebGL). Include it before both.
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

  window.tsunagariFilters = {
    checked: checked, selection: selection, rolesOf: rolesOf, keptTies: keptTies,
    filterParams: filterParams, updateExports: updateExports, wire: wire
  };
})();
