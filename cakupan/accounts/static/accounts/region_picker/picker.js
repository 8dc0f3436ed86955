/* The region picker (accounts/region_picker/picker.html): an ARIA combobox over the type-ahead's matches, fetched with
   HTMX. Without this script the field is a plain text field that takes codes and exact names. */
(function () {
  "use strict";
  if (window.cakupanPicker) return;
  window.cakupanPicker = true;

  function parts(box) {
    return {
      input: box.querySelector("[data-picker-input]"),
      list: box.querySelector("[role=listbox]"),
      value: box.querySelector("[data-picker-value]"),
      chosen: box.querySelector("[data-picker-chosen]"),
      status: box.querySelector("[data-picker-status]"),
    };
  }

  function options(p) { return Array.from(p.list.querySelectorAll("[role=option][data-code]")); }

  function close(p) {
    p.list.hidden = true;
    p.input.setAttribute("aria-expanded", "false");
    p.input.removeAttribute("aria-activedescendant");
  }

  function activate(p, option) {
    options(p).forEach(function (o) { o.setAttribute("aria-selected", o === option ? "true" : "false"); });
    if (option) {
      p.input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    }
  }

  function pick(box, option) {
    var p = parts(box);
    var code = option.dataset.code, label = option.dataset.label;
    if (p.chosen) {
      var ticked = p.chosen.querySelectorAll("input[type=checkbox]:checked");
      var existing = p.chosen.querySelector("input[value='" + code + "']");
      var max = parseInt(box.dataset.pickerMax || "0", 10);
      if (existing) {
        existing.checked = true;
      } else if (max && ticked.length >= max) {
        p.status.textContent = box.dataset.pickerFull;
        p.status.classList.remove("visually-hidden");
        p.status.classList.add("error");
        close(p);
        return;
      } else {
        var item = document.createElement("li"), lab = document.createElement("label");
        var box_ = document.createElement("input");
        box_.type = "checkbox"; box_.name = p.input.dataset.pickerName; box_.value = code; box_.checked = true;
        lab.appendChild(box_); lab.appendChild(document.createTextNode(" " + label));
        item.appendChild(lab); p.chosen.appendChild(item);
      }
      p.input.value = "";
      p.status.textContent = label;
    } else {
      p.input.value = label + " (" + code + ")";
      p.value.value = code;
      p.status.textContent = label;
    }
    close(p);
  }

  function setUp(box) {
    if (box.dataset.pickerReady) return;
    box.dataset.pickerReady = "1";
    var p = parts(box), timer = null;
    p.input.dataset.pickerName = p.input.name;
    if (!p.chosen) {
      // The code is what the form sends; typed text that was not picked is sent as typed.
      p.value.name = p.input.name;
      p.value.value = p.input.dataset.pickerCode || p.input.value;
      p.input.removeAttribute("name");
    }
    p.input.addEventListener("input", function () {
      if (p.value) p.value.value = p.input.value;
      clearTimeout(timer);
      timer = setTimeout(function () {
        var text = p.input.value.trim();
        if (!text) { close(p); return; }
        var url = box.dataset.pickerUrl + "?" + box.dataset.pickerRules + "&daftar=" + encodeURIComponent(p.list.id);
        window.htmx.ajax("GET", url, { target: p.list, swap: "innerHTML", values: { q: text } }).then(function () {
          var found = options(p);
          p.list.hidden = p.list.children.length === 0;
          p.input.setAttribute("aria-expanded", p.list.hidden ? "false" : "true");
          p.status.textContent = found.length ? found.length + " " + box.dataset.pickerFound : p.list.textContent;
        });
      }, 180);
    });
    p.input.addEventListener("keydown", function (event) {
      var found = options(p);
      var current = found.findIndex(function (o) { return o.getAttribute("aria-selected") === "true"; });
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!found.length) return;
        event.preventDefault();
        p.list.hidden = false;
        p.input.setAttribute("aria-expanded", "true");
        var step = event.key === "ArrowDown" ? 1 : -1;
        activate(p, found[(current + step + found.length) % found.length]);
      } else if (event.key === "Enter" && !p.list.hidden) {
        var chosen = current >= 0 ? found[current] : (found.length === 1 ? found[0] : null);
        if (chosen) { event.preventDefault(); pick(box, chosen); }
      } else if (event.key === "Escape" && !p.list.hidden) {
        event.preventDefault();
        close(p);
      }
    });
    p.list.addEventListener("mousedown", function (event) {
      var option = event.target.closest("[role=option][data-code]");
      if (option) { event.preventDefault(); pick(box, option); p.input.focus(); }
    });
    p.input.addEventListener("blur", function () { close(p); });
  }

  function setUpAll(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("[data-picker]").forEach(setUp);
  }
  document.addEventListener("DOMContentLoaded", function () { setUpAll(document); });
  document.addEventListener("htmx:load", function (event) { setUpAll(event.target); });
  if (document.readyState !== "loading") setUpAll(document);
})();
