/*
 * crimekg map page script.  Reads the JSON embedded in #crimekg-data (written
 * by crimekg.viz), draws it with vis-network and wires search, filters,
 * legend, tooltips and the details panel.
 *
 * Safety rule of this file: data never reaches innerHTML.  Every piece of
 * text from the graph (labels, aliases, titles, sentences) becomes a DOM text
 * node (see h()), a canvas label drawn by vis-network, or a form value.
 */
(() => {
  'use strict';

  const data = JSON.parse(document.getElementById('crimekg-data').textContent);
  const meta = data.meta || {};
  const $ = (id) => document.getElementById(id);
  const N = data.nodes.length;
  const M = data.edges.length;
  const large = N > 300 || M > 3000;

  /* ------------------------------------------------------------ DOM helpers */

  // h('p', {class: 'x'}, 'text', child): element with text children as text nodes.
  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    if (props) {
      for (const [key, value] of Object.entries(props)) {
        if (value == null || value === false) continue;
        if (key === 'class') el.className = value;
        else if (key === 'style') Object.assign(el.style, value);
        else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
        else el.setAttribute(key, String(value)); // fixed attribute names only (never href/src)
      }
    }
    for (const child of children.flat(Infinity)) {
      if (child == null || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  // replace the children of el, skipping null/false (as h() does)
  function put(el, ...children) {
    el.replaceChildren(...children.flat(Infinity).filter((c) => c != null && c !== false)
      .map((c) => (c instanceof Node ? c : document.createTextNode(String(c)))));
  }

  function hexToRgba(hex, alpha) {
    const v = parseInt(hex.slice(1), 16);
    return `rgba(${(v >> 16) & 255},${(v >> 8) & 255},${v & 255},${alpha})`;
  }

  function darker(hex) {
    const v = parseInt(hex.slice(1), 16);
    const c = (s) => Math.round(((v >> s) & 255) * 0.6);
    return `rgb(${c(16)},${c(8)},${c(0)})`;
  }

  const fold = (s) => String(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .toLowerCase().replace(/\s+/g, ' ').trim();

  const fmt = (x) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3));

  const plural = (n, one, many) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

  /* ------------------------------------------------------------ lookups */

  const typeInfo = new Map(data.types.map((t) => [t.name, t]));
  const kindLabelByName = new Map(data.kinds.map((k) => [k.name, k.label]));
  const adjacency = Array.from({length: N}, () => []);
  for (const e of data.edges) {
    adjacency[e.from].push(e.id);
    adjacency[e.to].push(e.id);
  }
  const maxWeight = data.edges.reduce((m, e) => Math.max(m, e.w), 0) || 1;

  /* ------------------------------------------------------------ network */

  const nodesData = new vis.DataSet(data.nodes.map((n) => {
    const t = typeInfo.get(n.type);
    const colour = {background: t.colour, border: darker(t.colour)};
    return {
      id: n.id, label: n.label, x: n.x, y: n.y, value: n.value, shape: t.shape,
      color: {...colour, highlight: {background: t.colour, border: '#111'}, hover: {background: t.colour, border: '#111'}},
    };
  }));
  const edgesData = new vis.DataSet(data.edges.map((e) => {
    const k = e.main == null ? null : data.kinds[e.main];
    const colour = k ? k.colour : '#999999';
    return {
      id: e.id, from: e.from, to: e.to,
      width: 1 + 4 * Math.sqrt(Math.max(e.w, 0) / maxWeight),
      dashes: k ? k.dashes : true,
      color: {color: hexToRgba(colour, large ? 0.3 : 0.75), highlight: colour, hover: colour, inherit: false},
    };
  }));

  const nodeOn = new Uint8Array(N).fill(1);
  const edgeOn = new Uint8Array(M).fill(1);
  const nodesView = new vis.DataView(nodesData, {filter: (item) => nodeOn[item.id] === 1});
  const edgesView = new vis.DataView(edgesData, {filter: (item) => edgeOn[item.id] === 1});

  const physics = meta.physics ? {
    enabled: true, solver: 'barnesHut',
    barnesHut: {gravitationalConstant: -9000, springLength: 160, springConstant: 0.025, damping: 0.4, avoidOverlap: 0.6},
    stabilization: {enabled: true, iterations: 200, fit: true},
  } : {enabled: false};

  const network = new vis.Network($('graph'), {nodes: nodesView, edges: edgesView}, {
    autoResize: true,
    layout: {improvedLayout: false, randomSeed: 1},
    physics,
    nodes: {
      borderWidth: 1,
      widthConstraint: {maximum: 170},
      scaling: {min: 8, max: 40, label: {enabled: true, min: 12, max: 20, drawThreshold: 6, maxVisible: 30}},
      font: {face: 'system-ui, sans-serif', color: '#1b1b1b', strokeWidth: 3, strokeColor: '#ffffff'},
    },
    edges: {smooth: false, selectionWidth: 2, hoverWidth: 0.5},
    interaction: {
      hover: true, hideEdgesOnDrag: large, hideEdgesOnZoom: large,
      navigationButtons: true, keyboard: false, multiselect: false, tooltipDelay: 100,
    },
  });

  const view = {
    network, data, nodesView, edgesView, ready: false,
    counts: () => ({
      nodes: nodesView.length, edges: edgesView.length,
      drawnNodes: network.body.nodeIndices.length, drawnEdges: network.body.edgeIndices.length,
    }),
  };
  window.crimekgView = view;

  /* ------------------------------------------------------------ filters */

  let current = null; // what the details panel shows: {kind: 'node'|'edge', id}

  const state = {
    types: new Set(data.types.map((t) => t.name)),
    kinds: new Set(data.kinds.map((k, i) => i)),
    threat: -1, programme: -1, since: null, until: null,
  };
  const [minYear, maxYear] = data.years.length ? data.years : [null, null];

  const kindFilterOn = () => data.kinds.some((k, i) => k.count > 0 && !state.kinds.has(i));
  const yearFilterOn = () => (state.since != null && state.since > minYear) || (state.until != null && state.until < maxYear);

  function applyFilters() {
    const kindsOn = kindFilterOn();
    const yearsOn = yearFilterOn();
    const since = state.since == null ? -Infinity : state.since;
    const until = state.until == null ? Infinity : state.until;
    const edgeFilter = kindsOn || yearsOn || state.threat >= 0 || state.programme >= 0;
    const typeOk = data.nodes.map((n) => state.types.has(n.type));
    const linked = new Uint8Array(N);
    for (const e of data.edges) {
      let on = typeOk[e.from] && typeOk[e.to];
      if (on && kindsOn) on = e.kinds.some((k) => state.kinds.has(k));
      if (on && state.threat >= 0) on = e.threats.includes(state.threat);
      if (on && state.programme >= 0) on = e.programmes.includes(state.programme);
      if (on && yearsOn) on = e.years.some((y) => y >= since && y <= until);
      edgeOn[e.id] = on ? 1 : 0;
      if (on) linked[e.from] = linked[e.to] = 1;
    }
    for (const n of data.nodes) {
      let on = typeOk[n.id];
      if (on && edgeFilter && !linked[n.id]) {
        // an actor without a matching link still shows if it is itself tagged with the chosen threat/programme
        on = (state.threat >= 0 || state.programme >= 0) && !kindsOn && !yearsOn
          && (state.threat < 0 || n.threats.includes(state.threat))
          && (state.programme < 0 || n.programmes.includes(state.programme));
      }
      nodeOn[n.id] = on ? 1 : 0;
    }
    nodesView.refresh();
    edgesView.refresh();
    updateStats();
    if (current) (current.kind === 'node' ? showNode : showEdge)(current.id);
  }

  function updateStats() {
    const c = view.counts();
    const parts = [`Showing ${c.nodes.toLocaleString('en')} of ${plural(N, 'actor', 'actors')}`,
      `${c.edges.toLocaleString('en')} of ${plural(M, 'link', 'links')}`];
    if (meta.note) parts.push(meta.note);
    $('stats').textContent = parts.join(' · ');
    $('empty').hidden = c.nodes > 0;
  }

  function fillSelect(select, labels) {
    labels.forEach((label, i) => select.append(h('option', {value: String(i)}, label)));
    select.disabled = labels.length === 0;
  }
  fillSelect($('f-threat'), data.threats);
  fillSelect($('f-programme'), data.programmes);
  $('f-threat').addEventListener('change', (ev) => { state.threat = ev.target.value === '' ? -1 : Number(ev.target.value); applyFilters(); });
  $('f-programme').addEventListener('change', (ev) => { state.programme = ev.target.value === '' ? -1 : Number(ev.target.value); applyFilters(); });

  for (const [id, key] of [['f-since', 'since'], ['f-until', 'until']]) {
    const input = $(id);
    if (minYear == null) {
      input.disabled = true;
      continue;
    }
    input.min = String(minYear);
    input.max = String(maxYear);
    input.placeholder = String(key === 'since' ? minYear : maxYear);
    input.addEventListener('input', () => {
      const v = input.value.trim() === '' ? null : Number(input.value);
      state[key] = Number.isFinite(v) ? v : null;
      applyFilters();
    });
  }

  const typeList = $('legend-types');
  for (const t of data.types) {
    const box = h('input', {type: 'checkbox', checked: 'checked', 'aria-label': `show ${t.label}`});
    box.dataset.type = t.name;
    box.addEventListener('change', () => { (box.checked ? state.types.add(t.name) : state.types.delete(t.name)); applyFilters(); });
    typeList.append(h('li', null, h('label', null, box,
      h('span', {class: `swatch shape-${t.shape}`, style: {backgroundColor: t.colour, borderColor: darker(t.colour)}}),
      t.label, h('span', {class: 'count'}, t.count))));
  }
  const kindList = $('legend-kinds');
  data.kinds.forEach((k, i) => {
    if (k.count === 0) return;
    const box = h('input', {type: 'checkbox', checked: 'checked', 'aria-label': `show ${k.label} links`});
    box.dataset.kind = k.name;
    box.addEventListener('change', () => { (box.checked ? state.kinds.add(i) : state.kinds.delete(i)); applyFilters(); });
    kindList.append(h('li', null, h('label', null, box,
      h('span', {class: 'line', style: {borderTopColor: k.colour, borderTopStyle: k.dashes ? 'dashed' : 'solid'}}),
      k.label, h('span', {class: 'count'}, k.count))));
  });
  $('size-note').textContent = `Node size: ${meta.size_by || 'degree'} centrality.`;

  $('f-reset').addEventListener('click', () => {
    state.types = new Set(data.types.map((t) => t.name));
    state.kinds = new Set(data.kinds.map((k, i) => i));
    state.threat = state.programme = -1;
    state.since = state.until = null;
    for (const box of document.querySelectorAll('.legend input[type=checkbox]')) box.checked = true;
    $('f-threat').value = $('f-programme').value = '';
    $('f-since').value = $('f-until').value = '';
    applyFilters();
  });

  /* ------------------------------------------------------------ details panel */

  function partnerButton(id) {
    return h('button', {type: 'button', class: 'partner', onclick: (ev) => { ev.preventDefault(); ev.stopPropagation(); choose(id); }},
      data.nodes[id].label);
  }

  function tags(title, labels) {
    if (!labels.length) return null;
    return h('p', {class: 'tags'}, h('span', {class: 'tag-title'}, `${title}: `), labels.map((l) => h('span', {class: 'tag'}, l)));
  }

  function kindBadges(edge) {
    return edge.kinds.map((k) => h('span', {class: 'badge', style: {borderColor: data.kinds[k].colour}}, data.kinds[k].label));
  }

  function evidenceItem(record) {
    return h('li', {class: 'evidence'},
      h('p', {class: 'ev-head'},
        record.kind ? h('span', {class: 'badge'}, kindLabelByName.get(record.kind) || record.kind) : null,
        record.via_label ? h('span', {class: 'via'}, ` via ${record.via_label}`) : null),
      h('blockquote', null, record.sentence || '(no sentence recorded)'),
      h('cite', null, record.title || record.document || 'unknown document', record.date ? ` (${record.date})` : ''));
  }

  function evidenceList(edge, limit) {
    const items = edge.ev.slice(0, limit == null ? edge.ev.length : limit).map((i) => evidenceItem(data.evidence[i]));
    return h('ol', {class: 'evidence-list'}, items);
  }

  function showNode(id) {
    current = {kind: 'node', id};
    const n = data.nodes[id];
    const t = typeInfo.get(n.type);
    const all = adjacency[id].slice();
    const shown = all.filter((e) => edgeOn[e]);
    const other = (e) => (data.edges[e].from === id ? data.edges[e].to : data.edges[e].from);
    shown.sort((a, b) => data.edges[b].w - data.edges[a].w || data.nodes[other(a)].label.localeCompare(data.nodes[other(b)].label));
    const partners = shown.map((e) => {
      const edge = data.edges[e];
      return h('li', null, h('details', {open: shown.length <= 3 ? 'open' : null},
        h('summary', null, h('span', {class: 'sum-main'}, partnerButton(other(e)), kindBadges(edge)),
          h('span', {class: 'count'}, plural(edge.ev.length, 'source', 'sources'))),
        evidenceList(edge)));
    });
    put($('panel-body'), 
      h('h2', {id: 'panel-title'}, n.label),
      h('p', {class: 'type'}, h('span', {class: `swatch shape-${t.shape}`, style: {backgroundColor: t.colour}}), t.label),
      n.aliases.length ? h('p', {class: 'aliases'}, 'Also known as: ', n.aliases.join('; ')) : null,
      tags('Threats', n.threats.map((i) => data.threats[i])),
      tags('Programmes', n.programmes.map((i) => data.programmes[i])),
      h('p', {class: 'score'}, `${meta.size_by || 'degree'} centrality: ${fmt(n.score)}`),
      h('p', {class: 'iri'}, n.iri),
      nodeOn[id] ? null : h('p', {class: 'warn'}, 'Hidden by the current filters.'),
      h('h3', null, `Partners (${shown.length})`, shown.length > 3 ? h('button', {type: 'button', id: 'expand-all',
        class: 'small', onclick: () => {
          const boxes = [...document.querySelectorAll('#partners details')];
          const open = !boxes.every((d) => d.open);
          boxes.forEach((d) => { d.open = open; });
        }}, 'show/hide all evidence') : null),
      all.length > shown.length ? h('p', {class: 'hint'}, `${all.length - shown.length} more hidden by the filters.`) : null,
      h('ul', {class: 'partners', id: 'partners'}, partners));
    panelShown(true);
  }

  function showEdge(id) {
    current = {kind: 'edge', id};
    const e = data.edges[id];
    put($('panel-body'), 
      h('h2', {id: 'panel-title'}, `${data.nodes[e.from].label} — ${data.nodes[e.to].label}`),
      h('p', null, partnerButton(e.from), ' — ', partnerButton(e.to)),
      h('p', null, kindBadges(e), h('span', {class: 'count'}, `weight ${fmt(e.w)}`)),
      e.years.length ? h('p', null, `Years: ${e.years.join(', ')}`) : null,
      tags('Threats', e.threats.map((i) => data.threats[i])),
      tags('Programmes', e.programmes.map((i) => data.programmes[i])),
      edgeOn[id] ? null : h('p', {class: 'warn'}, 'Hidden by the current filters.'),
      h('h3', null, `Evidence (${e.ev.length})`),
      evidenceList(e));
    panelShown(true);
  }

  function hidePanel() {
    current = null;
    panelShown(false);
  }
  $('panel-close').addEventListener('click', () => { hidePanel(); network.unselectAll(); });

  // the panel takes or gives back room: let the canvas follow at once
  function panelShown(visible) {
    if ($('panel').hidden === !visible) return;
    $('panel').hidden = !visible;
    network.setSize('100%', '100%');
    network.redraw();
  }

  function selectNode(id, focus = true) {
    showNode(id);
    if (nodeOn[id]) {
      network.selectNodes([id]);
      if (focus) network.focus(id, {scale: Math.max(network.getScale(), 1.0), animation: large ? false : {duration: 300}});
    } else {
      network.unselectAll();
    }
  }
  view.select = selectNode;

  /* ------------------------------------------------------------ search */

  const searchIndex = data.nodes.map((n) => ({label: fold(n.label), aliases: n.aliases.map(fold)}));
  const results = $('search-results');
  const search = $('search');
  let hits = [];
  let active = 0;

  function rank(query) {
    const q = fold(query);
    if (!q) return [];
    const found = [];
    searchIndex.forEach((s, id) => {
      let score = null;
      let alias = null;
      if (s.label === q) score = 0;
      else if (s.label.startsWith(q)) score = 1;
      else if (s.aliases.includes(q)) { score = 2; alias = data.nodes[id].aliases[s.aliases.indexOf(q)]; }
      else if (s.label.includes(q)) score = 3;
      else {
        const i = s.aliases.findIndex((a) => a.includes(q));
        if (i >= 0) { score = 4; alias = data.nodes[id].aliases[i]; }
      }
      if (score != null) found.push({id, score, alias});
    });
    found.sort((a, b) => a.score - b.score || data.nodes[b.id].value - data.nodes[a.id].value);
    return found.slice(0, 12);
  }

  function showResults() {
    put(results, hits.map((hit, i) => {
      const n = data.nodes[hit.id];
      return h('li', {role: 'option', class: i === active ? 'active' : null, 'aria-selected': i === active ? 'true' : 'false',
        onmousedown: (ev) => { ev.preventDefault(); choose(hit.id); }},
        h('span', {class: 'r-label'}, n.label),
        h('span', {class: 'r-type'}, typeInfo.get(n.type).label),
        hit.alias ? h('span', {class: 'r-alias'}, `alias: ${hit.alias}`) : null,
        nodeOn[hit.id] ? null : h('span', {class: 'r-alias'}, '(filtered out)'));
    }));
    results.hidden = hits.length === 0 && !search.value.trim();
    if (!hits.length && search.value.trim()) put(results, h('li', {class: 'none'}, 'No actor matches.'));
  }

  function choose(id) {
    results.hidden = true;
    search.value = data.nodes[id].label;
    selectNode(id);
  }
  view.choose = choose;

  search.addEventListener('input', () => { hits = rank(search.value); active = 0; showResults(); });
  search.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      if (!hits.length) return;
      active = (active + (ev.key === 'ArrowDown' ? 1 : hits.length - 1)) % hits.length;
      showResults();
      ev.preventDefault();
    } else if (ev.key === 'Enter') {
      hits = rank(search.value);
      if (hits.length) choose(hits[Math.min(active, hits.length - 1)].id);
      ev.preventDefault();
    } else if (ev.key === 'Escape') {
      results.hidden = true;
    }
  });
  search.addEventListener('blur', () => { results.hidden = true; });

  /* ------------------------------------------------------------ tooltips */

  const tip = $('tooltip');
  const wrap = $('graph-wrap');
  const clip = (s, n) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

  function nodeTip(id) {
    const n = data.nodes[id];
    const partners = adjacency[id].filter((e) => edgeOn[e]).length;
    return [
      h('strong', null, n.label),
      h('div', {class: 'tip-type'}, typeInfo.get(n.type).label),
      n.aliases.length ? h('div', null, `Also: ${clip(n.aliases.slice(0, 5).join('; '), 160)}`) : null,
      h('div', null, `${plural(partners, 'partner', 'partners')} · ${meta.size_by || 'degree'} ${fmt(n.score)}`),
      h('div', {class: 'tip-hint'}, 'Click for partners and evidence.'),
    ];
  }

  function edgeTip(id) {
    const e = data.edges[id];
    const shown = e.ev.slice(0, 3).map((i) => {
      const r = data.evidence[i];
      return h('div', {class: 'tip-ev'}, h('div', {class: 'tip-sentence'}, `“${clip(r.sentence || '', 240)}”`),
        h('div', {class: 'tip-cite'}, r.title || r.document || 'unknown document', r.date ? ` (${r.date})` : ''));
    });
    return [
      h('strong', null, `${data.nodes[e.from].label} — ${data.nodes[e.to].label}`),
      h('div', null, kindBadges(e)),
      shown,
      e.ev.length > 3 ? h('div', {class: 'tip-hint'}, `+${e.ev.length - 3} more: click the link.`) : null,
    ];
  }

  function showTip(children, pointer) {
    put(tip, children);
    tip.hidden = false;
    const box = wrap.getBoundingClientRect();
    const x = Math.min(pointer.x + 14, box.width - tip.offsetWidth - 8);
    const y = Math.min(pointer.y + 14, box.height - tip.offsetHeight - 8);
    tip.style.left = `${Math.max(4, x)}px`;
    tip.style.top = `${Math.max(4, y)}px`;
  }
  const hideTip = () => { tip.hidden = true; };

  network.on('hoverNode', (p) => showTip(nodeTip(p.node), p.pointer.DOM));
  network.on('hoverEdge', (p) => showTip(edgeTip(p.edge), p.pointer.DOM));
  network.on('blurNode', hideTip);
  network.on('blurEdge', hideTip);
  network.on('dragStart', hideTip);
  network.on('zoom', hideTip);
  network.on('click', (p) => {
    hideTip();
    if (p.nodes.length) showNode(p.nodes[0]);
    else if (p.edges.length) showEdge(p.edges[0]);
    else hidePanel();
  });
  view.nodeTip = (id) => showTip(nodeTip(id), {x: 10, y: 10});
  view.edgeTip = (id) => showTip(edgeTip(id), {x: 10, y: 10});

  /* ------------------------------------------------------------ geographic grid */

  if (meta.layout === 'geo' && meta.geo_scale) {
    const S = meta.geo_scale;
    const located = data.nodes.filter((n) => n.lat != null);
    const lons = located.map((n) => n.lon);
    const lats = located.map((n) => n.lat);
    const step = 10;
    const west = Math.max(-180, Math.floor((Math.min(...lons, 0) - step) / step) * step);
    const east = Math.min(180, Math.ceil((Math.max(...lons, 0) + step) / step) * step);
    const south = Math.max(-80, Math.floor((Math.min(...lats, 0) - step) / step) * step);
    const north = Math.min(80, Math.ceil((Math.max(...lats, 0) + step) / step) * step);
    network.on('beforeDrawing', (ctx) => {
      if (!located.length) return;
      const px = 1 / network.getScale();
      ctx.save();
      ctx.lineWidth = px;
      ctx.font = `${11 * px}px system-ui, sans-serif`;
      ctx.fillStyle = '#8a96a3';
      for (let lon = west; lon <= east; lon += step) {
        ctx.strokeStyle = lon === 0 ? '#b8c2cc' : '#e3e8ee';
        ctx.beginPath(); ctx.moveTo(lon * S, -north * S); ctx.lineTo(lon * S, -south * S); ctx.stroke();
        ctx.fillText(`${Math.abs(lon)}°${lon < 0 ? 'W' : lon > 0 ? 'E' : ''}`, lon * S + 3 * px, -north * S + 12 * px);
      }
      for (let lat = south; lat <= north; lat += step) {
        ctx.strokeStyle = lat === 0 ? '#b8c2cc' : '#e3e8ee';
        ctx.beginPath(); ctx.moveTo(west * S, -lat * S); ctx.lineTo(east * S, -lat * S); ctx.stroke();
        ctx.fillText(`${Math.abs(lat)}°${lat < 0 ? 'S' : lat > 0 ? 'N' : ''}`, west * S + 3 * px, -lat * S - 3 * px);
      }
      ctx.restore();
    });
  }

  /* ------------------------------------------------------------ start */

  function ready() {
    if (view.ready) return;
    view.ready = true;
    document.body.dataset.ready = '1';
    if (meta.focus != null && data.nodes[meta.focus]) {
      selectNode(meta.focus, false);
      network.fit({animation: false}); // the panel took room from the canvas
    }
  }
  updateStats();
  if (meta.physics) {
    network.once('stabilizationIterationsDone', () => network.fit({animation: false}));
  } else {
    network.fit({animation: false});
  }
  network.once('afterDrawing', ready);
  network.redraw();
})();
