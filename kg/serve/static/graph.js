// The who-said-what page: draws the data in #kg-data with Cytoscape.js and lists statements.
// Data (built by kg/serve/graph_page.py): actors [{n name, t type, s said, m mentioned, w links}],
// statements [{x text, k kind, c cue, a article, s speaker, r [[actor, relation]], ctx, hl}],
// articles [{id, title}], links [[speaker, actor, relation, count]], initial [actor], positions.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var COLORS = { Person: "#c44e52", Organization: "#4c72b0", Country: "#55a868", Place: "#8172b3",
                 Event: "#ccb974", Group: "#64b5cd" };
  var EDGE = { mentions: "#4c72b0", to: "#55a868", via: "#dd8452" };
  var STEP = 50; // actors added by "Show more actors"

  // Statements by actor (said / about), and links by actor, for the panel and for expanding.
  var said = data.actors.map(function () { return []; });
  var about = data.actors.map(function () { return []; });
  data.statements.forEach(function (st, i) {
    if (st.s >= 0) said[st.s].push(i);
    st.r.forEach(function (t) { if (t[0] !== st.s) about[t[0]].push(i); });
  });
  var linksOf = data.actors.map(function () { return []; });
  data.links.forEach(function (l, i) { linksOf[l[0]].push(i); linksOf[l[1]].push(i); });
  var inArticle = data.articles.map(function () { return {}; });
  data.statements.forEach(function (st) {
    if (st.s >= 0) inArticle[st.a][st.s] = true;
    st.r.forEach(function (t) { inArticle[st.a][t[0]] = true; });
  });
  var byWeight = data.actors.map(function (_, i) { return i; }).sort(function (a, b) {
    var x = data.actors[a], y = data.actors[b];
    return (y.w - x.w) || (y.s - x.s) || (x.n < y.n ? -1 : 1);
  });

  var cy = cytoscape({
    container: document.getElementById("cy"),
    wheelSensitivity: 0.3,
    minZoom: 0.05,
    maxZoom: 4,
    style: [
      { selector: "node", style: {
          "background-color": "data(color)", "label": "data(label)", "width": "data(size)",
          "height": "data(size)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 2,
          "text-outline-color": "#fff", "text-outline-width": 2, "min-zoomed-font-size": 7 } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#222" } },
      { selector: "node.found", style: { "border-width": 3, "border-color": "#f0a000" } },
      { selector: "edge", style: {
          "line-color": "data(color)", "target-arrow-color": "data(color)", "target-arrow-shape": "triangle",
          "curve-style": "straight", "width": "data(width)", "opacity": 0.6, "arrow-scale": 0.8 } },
      // Parallel lines (a speaker who mentions and addresses the same actor) bend apart.
      { selector: "edge.to, edge.via", style: { "curve-style": "bezier" } },
      { selector: "edge.via", style: { "line-style": "dashed" } },
      { selector: "edge:selected", style: { "opacity": 1, "line-color": "#222", "target-arrow-color": "#222" } },
      { selector: ".hidden", style: { "display": "none" } }
    ],
    elements: [],
    layout: { name: "preset" },
    // While panning or zooming a big drawing, move a picture of it instead of redrawing it.
    textureOnViewport: true,
    hideEdgesOnViewport: true
  });

  // Fit the drawing from the node positions alone: cy.fit() measures every label first,
  // which costs most of a second on a large drawing.
  function fitPositions(nodes) {
    if (!nodes.length) return;
    var x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
    nodes.forEach(function (n) {
      var p = n.position();
      x1 = Math.min(x1, p.x); y1 = Math.min(y1, p.y); x2 = Math.max(x2, p.x); y2 = Math.max(y2, p.y);
    });
    var w = cy.width(), h = cy.height(), pad = 60;
    var zoom = Math.min((w - 2 * pad) / Math.max(x2 - x1, 1), (h - 2 * pad) / Math.max(y2 - y1, 1), 2);
    cy.viewport({ zoom: zoom, pan: { x: w / 2 - zoom * (x1 + x2) / 2, y: h / 2 - zoom * (y1 + y2) / 2 } });
  }

  function nodeElement(i, position) {
    var a = data.actors[i];
    return { group: "nodes", data: { id: "a" + i, label: a.n, color: COLORS[a.t] || "#999",
             size: Math.min(14 + 3 * Math.sqrt(a.s + a.m), 50) }, position: position };
  }
  function edgeElement(li) {
    var l = data.links[li];
    return { group: "edges", classes: l[2], data: { id: "l" + li, source: "a" + l[0], target: "a" + l[1],
             color: EDGE[l[2]] || "#999", width: Math.min(1 + Math.log2(1 + l[3]) * 1.5, 9), link: li } };
  }
  function drawnNeighbours(i) {
    var out = [];
    linksOf[i].forEach(function (li) {
      var l = data.links[li], other = cy.getElementById("a" + (l[0] === i ? l[1] : l[0]));
      if (other.nonempty() && out.length < 8) out.push(other);
    });
    return out;
  }
  // Add actors (and the links between them and what is drawn) in one batch; new actors without
  // a known position go on a ring around `centre` (or around the middle of the drawing).
  function show(actors, centre) {
    var fresh = actors.filter(function (i) { return cy.getElementById("a" + i).empty(); });
    if (!fresh.length) return fresh;
    var middle = centre ? centre.position() : { x: 0, y: 0 };
    if (!centre && cy.nodes().length) {
      var bb = cy.nodes().boundingBox();
      middle = { x: (bb.x1 + bb.x2) / 2, y: (bb.y1 + bb.y2) / 2 };
    }
    var radius = centre ? 120 : 80 + 40 * Math.sqrt(cy.nodes().length + fresh.length);
    var elements = fresh.map(function (i, k) {
      var p = data.positions[i];
      var near = centre ? [] : drawnNeighbours(i);
      if (!p && near.length) { // beside the actors it is linked to, a little off their middle
        var sx = 0, sy = 0;
        near.forEach(function (n) { sx += n.position().x; sy += n.position().y; });
        var turn = 2.4 * k, off = 45 + 15 * (k % 4);
        p = [sx / near.length + off * Math.cos(turn), sy / near.length + off * Math.sin(turn)];
      }
      if (!p) {
        var angle = 2 * Math.PI * k / fresh.length + (centre ? 0 : 0.3);
        var r = radius * (centre ? 1 : 0.8 + 0.4 * ((k * 7) % 5) / 5);
        p = [middle.x + r * Math.cos(angle), middle.y + r * Math.sin(angle)];
      }
      return nodeElement(i, { x: p[0], y: p[1] });
    });
    cy.batch(function () {
      cy.add(elements);
      var seen = {};
      fresh.forEach(function (i) {
        linksOf[i].forEach(function (li) {
          var l = data.links[li];
          if (seen[li] || cy.getElementById("l" + li).nonempty()) return;
          if (cy.getElementById("a" + l[0]).nonempty() && cy.getElementById("a" + l[1]).nonempty()) {
            cy.add(edgeElement(li));
            seen[li] = true;
          }
        });
      });
    });
    applyFilters();
    return fresh;
  }

  // ---- filters: actor type, article, minimum statements
  var typeBox = document.getElementById("types");
  var types = {};
  data.actors.forEach(function (a) { types[a.t] = (types[a.t] || 0) + 1; });
  Object.keys(types).sort().forEach(function (t) {
    var label = document.createElement("label");
    label.innerHTML = '<input type="checkbox" checked> <span class="swatch"></span>';
    label.querySelector("input").value = t;
    label.appendChild(document.createTextNode(t + " (" + types[t] + ")"));
    label.querySelector(".swatch").style.cssText = "display:inline-block;width:.8em;height:.8em;border-radius:50%;background:" + (COLORS[t] || "#999");
    typeBox.appendChild(label);
  });
  var articleSelect = document.getElementById("article");
  data.articles.forEach(function (a, i) {
    var option = document.createElement("option");
    option.value = String(i);
    option.textContent = (a.title || a.id).slice(0, 70);
    articleSelect.appendChild(option);
  });
  var minInput = document.getElementById("min");

  function applyFilters() {
    var allowed = {};
    typeBox.querySelectorAll("input").forEach(function (box) { allowed[box.value] = box.checked; });
    var article = articleSelect.value === "" ? null : inArticle[Number(articleSelect.value)];
    var min = Number(minInput.value) || 0;
    cy.batch(function () {
      cy.nodes().forEach(function (node) {
        var i = Number(node.id().slice(1)), a = data.actors[i];
        var visible = allowed[a.t] && (!article || article[i]) && (a.s + a.m >= min);
        node.toggleClass("hidden", !visible);
      });
    });
    updateSummary();
  }
  typeBox.addEventListener("change", applyFilters);
  minInput.addEventListener("input", applyFilters);
  articleSelect.addEventListener("change", function () {
    if (articleSelect.value !== "") {
      show(Object.keys(inArticle[Number(articleSelect.value)]).map(Number));
    }
    applyFilters();
    fitPositions(cy.nodes().not(".hidden"));
  });

  function updateSummary() {
    var drawn = cy.nodes().length - cy.nodes(".hidden").length;
    document.getElementById("summary").textContent = drawn + " of " + data.actors.length +
      " actors drawn, " + data.statements.length + " statements, " + data.articles.length + " articles";
  }

  // ---- the side panel
  var panel = document.getElementById("panel");
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function statementList(title, ids) {
    if (!ids.length) return;
    panel.appendChild(el("h3", title + " (" + ids.length + ")"));
    var list = el("ul");
    ids.slice(0, 300).forEach(function (si) {
      var st = data.statements[si], item = el("li");
      var link = el("a", st.x.length > 140 ? st.x.slice(0, 139) + "…" : st.x);
      link.setAttribute("data-statement", si);
      link.addEventListener("click", function () { showStatement(si); });
      item.appendChild(link);
      list.appendChild(item);
    });
    panel.appendChild(list);
    if (ids.length > 300) panel.appendChild(el("p", "… and " + (ids.length - 300) + " more", "hint"));
  }
  function showActor(i) {
    var a = data.actors[i];
    panel.innerHTML = "";
    panel.appendChild(el("h2", a.n));
    panel.appendChild(el("p", a.t + " · " + a.s + " statements made · mentioned in " + a.m, "meta"));
    statementList("Statements", said[i]);
    statementList("Statements about " + a.n, about[i]);
  }
  function showLink(li) {
    var l = data.links[li];
    panel.innerHTML = "";
    panel.appendChild(el("h2", data.actors[l[0]].n + " → " + data.actors[l[1]].n));
    panel.appendChild(el("p", l[2] + " · " + l[3] + " statement(s)", "meta"));
    var ids = said[l[0]].filter(function (si) {
      return data.statements[si].r.some(function (t) { return t[0] === l[1] && t[1] === l[2]; });
    });
    statementList("Statements", ids);
  }
  function showStatement(si) {
    var st = data.statements[si], art = data.articles[st.a];
    panel.innerHTML = "";
    var speaker = st.s >= 0 ? data.actors[st.s].n : "unknown speaker";
    var back = el("a", "← " + speaker);
    if (st.s >= 0) back.addEventListener("click", function () { showActor(st.s); });
    panel.appendChild(back);
    panel.appendChild(el("h2", "Statement"));
    panel.appendChild(el("blockquote", st.x, "statement-text"));
    var meta = el("p", "", "meta");
    meta.textContent = st.k + " · speaker: " + speaker + (st.c ? " · cue: “" + st.c + "”" : "");
    panel.appendChild(meta);
    var where = el("p", "Article: " + (art.title ? art.title + " (" + art.id + ")" : art.id), "meta");
    if (data.article_base) { // served by `kg serve`: link to the statement in its article page
      var open = el("a", " open");
      open.href = data.article_base + encodeURIComponent(art.id) + "#st-" + encodeURIComponent(st.sid);
      where.appendChild(open);
    }
    panel.appendChild(where);
    panel.appendChild(el("h3", "In the article"));
    var context = el("p", undefined, "context");
    var at = 0;
    st.hl.forEach(function (h) {
      context.appendChild(document.createTextNode(st.ctx.slice(at, h[0])));
      context.appendChild(el("mark", st.ctx.slice(h[0], h[1])));
      at = h[1];
    });
    context.appendChild(document.createTextNode(st.ctx.slice(at)));
    panel.appendChild(context);
    var others = st.r.filter(function (t) { return t[0] !== st.s; });
    if (others.length) {
      panel.appendChild(el("h3", "Actors"));
      var list = el("ul");
      others.forEach(function (t) {
        var item = el("li"), link = el("a", data.actors[t[0]].n);
        link.addEventListener("click", function () { focus(t[0]); });
        item.appendChild(link);
        item.appendChild(document.createTextNode(" (" + t[1] + ")"));
        list.appendChild(item);
      });
      panel.appendChild(list);
    }
  }

  function focus(i) {
    show([i]);
    var node = cy.getElementById("a" + i);
    node.removeClass("hidden");
    cy.elements().unselect();
    node.select();
    cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1) }, { duration: 250 });
    showActor(i);
  }

  // ---- search by name (every actor, drawn or not)
  var search = document.getElementById("search");
  function matches(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    return byWeight.filter(function (i) { return data.actors[i].n.toLowerCase().indexOf(q) >= 0; });
  }
  search.addEventListener("input", function () {
    cy.nodes().removeClass("found");
    var found = matches(search.value);
    if (!search.value.trim()) return;
    panel.innerHTML = "";
    panel.appendChild(el("h2", found.length + " match" + (found.length === 1 ? "" : "es")));
    var list = el("ul");
    found.slice(0, 50).forEach(function (i) {
      var item = el("li"), link = el("a", data.actors[i].n, "result");
      link.addEventListener("click", function () { focus(i); });
      item.appendChild(link);
      item.appendChild(document.createTextNode(" · " + data.actors[i].t + ", " + data.actors[i].s + " statements"));
      list.appendChild(item);
      cy.getElementById("a" + i).addClass("found");
    });
    panel.appendChild(list);
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var found = matches(search.value);
      if (found.length) focus(found[0]);
    }
  });

  // ---- clicks and buttons
  cy.on("tap", "node", function (event) { showActor(Number(event.target.id().slice(1))); });
  cy.on("tap", "edge", function (event) { showLink(event.target.data("link")); });
  cy.on("dbltap", "node", function (event) {
    var i = Number(event.target.id().slice(1)), near = [];
    linksOf[i].forEach(function (li) { near.push(data.links[li][0], data.links[li][1]); });
    show(near, event.target);
  });
  document.getElementById("more").addEventListener("click", function () {
    var next = byWeight.filter(function (i) { return cy.getElementById("a" + i).empty(); }).slice(0, STEP);
    show(next);
  });
  document.getElementById("fit").addEventListener("click", function () { fitPositions(cy.nodes().not(".hidden")); });

  show(data.initial);
  fitPositions(cy.nodes());
  window.kgGraph = { cy: cy, data: data }; // for tests and the curious
})();
