// Stepwise UI: pan and zoom on graph SVGs (the viewBox survives live redraws) and state selection.
// No framework; htmx does the rest. Nothing here evaluates execution data.
(function () {
  "use strict";
  var views = new WeakMap(); // graph container -> its current viewBox

  function svgOf(box) { return box.querySelector("svg.graph-svg"); }
  function full(svg) { return [0, 0, parseFloat(svg.dataset.width), parseFloat(svg.dataset.height)]; }
  function apply(box, vb) { views.set(box, vb); var svg = svgOf(box); if (svg) svg.setAttribute("viewBox", vb.join(" ")); }
  function current(box) { var svg = svgOf(box); return views.get(box) || (svg ? full(svg) : null); }

  function zoom(box, factor, cx, cy) {
    var vb = current(box); if (!vb) return;
    var w = vb[2] * factor, h = vb[3] * factor;
    var x = cx === undefined ? vb[0] + (vb[2] - w) / 2 : cx - (cx - vb[0]) * factor;
    var y = cy === undefined ? vb[1] + (vb[3] - h) / 2 : cy - (cy - vb[1]) * factor;
    apply(box, [x, y, w, h]);
  }

  function point(box, evt) {
    var svg = svgOf(box), r = svg.getBoundingClientRect(), vb = current(box);
    var scale = Math.max(vb[2] / r.width, vb[3] / r.height);
    return [vb[0] + (evt.clientX - r.left) * scale, vb[1] + (evt.clientY - r.top) * scale, scale];
  }

  document.addEventListener("wheel", function (evt) {
    var box = evt.target.closest && evt.target.closest(".graph");
    if (!box || !svgOf(box)) return;
    evt.preventDefault();
    var p = point(box, evt);
    zoom(box, evt.deltaY > 0 ? 1.15 : 1 / 1.15, p[0], p[1]);
  }, { passive: false });

  var drag = null;
  document.addEventListener("mousedown", function (evt) {
    var box = evt.target.closest && evt.target.closest(".graph");
    if (!box || !svgOf(box) || evt.target.closest(".node")) return;
    drag = { box: box, x: evt.clientX, y: evt.clientY, vb: current(box).slice(), scale: point(box, evt)[2] };
  });
  document.addEventListener("mousemove", function (evt) {
    if (!drag) return;
    apply(drag.box, [drag.vb[0] - (evt.clientX - drag.x) * drag.scale, drag.vb[1] - (evt.clientY - drag.y) * drag.scale, drag.vb[2], drag.vb[3]]);
  });
  document.addEventListener("mouseup", function () { drag = null; });

  var selected = null; // the selected state's name, kept across live redraws

  function select(name) {
    selected = name;
    var page = document.querySelector("[data-execution]");
    document.querySelectorAll(".graph .node").forEach(function (n) {
      n.classList.toggle("selected", n.getAttribute("data-state") === name);
    });
    if (page && document.getElementById("state-detail")) {
      htmx.ajax("GET", page.getAttribute("data-execution") + "/state?name=" + encodeURIComponent(name), "#state-detail");
    }
  }

  document.addEventListener("click", function (evt) {
    var zoomButton = evt.target.closest("[data-zoom]");
    if (zoomButton) {
      var box = zoomButton.closest(".graph-panel").querySelector(".graph");
      var how = zoomButton.getAttribute("data-zoom");
      if (how === "fit") apply(box, full(svgOf(box))); else zoom(box, how === "in" ? 1 / 1.25 : 1.25);
      return;
    }
    var node = evt.target.closest(".graph .node[data-state]");
    if (node) { select(node.getAttribute("data-state")); return; }
    var jump = evt.target.closest("[data-select-state]");
    if (jump) {
      select(jump.getAttribute("data-select-state"));
      document.getElementById("graph").scrollIntoView({ behavior: "smooth" });
    }
  });

  document.addEventListener("keydown", function (evt) {
    var node = evt.target.closest && evt.target.closest(".graph .node[data-state]");
    if (node && (evt.key === "Enter" || evt.key === " ")) { evt.preventDefault(); select(node.getAttribute("data-state")); }
  });

  // Time travel: the slider asks htmx for the moment on "input"; buttons, arrow keys anywhere in
  // the panel and "show the moment" links move it the same way.
  function ttMove(to) {
    var slider = document.getElementById("tt-slider");
    if (!slider) return;
    var max = parseInt(slider.max, 10), value = Math.max(1, Math.min(max, to));
    if (value === parseInt(slider.value, 10)) return;
    slider.value = value;
    slider.dispatchEvent(new Event("input", { bubbles: true }));
  }
  document.addEventListener("click", function (evt) {
    var step = evt.target.closest("[data-tt-step]");
    if (step) { var s = document.getElementById("tt-slider"); ttMove(parseInt(s.value, 10) + parseInt(step.getAttribute("data-tt-step"), 10)); return; }
    var go = evt.target.closest("[data-tt-go]");
    if (go) {
      ttMove(parseInt(go.getAttribute("data-tt-go"), 10) - 1);
      document.getElementById("time-travel").scrollIntoView({ behavior: "smooth" });
    }
  });
  document.addEventListener("keydown", function (evt) {
    var panel = evt.target.closest && evt.target.closest("#time-travel");
    if (!panel || evt.target.id === "tt-slider" || /^(INPUT|TEXTAREA|SELECT)$/.test(evt.target.tagName)) return;
    if (evt.key === "ArrowLeft" || evt.key === "ArrowRight") {
      evt.preventDefault();
      var s = document.getElementById("tt-slider");
      ttMove(parseInt(s.value, 10) + (evt.key === "ArrowRight" ? 1 : -1));
    }
  });
  // A running execution's history grows: the moment says how long it is now.
  document.addEventListener("htmx:afterSwap", function (evt) {
    var now = document.getElementById("tt-now"), slider = document.getElementById("tt-slider");
    if (!now || !slider || evt.detail.target.id !== "tt-moment") return;
    var atEnd = parseInt(slider.value, 10) >= parseInt(slider.max, 10);
    slider.max = now.getAttribute("data-total");
    if (atEnd && slider.value !== now.getAttribute("data-event")) slider.value = now.getAttribute("data-event");
  });

  // A live redraw replaces the SVG: keep the user's zoom, pan and selection.
  function restore() {
    document.querySelectorAll(".graph").forEach(function (box) {
      if (views.get(box)) apply(box, views.get(box));
    });
    if (selected) {
      document.querySelectorAll(".graph .node").forEach(function (n) {
        n.classList.toggle("selected", n.getAttribute("data-state") === selected);
      });
    }
  }
  // <time class="local" datetime="ISO">: written in the viewer's time zone, which only the
  // browser knows (schedule pages show fire times in the schedule's zone and the viewer's).
  function localTimes(root) {
    root.querySelectorAll("time.local").forEach(function (t) {
      var at = new Date(t.getAttribute("datetime"));
      if (isNaN(at.getTime())) return;
      t.textContent = at.toLocaleString(undefined, { weekday: "short", year: "numeric",
        month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
        timeZoneName: "short" });
      t.title = t.getAttribute("datetime");
    });
  }
  if (document.readyState !== "loading") localTimes(document);
  else document.addEventListener("DOMContentLoaded", function () { localTimes(document); });
  document.addEventListener("htmx:afterSwap", function (evt) { localTimes(evt.target); });
  document.addEventListener("htmx:afterSwap", restore);
  document.addEventListener("htmx:sseMessage", restore);
})();
