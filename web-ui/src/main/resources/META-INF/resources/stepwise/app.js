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
    document.querySelectorAll(".graph .node").forEach(function (n) {
      n.classList.toggle("selected", n.getAttribute("data-state") === name);
    });
    showState(name, true);
  }

  function showState(name, reveal) {
    var page = document.querySelector("[data-execution]"), panel = document.getElementById("state-detail");
    if (!page || !panel) return;
    htmx.ajax("GET", page.getAttribute("data-execution") + "/state?name=" + encodeURIComponent(name), "#state-detail").then(function () {
      // On a narrow screen the panel sits below the graph: bring what was tapped into view.
      var box = panel.getBoundingClientRect();
      if (reveal && (box.top > window.innerHeight * 0.6 || box.top < 0)) panel.scrollIntoView({ block: "start" });
    });
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
    if (!now || !slider || evt.target.id !== "tt-moment") return;
    var atEnd = parseInt(slider.value, 10) >= parseInt(slider.max, 10);
    slider.max = now.getAttribute("data-total");
    if (atEnd && slider.value !== now.getAttribute("data-event")) slider.value = now.getAttribute("data-event");
  });

  // Live updates (SSE): the slider's range grows with the history (a slider at the end follows it),
  // and an open state panel is drawn again.
  document.addEventListener("htmx:sseMessage", function (evt) {
    var type = evt.detail && evt.detail.type;
    if (type === "summary") {
      // Say a change of the execution's status once (the summary itself is redrawn often).
      var status = document.getElementById("execution-status"), announcer = document.getElementById("announcer");
      if (status && announcer && announcer.getAttribute("data-status") !== status.textContent) {
        if (announcer.hasAttribute("data-status")) announcer.textContent = "Execution " + status.textContent;
        announcer.setAttribute("data-status", status.textContent);
      }
      var slider = document.getElementById("tt-slider"), count = document.getElementById("execution-events");
      if (!slider || !count) return;
      var total = parseInt(count.textContent, 10), atEnd = parseInt(slider.value, 10) >= parseInt(slider.max, 10);
      if (!(total > parseInt(slider.max, 10))) return;
      slider.max = total;
      if (atEnd) { slider.value = total; slider.dispatchEvent(new Event("input", { bubbles: true })); }
    } else if (type === "graph" && selected) {
      showState(selected);
    }
  });

  // data-confirm questions are asked by forms.js (once, before htmx or the CSRF field see the form).

  // Size limits: a field over AWS's limit (data-max-bytes / data-max-chars, set by the server with
  // the line to show in data-too-large) is explained where its check appears, and is neither sent
  // by the live check nor submitted, so the text stays in the field.
  function sizeProblem(field) {
    var d = field.dataset || {}, max = parseInt(d.maxBytes || d.maxChars, 10);
    if (!max || !field.value) return null;
    var size = d.maxBytes ? new TextEncoder().encode(field.value).length : field.value.length;
    return size <= max ? null : d.tooLarge.replace("%s", size.toLocaleString("en-US"));
  }
  function checkTarget(field) {
    var owner = field.closest("[hx-target]");
    return owner ? document.querySelector(owner.getAttribute("hx-target")) : null;
  }
  function explain(field, problem) {
    var target = checkTarget(field);
    if (!target) return;
    var line = document.createElement("p");
    line.className = "error";
    line.setAttribute("role", "alert");
    line.textContent = problem;
    target.replaceChildren(line);
  }
  function oversized(root) {
    var fields = root.matches && root.matches("[data-too-large]") ? [root] : Array.from(root.querySelectorAll("[data-too-large]"));
    for (var i = 0; i < fields.length; i++) {
      var problem = sizeProblem(fields[i]);
      if (problem) { explain(fields[i], problem); return fields[i]; }
    }
    return null;
  }
  document.addEventListener("htmx:beforeRequest", function (evt) {
    if (oversized(evt.detail.elt)) evt.preventDefault();
  });
  document.addEventListener("submit", function (evt) {
    var field = oversized(evt.target);
    if (field) { evt.preventDefault(); field.focus(); }
  }, true);

  // The event box jumps the slider to an event (a long history has several events per pixel).
  document.addEventListener("change", function (evt) {
    if (evt.target.id !== "tt-jump") return;
    var n = parseInt(evt.target.value, 10);
    if (n > 0) ttMove(n);
  });
  document.addEventListener("htmx:afterSwap", function (evt) {
    var jump = document.getElementById("tt-jump"), now = document.getElementById("tt-now");
    if (!jump || !now || evt.target.id !== "tt-moment") return;
    jump.max = now.getAttribute("data-total");
    if (document.activeElement !== jump) jump.value = now.getAttribute("data-event");
  });

  // A graph first shows at a readable scale: never blown up past 1.2×, and never below 0.6×
  // (a large graph starts at its top; "Fit" shows it whole).
  var MAX_SCALE = 1.2, MIN_SCALE = 0.6;
  function initialView(box) {
    var svg = svgOf(box); if (!svg || views.get(box)) return;
    var r = svg.getBoundingClientRect(), w = parseFloat(svg.dataset.width), h = parseFloat(svg.dataset.height);
    if (!r.width || !r.height || !w || !h) return;
    var scale = Math.min(r.width / w, r.height / h);
    var wanted = Math.max(MIN_SCALE, Math.min(MAX_SCALE, scale));
    if (wanted === scale) return;
    var vw = r.width / wanted, vh = r.height / wanted;
    var y = wanted > scale ? 0 : (h - vh) / 2;
    svg.setAttribute("viewBox", [(w - vw) / 2, y, vw, vh].join(" "));
  }
  function initialViews() { document.querySelectorAll(".graph").forEach(initialView); }
  document.addEventListener("DOMContentLoaded", initialViews);
  document.addEventListener("htmx:afterSwap", initialViews);

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

  // Live sections (data-poll-every) are fetched again when /live/changes says something changed
  // (hx-trigger="sse:changed"). While that stream fails, they poll instead, each at its own pace;
  // when it opens again, polling stops. <html data-live> says which is in use.
  var pollers = null;
  function startPolling() {
    if (pollers) return;
    pollers = [];
    document.documentElement.setAttribute("data-live", "polling");
    document.querySelectorAll("[data-poll-every]").forEach(function (section) {
      var id = section.id, every = parseInt(section.getAttribute("data-poll-every"), 10) || 5000;
      pollers.push(setInterval(function () {
        var now = document.getElementById(id);
        if (now && now.getAttribute("hx-get")) {
          htmx.ajax("GET", now.getAttribute("hx-get"), { target: "#" + id, swap: "outerHTML" });
        }
      }, every));
    });
  }
  function stopPolling() {
    document.documentElement.setAttribute("data-live", "sse");
    if (!pollers) return;
    pollers.forEach(clearInterval);
    pollers = null;
  }
  document.addEventListener("htmx:sseError", startPolling);
  document.addEventListener("htmx:sseOpen", stopPolling);
})();
