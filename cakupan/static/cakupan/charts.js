/* Charts drawn in the browser (docs/adr/0007-charts-in-the-page.md): each div.vega-chart holds a compiled
   Vega specification (a JSON data block) with the number and date formats of the page's language. Vega
   draws it as SVG with its expression interpreter (no eval: the Content-Security-Policy stays strict), adds
   no <style> and no tooltip; the SVG is then the same accessible image as the server's (role="img", the
   chart's text as its name, a <title>) and fills its container like the server's (class "chart").
   Runs on load, after every HTMX swap and when the runtime (loaded async) arrives. */
(function () {
  "use strict";
  var SVG_NS = "http://www.w3.org/2000/svg";

  // Vega-Lite writes dates as datetime(milliseconds); vega-interpreter's datetime reads a single number
  // as a year. The same function as Vega's generated code: one argument is a time, more are its parts.
  function datetime(year, month, day, hours, minutes, seconds, milliseconds) {
    if (arguments.length === 1 && typeof year === "number") return new Date(year);
    if (typeof year === "string") return new Date(year);
    return new Date(year, month || 0, day == null ? 1 : day, hours || 0, minutes || 0, seconds || 0, milliseconds || 0);
  }
  var ready = false;
  function prepare() {
    if (!ready) vega.expressionFunction("datetime", datetime);
    ready = true;
  }

  function accessible(svg, title, description) {
    Array.prototype.forEach.call(svg.querySelectorAll("[role], [aria-label], [aria-roledescription], [aria-hidden]"), function (el) {
      el.removeAttribute("role");
      el.removeAttribute("aria-label");
      el.removeAttribute("aria-roledescription");
      el.removeAttribute("aria-hidden");
    });
    svg.removeAttribute("aria-roledescription");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", description || title);
    var name = document.createElementNS(SVG_NS, "title");
    name.textContent = title || description;
    svg.insertBefore(name, svg.firstChild);
  }

  function responsive(svg) {
    var width = svg.getAttribute("width"), height = svg.getAttribute("height");
    if (!svg.getAttribute("viewBox") && width && height) svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("width", "100%");
    svg.removeAttribute("height");
    svg.setAttribute("class", "chart");
  }

  function draw(holder) {
    var source = holder.querySelector("script[type='application/json']");
    if (!source || holder.getAttribute("data-drawn") || !window.vega || !window.vegaInterpreter) return;
    holder.setAttribute("data-drawn", "pending");
    prepare();
    var payload = JSON.parse(source.textContent);
    vega.formatLocale(payload.formatLocale);
    vega.timeFormatLocale(payload.timeFormatLocale);
    var target = document.createElement("div");
    var view = new vega.View(vega.parse(payload.spec, null, { ast: true }), {
      renderer: "svg",
      container: target,
      expr: vegaInterpreter,
      hover: false,
      logLevel: vega.Error
    });
    view.runAsync().then(function () {
      var svg = target.querySelector("svg");
      if (!svg) return;
      accessible(svg, holder.getAttribute("data-title"), holder.getAttribute("data-description"));
      responsive(svg);
      holder.replaceChildren(svg);
      view.finalize();
      holder.setAttribute("data-drawn", "1");
      holder.dispatchEvent(new CustomEvent("cakupan:chart-drawn", { bubbles: true }));
    });
  }

  function drawAll() {
    Array.prototype.forEach.call(document.querySelectorAll("div.vega-chart"), draw);
  }
  document.addEventListener("DOMContentLoaded", drawAll);
  document.addEventListener("htmx:afterSettle", drawAll);
  // The runtime loads async (it no longer holds back the page and the charts' request): when it arrives
  // after the charts, it draws them.
  var runtime = document.querySelector("script[data-vega-runtime]");
  if (runtime) runtime.addEventListener("load", drawAll);
})();
