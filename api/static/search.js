// Suggestions while typing in a search box: an ARIA 1.2 combobox with a listbox.
// Enhances every <input data-complete> inside a form; without script the form still submits
// to /search. Names from the server go into text nodes only.
(function () {
  "use strict";
  const DELAY_MS = 180;
  let serial = 0;

  function enhance(input) {
    const form = input.form;
    const id = "complete-" + (++serial);
    const list = document.createElement("ul");
    list.id = id;
    list.className = "complete";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "候補");
    list.hidden = true;
    form.classList.add("has-complete");
    form.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);
    input.setAttribute("autocomplete", "off");

    let timer = null;
    let asked = "";
    let items = [];
    let active = -1;

    function close() {
      list.hidden = true;
      list.replaceChildren();
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function mark(i) {
      active = i;
      list.querySelectorAll("[role=option]").forEach(function (li, j) {
        li.setAttribute("aria-selected", j === i ? "true" : "false");
      });
      if (i >= 0) input.setAttribute("aria-activedescendant", id + "-" + i);
      else input.removeAttribute("aria-activedescendant");
    }

    function show(found) {
      list.replaceChildren();
      items = found;
      active = -1;
      if (!found.length) { close(); return; }
      found.forEach(function (c, i) {
        const li = document.createElement("li");
        li.id = id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.className = "kind-" + c.kind;
        const label = document.createElement("span");
        label.className = "label";
        label.textContent = c.label;
        const detail = document.createElement("span");
        detail.className = "detail";
        detail.textContent = c.detail;
        li.append(label, detail);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); });
        li.addEventListener("click", function () { go(i); });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function go(i) {
      const c = items[i];
      if (c && c.url.charAt(0) === "/") window.location.assign(c.url);
    }

    function ask() {
      const q = input.value.trim();
      if (q === asked) return;
      asked = q;
      if (!q) { close(); return; }
      fetch("/complete?q=" + encodeURIComponent(q) + "&limit=8", { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (found) { if (input.value.trim() === q) show(found); })
        .catch(function () { close(); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY_MS);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && items.length) {
        e.preventDefault(); mark((active + 1) % items.length);
      } else if (e.key === "ArrowUp" && items.length) {
        e.preventDefault(); mark(active <= 0 ? items.length - 1 : active - 1);
      } else if (e.key === "Enter" && active >= 0) {
        e.preventDefault(); go(active);
      } else if (e.key === "Escape") {
        close(); asked = "";
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); asked = ""; });
  }

  document.querySelectorAll("form input[data-complete]").forEach(enhance);
})();
