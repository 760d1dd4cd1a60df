// The app's browser code, bundled with Leaflet by esbuild at build time (no CDN, no inline scripts:
// the Content-Security-Policy allows scripts from this origin only).
import 'leaflet/dist/leaflet.css';
import './app.css';
import L from 'leaflet';
import { Chart, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

async function getJson(url) {
  const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

// A proposal's page: poll its status until it is finished, then open the result.
function watchJob(el) {
  const status = document.getElementById('job-status');
  const bar = document.getElementById('job-progress');
  const stage = document.getElementById('job-stage');
  const error = document.getElementById('job-error');
  const cancel = document.getElementById('cancel-form');
  const tick = async () => {
    let job;
    try {
      job = await getJson(el.dataset.statusUrl);
    } catch {
      setTimeout(tick, 2000);
      return;
    }
    status.textContent = status.dataset[job.status] || job.status;
    bar.max = Math.max(1, job.steps);
    bar.value = job.step;
    stage.textContent = job.stage || '';
    error.textContent = job.error || '';
    if (job.status === 'done' && job.resultUrl) {
      window.location.assign(job.resultUrl);
    } else if (job.status === 'failed' || job.status === 'cancelled') {
      if (cancel) cancel.remove();
    } else {
      setTimeout(tick, 700);
    }
  };
  tick();
}

// A location's pop-up (built as DOM nodes, no HTML strings): who is there and who moves, linked to their pages.
function locationPopup(labels, l) {
  const box = document.createElement('div');
  box.className = 'popup';
  const title = document.createElement('strong');
  title.textContent = `${l.id} ${l.name} (${l.load}/${l.capacity})`;
  box.append(title);
  for (const [label, youths] of [[labels.labelPlaced, l.placed], [labels.labelIn, l.movesIn], [labels.labelOut, l.movesOut]]) {
    if (!youths.length) continue;
    const p = document.createElement('p');
    p.append(`${label} (${youths.length}): `);
    youths.forEach((y, i) => {
      const a = document.createElement('a');
      a.href = labels.youthUrl + encodeURIComponent(y);
      a.textContent = y;
      if (i > 0) p.append(', ');
      p.append(a);
    });
    box.append(p);
  }
  return box;
}

// An arrow head (a triangle 9 px long) at the end of the line from a to b, as map coordinates at the current zoom.
function arrowHead(map, a, b) {
  const zoom = map.getZoom();
  const p = map.project(a, zoom);
  const q = map.project(b, zoom);
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  const size = Math.min(9, len / 2);
  const base = L.point(q.x - ux * size, q.y - uy * size);
  const left = L.point(base.x - uy * size * 0.6, base.y + ux * size * 0.6);
  const right = L.point(base.x + uy * size * 0.6, base.y - ux * size * 0.6);
  return [q, left, right].map((pt) => map.unproject(pt, zoom));
}

// A bar chart of metrics per policy (data-chart: { labels, series: [{ label, data }] }), drawn by the bundled Chart.js.
function drawChart(canvas) {
  const data = JSON.parse(canvas.dataset.chart);
  const colors = ['#1565c0', '#9e9e9e', '#ef6c00'];
  // eslint-disable-next-line no-new
  new Chart(canvas, {
    type: 'bar',
    data: { labels: data.labels, datasets: data.series.map((s, i) => ({ label: s.label, data: s.data, backgroundColor: colors[i % colors.length] })) },
    options: { animation: false, responsive: true, maintainAspectRatio: false, indexAxis: 'y', plugins: { legend: { position: 'top' } } },
  });
  canvas.dataset.ready = 'true';
}

// A run's map: the education regions (no tiles), locations sized by load, moves coloured by kept/broken region.
async function drawMap(el) {
  const map = L.map(el, { zoomSnap: 0.25, attributionControl: false });
  map.setView([52.2, 5.3], 7);
  const [regions, data] = await Promise.all([getJson(el.dataset.regionsUrl), getJson(el.dataset.mapUrl)]);
  const regionLayer = L.geoJSON(regions, {
    style: { color: '#78909c', weight: 1, fillColor: '#eceff1', fillOpacity: 1 },
    onEachFeature: (f, layer) => layer.bindTooltip(`${f.properties.code} ${f.properties.name}`, { sticky: true }),
  }).addTo(map);
  map.fitBounds(regionLayer.getBounds());
  // Moves as arrows: a line and a filled head at the destination, drawn in screen pixels (redrawn on zoom).
  const heads = [];
  for (const m of data.moves) {
    const color = m.broken ? '#c62828' : '#2e7d32';
    const tip = `${m.count}× ${m.fromId} → ${m.toId}`;
    L.polyline([m.from, m.to], { className: `move ${m.broken ? 'move-broken' : 'move-kept'}`, color, weight: Math.min(5, 1 + 0.5 * m.count), opacity: 0.75 })
      .bindTooltip(tip)
      .addTo(map);
    const head = L.polygon(arrowHead(map, m.from, m.to), { className: `arrow-head ${m.broken ? 'move-broken' : 'move-kept'}`, color, weight: 1, fillColor: color, fillOpacity: 0.9 })
      .bindTooltip(tip)
      .addTo(map);
    heads.push([head, m]);
  }
  map.on('zoomend', () => heads.forEach(([head, m]) => head.setLatLngs(arrowHead(map, m.from, m.to))));
  // On a youth's page (data-pick-url) a click on a location asks "why not there?"; elsewhere it opens who is there and who moves.
  const pick = el.dataset.pickUrl;
  const mark = { [el.dataset.current || '']: '#6a1b9a', [el.dataset.proposed || '']: '#2e7d32', [el.dataset.picked || '']: '#c62828' };
  for (const l of data.locations) {
    const marker = L.circleMarker(l.at, {
      className: `location-marker location-${l.id}`,
      radius: 2 + Math.sqrt(l.load) * 1.6 + (mark[l.id] ? 3 : 0),
      color: mark[l.id] || '#0d47a1', weight: mark[l.id] ? 2.5 : 0.6,
      fillColor: l.closing ? '#ff8f00' : '#1565c0', fillOpacity: 0.55,
    }).bindTooltip(`${l.id} ${l.name}: ${l.load}/${l.capacity}`);
    if (pick) {
      marker.on('click', () => window.location.assign(pick + encodeURIComponent(l.id) + '#whynot'));
    } else {
      marker.bindPopup(() => locationPopup(el.dataset, l), { maxWidth: 360 });
    }

    marker.addTo(map);
  }
  el.dataset.ready = 'true';
}

document.addEventListener('DOMContentLoaded', () => {
  const job = document.getElementById('job');
  if (job) watchJob(job);
  for (const map of document.querySelectorAll('div.map[data-map-url]')) {
    drawMap(map).catch((e) => { map.textContent = String(e); });
  }
  for (const canvas of document.querySelectorAll('canvas.bar-chart[data-chart]')) drawChart(canvas);
  // Picking a location means "change".
  const location = document.getElementById('location');
  const change = document.getElementById('kind-change');
  if (location && change) location.addEventListener('change', () => { if (location.value) change.checked = true; });
});
