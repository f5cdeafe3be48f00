// Renders the Deep Bootstrap report's charts with uPlot and makes its tables sortable.
// All data comes from the JSON element #report-data; text goes into the page as textContent only.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var charts = [];

  function alpha(hex, a) {
    var n = parseInt(hex.slice(1), 16);
    return "rgba(" + (n >> 16 & 255) + "," + (n >> 8 & 255) + "," + (n & 255) + "," + a + ")";
  }

  function fmt(v) {
    if (v == null || !isFinite(v)) return "\u2014";
    return Math.abs(v) >= 1000 || v === Math.round(v) ? String(Math.round(v)) : String(Number(v.toPrecision(4)));
  }

  function seriesOpts(s) {
    var o = { label: s.label, stroke: s.color, width: 2, spanGaps: true, points: { show: false },
              value: function (u, v) { return fmt(v); } };
    if (s.style === "dashed") o.dash = [8, 5];
    if (s.style === "dotted") { o.dash = [2, 4]; o.width = 1.6; }
    if (s.style === "band-upper" || s.style === "band-lower") { o.stroke = alpha(s.color, 0.25); o.width = 0.5; }
    if (s.style === "points") {
      o.width = 0;
      o.paths = function () { return null; };
      o.points = { show: true, size: 9, width: 1, stroke: s.color, fill: alpha(s.color, 0.6) };
    }
    if (s.style === "bar-left" || s.style === "bar-right") {
      o.width = 1;
      o.fill = alpha(s.color, 0.75);
      o.paths = uPlot.paths.bars({ size: [0.35, 80], align: s.style === "bar-left" ? -1 : 1 });
    }
    if (s.style === "value") {
      o.width = 0;
      o.paths = function () { return null; };
    }
    if (s.style === "marker") {
      o.width = 0;
      o.paths = function () { return null; };
      o.points = { show: true, size: 11, width: 2, stroke: "#000", fill: s.color };
    }
    return o;
  }

  function width(el) {
    return Math.max(320, Math.min(1100, (el.clientWidth || window.innerWidth) - 10));
  }

  function drawChart(container, chart, yLabel) {
    var series = [{ label: "step", value: function (u, v) { return v == null ? "\u2014" : String(Math.round(v)); } }];
    var columns = [chart.x];
    var bands = [];
    chart.series.forEach(function (s, i) {
      series.push(seriesOpts(s));
      columns.push(s.values);
      if (s.style === "band-upper") bands.push({ series: [i + 1, i + 2], fill: alpha(s.color, 0.15) });
    });
    var el = document.createElement("div");
    el.className = "chart";
    container.appendChild(el);
    var opts = {
      title: chart.title, width: width(container), height: 380, series: series, bands: bands,
      scales: { x: { time: false, distr: 3, log: 10 } },
      axes: [{ label: "step (log scale)" }, { label: yLabel, values: function (u, vals) { return vals.map(fmt); } }],
      legend: { live: true },
      cursor: { focus: { prox: 16 } }
    };
    if (chart.kind === "scatter") {
      opts.scales = { x: { time: false } };
      opts.axes[0] = { label: chart.xLabel };
      series[0] = { label: chart.xLabel, value: function (u, v) { return fmt(v); } };
    }
    if (chart.kind === "bars") {
      var labels = chart.labels;
      columns[0] = labels.map(function (l, i) { return i; });
      opts.scales = { x: { time: false, range: [-0.5, labels.length - 0.5] } };
      opts.axes[0] = { label: "design choice", splits: columns[0], values: function (u, vals) {
        return vals.map(function (v) { return labels[v] === undefined ? "" : labels[v]; }); } };
      series[0] = { label: "choice", value: function (u, v) { return v == null ? "\u2014" : labels[v]; } };
      opts.scales.y = { range: function (u, min, max) { return [Math.min(0, min), max * 1.1]; } };
    }
    var u = new uPlot(opts, columns, el);
    var rows = el.querySelectorAll(".u-legend .u-series");
    chart.series.forEach(function (s, i) {
      if (s.style.indexOf("band") === 0 && rows[i + 1]) rows[i + 1].style.display = "none";
    });
    el.dataset.metric = yLabel;
    charts.push(u);
    return u;
  }

  function drawSections() {
    var root = document.getElementById("curves");
    data.sections.forEach(function (section) {
      var h = document.createElement("h3");
      h.textContent = section.metric;
      root.appendChild(h);
      var box = document.createElement("div");
      box.className = "metric";
      box.dataset.metric = section.metric;
      root.appendChild(box);
      section.charts.forEach(function (c) { drawChart(box, c, section.metric); });
    });
    var decomposition = document.getElementById("decomposition-charts");
    (data.decomposition || []).forEach(function (c) { drawChart(decomposition, c, c.yLabel); });
  }

  function sortable(table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      th.tabIndex = 0;
      th.addEventListener("click", function () {
        var numeric = th.dataset.type === "number";
        var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].dataset.sort, y = b.cells[col].dataset.sort;
          if (x === "" || y === "") return (x === "") - (y === "");
          return (numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y)) * dir;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  function metricFilter(select) {
    var table = document.getElementById(select.dataset.table);
    function apply() {
      Array.prototype.forEach.call(table.querySelectorAll("[data-metric]"), function (cell) {
        cell.style.display = cell.dataset.metric === select.value ? "" : "none";
      });
    }
    select.addEventListener("change", apply);
    apply();
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), sortable);
  Array.prototype.forEach.call(document.querySelectorAll(".metric-filter select"), metricFilter);
  drawSections();
  window.addEventListener("resize", function () {
    charts.forEach(function (u) { u.setSize({ width: width(u.root.parentNode), height: 380 }); });
  });
  document.body.dataset.ready = String(performance.now());
})();
