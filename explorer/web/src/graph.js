// The research graph: Cytoscape.js on a canvas, fed by graphSlice, with its list twin for
// keyboard and screen-reader users. Clicking a node (or its button in the list) expands it.

import cytoscape from 'cytoscape';

import { fill, formatWeight, h, plural, s } from './dom.js';
import { hiddenByFilters } from './filters.js';
import { arcAround, fitViewport, ringPositions } from './layout.js';
import { EXPAND_SLICE, FIRST_SLICE, fetchSlice } from './slice.js';
import {
  CENTER_SIZE,
  NODE_TYPES,
  TYPE_ORDER,
  edgeType,
  edgeWidth,
  nodeType,
  stylesheet,
} from './theme.js';

// Marks for benchmarks/explorer_benchmark.py: when this code (with Cytoscape) has arrived.
performance.mark('explorer:graph-code');

export { NODE_TYPES };

const READABLE_ZOOM = 0.85;
const CLOSE_ZOOM = 1.25;

function edgeKey({ source, target, type }) {
  const [a, b] =
    type === 'COLLABORATES_WITH' && target < source ? [target, source] : [source, target];
  return `edge:${type}:${a}\u0000${b}`;
}

// A small SVG of a node type's shape and colour, for the legend and the list.
export function shapeIcon(type, size = 14) {
  const t = nodeType(type);
  const attrs = { fill: t.color, stroke: '#1a1a1a', 'stroke-width': 1 };
  const m = size / 2;
  const shapes = {
    ellipse: () => s('circle', { cx: m, cy: m, r: m - 1, ...attrs }),
    'round-rectangle': () =>
      s('rect', { x: 1, y: 3, width: size - 2, height: size - 6, rx: 3, ...attrs }),
    diamond: () =>
      s('polygon', { points: `${m},1 ${size - 1},${m} ${m},${size - 1} 1,${m}`, ...attrs }),
    hexagon: () => {
      const q = size / 4;
      return s('polygon', {
        points: `${q},1 ${size - q},1 ${size - 1},${m} ${size - q},${size - 1} ${q},${size - 1} 1,${m}`,
        ...attrs,
      });
    },
    triangle: () =>
      s('polygon', { points: `${m},1 ${size - 1},${size - 1} 1,${size - 1}`, ...attrs }),
    rectangle: () => s('rect', { x: 1, y: 1, width: size - 2, height: size - 2, ...attrs }),
  };
  return s(
    'svg',
    {
      width: size,
      height: size,
      viewBox: `0 0 ${size} ${size}`,
      'aria-hidden': 'true',
      focusable: 'false',
    },
    (shapes[t.shape] ?? shapes.rectangle)(),
  );
}

export class GraphView {
  constructor(root, { hrefForAuthor, hrefForExplore, showExploreLink = true }) {
    this.root = root;
    this.hrefForAuthor = hrefForAuthor;
    this.hrefForExplore = hrefForExplore;
    this.showExploreLink = showExploreLink;
    this.pending = new Set();
    this.centerId = null;
    this.truncated = false;
    this.build();
    this.cy = cytoscape({
      container: this.canvas,
      style: stylesheet(),
      minZoom: 0.15,
      maxZoom: 3,
      boxSelectionEnabled: false,
      selectionType: 'single',
    });
    // Cytoscape caches where its container sits on the page (for hit-testing taps and hovers).
    // The profile and the works arriving move the container without resizing it, so tell
    // Cytoscape whenever the page's size changes.
    new ResizeObserver(() => this.cy.resize()).observe(document.body);
    // For the browser tests and the benchmark: read, never drive the page through this.
    window.__explorer = { cy: this.cy, view: this };
    this.bindGraphEvents();
  }

  // -- building the panel ---------------------------------------------------------------------

  build() {
    this.typeBoxes = new Map();
    this.typeCounts = new Map();
    const legendItems = TYPE_ORDER.map((type) => {
      const box = h('input', { type: 'checkbox', checked: true, 'data-type': type });
      box.addEventListener('change', () => this.applyFilters());
      this.typeBoxes.set(type, box);
      const counter = h('span', { className: 'legend-count', text: '0' });
      this.typeCounts.set(type, counter);
      return h(
        'label',
        { className: 'legend-item' },
        box,
        shapeIcon(type, 16),
        h('span', { text: NODE_TYPES[type].many }),
        counter,
      );
    });
    this.strength = h('input', {
      type: 'range',
      id: 'min-strength',
      min: 0,
      max: 1,
      step: 0.05,
      value: 0,
    });
    this.strengthOut = h('output', { for: 'min-strength', text: '0' });
    this.strength.addEventListener('input', () => {
      this.strengthOut.textContent = formatWeight(Number(this.strength.value));
      this.applyFilters();
    });
    this.layoutSelect = h(
      'select',
      { id: 'graph-layout' },
      h('option', { value: 'rings', text: 'Rings by distance' }),
      h('option', { value: 'force', text: 'Force-directed' }),
    );
    this.layoutSelect.addEventListener('change', () => this.layout({ fit: true, animate: true }));

    this.canvas = h('div', {
      id: 'graph',
      className: 'graph-canvas',
      role: 'img',
      'aria-label': 'Research graph (loading)',
      'data-state': 'loading',
    });
    this.status = h('p', {
      className: 'graph-status',
      role: 'status',
      'aria-live': 'polite',
      'data-loading': 'true',
      text: 'building this graph slice…',
    });
    this.error = h('div', { className: 'alert graph-error', role: 'alert', hidden: true });
    this.details = h(
      'section',
      { className: 'graph-details', 'aria-labelledby': 'details-heading', 'aria-live': 'polite' },
      h('h3', { id: 'details-heading', text: 'Selected' }),
      h('p', {
        className: 'muted',
        text: 'Click a node to expand it, or a line to read its weight.',
      }),
    );
    this.list = h('div', { className: 'neighbour-groups' });

    this.root.replaceChildren(
      h(
        'div',
        { className: 'graph-toolbar' },
        h(
          'fieldset',
          { className: 'legend' },
          h('legend', { text: 'Node types (untick to hide)' }),
          legendItems,
        ),
        h(
          'div',
          { className: 'control' },
          h('label', { for: 'min-strength', text: 'Minimum collaboration strength ' }),
          this.strength,
          this.strengthOut,
        ),
        h(
          'div',
          { className: 'control' },
          h('label', { for: 'graph-layout', text: 'Layout ' }),
          this.layoutSelect,
          h('button', {
            type: 'button',
            text: 'Arrange',
            title: 'Lay the whole graph out again (expansions are placed beside their node)',
            onclick: () => this.layout({ fit: true, animate: true }),
          }),
        ),
        h('button', {
          type: 'button',
          text: 'Fit to view',
          onclick: () => this.cy.animate({ fit: { padding: 30 } }),
        }),
      ),
      h(
        'p',
        { className: 'legend-note muted' },
        'Line width shows the weight (collaboration strength, topic score); hover or select a line for its value. ',
        'Thick black borders mark the centre and the expanded nodes.',
      ),
      h(
        'div',
        { className: 'graph-body' },
        h('div', { className: 'graph-stage' }, this.canvas, this.status, this.error),
        h(
          'aside',
          { className: 'graph-side', 'aria-label': 'Graph details and the same graph as a list' },
          this.details,
          h(
            'section',
            { className: 'neighbours', 'aria-labelledby': 'neighbours-heading' },
            h('h3', { id: 'neighbours-heading', text: 'The graph as a list' }),
            h('p', {
              className: 'muted',
              text: 'Each name is a button: press it to expand that node.',
            }),
            this.list,
          ),
        ),
      ),
    );
  }

  bindGraphEvents() {
    this.cy.on('tap', 'node', (event) => this.expand(event.target.id()));
    this.cy.on('tap', 'edge', (event) => this.showDetails(event.target));
    this.cy.on('select', 'node', (event) => this.focus(event.target));
    this.cy.on('mouseover', 'node, edge', (event) => {
      this.canvas.title = this.describe(event.target);
      this.canvas.classList.add('pointing');
    });
    this.cy.on('mouseout', 'node, edge', () => {
      this.canvas.title = '';
      this.canvas.classList.remove('pointing');
    });
  }

  // -- loading and merging --------------------------------------------------------------------

  // `prefetched`: the first slice's request, when the page started it before this module loaded.
  async load(centerId, prefetched = null) {
    this.centerId = centerId;
    this.setBusy(centerId, true);
    try {
      const { slice, timing } = await (prefetched ?? fetchSlice(centerId, FIRST_SLICE));
      window.__firstSliceFetch = timing;
      performance.mark('explorer:slice-received');
      this.centerId = slice.center.id;
      this.merge(slice, null);
      await this.layout({ fit: true, animate: false });
      const center = this.cy.getElementById(slice.center.id);
      center.select();
      this.showDetails(center);
      performance.mark('explorer:slice-laid-out');
      requestAnimationFrame(() => {
        window.__firstSliceDrawnAt = performance.now();
      });
      return slice;
    } catch (error) {
      this.fail(error);
      return null;
    } finally {
      this.setBusy(centerId, false);
    }
  }

  async expand(id) {
    const node = this.cy.getElementById(id);
    if (node.empty()) return;
    this.cy.elements().unselect();
    node.select();
    this.showDetails(node);
    if (node.hasClass('expanded') || this.pending.has(id)) return;
    this.setBusy(id, true);
    try {
      const { slice } = await fetchSlice(id, EXPAND_SLICE);
      const added = this.merge(slice, node);
      node.addClass('expanded');
      this.focus(node);
      this.error.hidden = true;
      this.applyFilters(); // the list shows the new nodes at once, before the layout animates
      if (added.nonempty()) await this.reveal(node.union(added));
      this.showDetails(node);
    } catch (error) {
      this.fail(error, { keepGraph: true });
    } finally {
      this.setBusy(id, false);
    }
  }

  // Adds the slice's new nodes and edges; returns the new nodes. New nodes of an expansion are
  // placed on an arc around the expanded node, facing away from the centre, so that what was
  // already drawn stays where it was.
  merge(slice, origin) {
    const cy = this.cy;
    const ring = origin ? origin.data('ring') : 0;
    const fresh = slice.nodes.filter((n) => cy.getElementById(n.id).empty());
    const spots = origin ? this.arcAround(origin, fresh.length) : [];
    this.truncated = this.truncated || slice.truncated;
    // One add() for the whole slice: adding element by element (and uniting the results) made
    // a collection per element, most of the first view's set-up on a first visit.
    const nodes = fresh.map((n, i) => {
      const isCenter = !origin && n.id === slice.center.id;
      return {
        group: 'nodes',
        data: {
          id: n.id,
          type: n.type,
          label: n.label,
          weight: n.weight,
          ring: ring + n.depth,
          size: isCenter ? CENTER_SIZE : nodeType(n.type).size,
        },
        classes: isCenter ? 'center expanded' : '',
        position: spots[i] ?? { x: 0, y: 0 },
      };
    });
    const present = (id) => cy.getElementById(id).nonempty();
    const freshIds = new Set(fresh.map((n) => n.id));
    const edgeIds = new Set();
    const edges = [];
    for (const e of slice.edges) {
      const id = edgeKey(e);
      if (edgeIds.has(id) || present(id)) continue;
      if (!(freshIds.has(e.source) || present(e.source))) continue;
      if (!(freshIds.has(e.target) || present(e.target))) continue;
      edgeIds.add(id);
      edges.push({
        group: 'edges',
        data: {
          id,
          source: e.source,
          target: e.target,
          type: e.type,
          weight: e.weight,
          width: edgeWidth(e.weight),
          weightLabel: edgeType(e.type).weight ? formatWeight(e.weight) : '',
        },
      });
    }
    const added = cy.add([...nodes, ...edges]).nodes();
    const strongest = cy
      .edges('[type = "COLLABORATES_WITH"]')
      .reduce((max, edge) => Math.max(max, edge.data('weight')), 1);
    // Beyond 5 (five two-author papers together) the slider would lose its fine steps.
    this.strength.max = String(Math.min(5, Math.ceil(strongest * 4) / 4));
    this.applyFilters({ refresh: false });
    return added;
  }

  arcAround(origin, count) {
    return arcAround({
      at: origin.position(),
      center: this.cy.getElementById(this.centerId).position(),
      count,
      taken: this.cy.nodes().map((n) => n.position()),
    });
  }

  layout({ fit, animate }) {
    const common = {
      fit,
      padding: 30,
      animate,
      animationDuration: 350,
      nodeDimensionsIncludeLabels: true,
    };
    const options =
      this.layoutSelect.value === 'force'
        ? {
            name: 'cose',
            ...common,
            randomize: false,
            idealEdgeLength: () => 90,
            nodeRepulsion: () => 9000,
          }
        : this.presetRings(common);
    const layout = this.cy.layout(options);
    const done = layout.promiseOn('layoutstop');
    layout.run();
    return done;
  }

  // The rings, fitted by their positions (layout.js fitViewport) rather than by Cytoscape's
  // measuring of every element.
  presetRings(common) {
    const cy = this.cy;
    const nodes = cy.nodes().map((n) => ({
      id: n.id(),
      type: n.data('type'),
      ring: n.data('ring'),
      weight: n.data('weight'),
      size: n.data('size'),
    }));
    const positions = ringPositions(nodes, { width: cy.width(), height: cy.height() });
    const options = { name: 'preset', ...common, positions: (n) => positions[n.id()] };
    if (!common.fit) return options;
    const viewport = fitViewport(
      nodes
        .filter((n) => !cy.getElementById(n.id).hasClass('filtered'))
        .map((n) => ({ ...positions[n.id], size: n.size })),
      {
        width: cy.width(),
        height: cy.height(),
        padding: common.padding,
        minZoom: cy.minZoom(),
        maxZoom: cy.maxZoom(),
      },
    );
    return viewport ? { ...options, fit: false, ...viewport } : options;
  }

  focus(node) {
    this.cy.batch(() => {
      this.cy.edges('.focus').removeClass('focus');
      node.connectedEdges().addClass('focus');
    });
  }

  // Brings what an expansion added into view, at a zoom where labels stay legible.
  reveal(elements) {
    const box = elements.boundingBox();
    const fit = Math.min(
      (this.cy.width() - 80) / Math.max(1, box.w),
      (this.cy.height() - 80) / Math.max(1, box.h),
    );
    const zoom = Math.min(CLOSE_ZOOM, Math.max(READABLE_ZOOM, fit));
    return this.cy
      .animation({ zoom, center: { eles: elements }, duration: 300 })
      .play()
      .promise();
  }

  // -- filters --------------------------------------------------------------------------------

  // `refresh: false` when the caller refreshes the text (counts, list) itself, once, afterwards.
  // The rule is filters.js's.
  applyFilters({ refresh = true } = {}) {
    const cy = this.cy;
    const hidden = hiddenByFilters({
      nodes: cy.nodes().map((n) => ({
        id: n.id(),
        type: n.data('type'),
        ring: n.data('ring'),
        center: n.hasClass('center'),
        expanded: n.hasClass('expanded'),
      })),
      edges: cy.edges().map((e) => ({
        id: e.id(),
        source: e.data('source'),
        target: e.data('target'),
        type: e.data('type'),
        weight: e.data('weight'),
      })),
      centerId: this.centerId,
      hiddenTypes: new Set(TYPE_ORDER.filter((type) => !this.typeBoxes.get(type).checked)),
      minStrength: Number(this.strength.value),
    });
    cy.batch(() => {
      cy.elements().forEach((element) => {
        const set = element.isNode() ? hidden.nodes : hidden.edges;
        element.toggleClass('filtered', set.has(element.id()));
      });
    });
    if (refresh) this.refreshText();
  }

  visibleNodes() {
    return this.cy.nodes().not('.filtered');
  }

  visibleEdges() {
    return this.cy
      .edges()
      .filter(
        (e) =>
          !e.hasClass('filtered') &&
          !e.source().hasClass('filtered') &&
          !e.target().hasClass('filtered'),
      );
  }

  // -- text: counts, the list, details --------------------------------------------------------

  refreshText() {
    const nodes = this.visibleNodes();
    const edges = this.visibleEdges();
    for (const type of TYPE_ORDER) {
      this.typeCounts.get(type).textContent = String(this.cy.nodes(`[type = "${type}"]`).length);
    }
    const center = this.cy.getElementById(this.centerId);
    const name = center.nonempty() ? center.data('label') : this.centerId;
    this.canvas.dataset.nodeCount = String(nodes.length);
    this.canvas.dataset.edgeCount = String(edges.length);
    this.canvas.dataset.totalNodes = String(this.cy.nodes().length);
    this.canvas.setAttribute(
      'aria-label',
      `Research graph around ${name}: ${plural(nodes.length, 'node')} and ${plural(edges.length, 'link')}. ` +
        'The list “The graph as a list” holds the same nodes.',
    );
    if (!this.pending.size) {
      this.status.textContent = this.cy.nodes().length ? this.summary(nodes, edges) : '';
    }
    this.renderList(nodes);
  }

  summary(nodes, edges) {
    const hiddenCount = this.cy.nodes().length - nodes.length;
    return [
      `Showing ${plural(nodes.length, 'node')} and ${plural(edges.length, 'link')}.`,
      hiddenCount ? `${plural(hiddenCount, 'node')} hidden by the filters.` : '',
      this.truncated ? 'Some neighbours were left out: expand a node to see more around it.' : '',
    ]
      .filter(Boolean)
      .join(' ');
  }

  renderList(nodes) {
    const focused = document.activeElement?.closest?.('.neighbour-groups [data-node-id]');
    const focusId = focused && this.list.contains(focused) ? focused.dataset.nodeId : null;
    const groups = TYPE_ORDER.map((type) => {
      const members = nodes.filter((n) => n.data('type') === type);
      if (!members.length) return null;
      const sorted = members.sort((a, b) => {
        if (a.hasClass('center') !== b.hasClass('center')) return a.hasClass('center') ? -1 : 1;
        return a.data('ring') - b.data('ring') || b.data('weight') - a.data('weight');
      });
      return h(
        'section',
        { className: 'neighbour-group' },
        h('h4', {}, shapeIcon(type), ` ${NODE_TYPES[type].many} (${members.length})`),
        h(
          'ul',
          {},
          sorted.map((n) => this.listItem(n)),
        ),
      );
    });
    this.list.replaceChildren(...groups.filter(Boolean));
    if (focusId) {
      const again = [...this.list.querySelectorAll('[data-node-id]')].find(
        (b) => b.dataset.nodeId === focusId,
      );
      again?.focus();
    }
  }

  listItem(node) {
    const id = node.id();
    const links = node.connectedEdges().filter((e) => !e.hasClass('filtered'));
    const state = node.hasClass('center')
      ? 'centre'
      : node.hasClass('expanded')
        ? 'expanded'
        : this.pending.has(id)
          ? 'expanding…'
          : '';
    const strength = this.strengthTo(node);
    const meta = [plural(links.length, 'link'), strength, state].filter(Boolean).join(' · ');
    return h(
      'li',
      {},
      h('button', {
        type: 'button',
        className: 'node-button',
        'data-node-id': id,
        title: node.hasClass('expanded') ? 'Select in the graph' : 'Expand in the graph',
        text: node.data('label'),
        onclick: () => this.expand(id),
      }),
      h('span', { className: 'muted node-meta', text: meta }),
      node.data('type') === 'AUTHOR' &&
        !node.hasClass('center') &&
        h('a', {
          className: 'node-link',
          href: this.hrefForAuthor(id),
          'aria-label': `${node.data('label')}: their page`,
          text: 'profile',
        }),
    );
  }

  strengthTo(node) {
    if (node.data('type') !== 'AUTHOR' || node.hasClass('center')) return '';
    const edge = node
      .edgesWith(this.cy.getElementById(this.centerId))
      .filter('[type = "COLLABORATES_WITH"]');
    return edge.nonempty() ? `strength ${formatWeight(edge.data('weight'))}` : '';
  }

  describe(element) {
    if (element.isNode()) {
      return `${nodeType(element.data('type')).one}: ${element.data('label')}`;
    }
    const t = edgeType(element.data('type'));
    const link = `${element.source().data('label')} ${t.verb} ${element.target().data('label')}`;
    return t.weight ? `${link} · ${t.weight} ${formatWeight(element.data('weight'))}` : link;
  }

  showDetails(element) {
    const heading = h('h3', { id: 'details-heading', text: 'Selected' });
    if (element.isEdge()) {
      this.details.replaceChildren(heading, h('p', { text: this.describe(element) }));
      return;
    }
    const id = element.id();
    const type = element.data('type');
    const actions = [];
    if (type === 'AUTHOR' && id !== this.centerId) {
      actions.push(h('a', { href: this.hrefForAuthor(id), text: 'Open their page' }));
    }
    if (this.showExploreLink || id !== this.centerId) {
      actions.push(
        h('a', { href: this.hrefForExplore(id), text: 'Explore from here, full screen' }),
      );
    }
    fill(
      this.details,
      heading,
      h('p', {}, shapeIcon(type), ' ', h('strong', { text: element.data('label') })),
      h('p', {
        className: 'muted',
        text: [
          nodeType(type).one,
          plural(element.connectedEdges().length, 'link'),
          element.hasClass('expanded')
            ? 'expanded'
            : this.pending.has(id)
              ? 'expanding…'
              : 'not expanded yet',
        ].join(' · '),
      }),
      actions.length > 0 && h('p', { className: 'details-actions' }, actions),
    );
  }

  // -- states ---------------------------------------------------------------------------------

  setBusy(id, busy) {
    if (busy) this.pending.add(id);
    else this.pending.delete(id);
    const loading = this.pending.size > 0;
    this.status.dataset.loading = String(loading);
    this.root.setAttribute('aria-busy', String(loading));
    if (loading) {
      this.status.textContent = 'building this graph slice…';
      this.canvas.dataset.state = 'loading';
    } else {
      if (this.canvas.dataset.state !== 'error') this.canvas.dataset.state = 'ready';
      this.refreshText();
    }
  }

  fail(error, { keepGraph = false } = {}) {
    this.error.replaceChildren(
      h('strong', { text: error.code === 'NOT_FOUND' ? 'Not found. ' : 'Something went wrong. ' }),
      error.message || 'The graph slice could not be built.',
    );
    this.error.hidden = false;
    if (!keepGraph) this.canvas.dataset.state = 'error';
  }
}
