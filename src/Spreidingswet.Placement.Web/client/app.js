// The app's browser code, bundled with Leaflet by esbuild at build time (no CDN, no inline scripts:
// the Content-Security-Policy allows scripts from this origin only).
import 'leaflet/dist/leaflet.css';
import './app.css';
import L from 'leaflet';

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
    if (job.status === 'done' && job.runId) {
      window.location.assign(el.dataset.runBase + encodeURIComponent(job.runId));
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
  for (const m of data.moves) {
    L.polyline([m.from, m.to], { color: m.broken ? '#c62828' : '#2e7d32', weight: Math.min(5, 1 + 0.5 * m.count), opacity: 0.75 })
      .bindTooltip(`${m.count}× ${m.fromId} → ${m.toId}`)
      .addTo(map);
  }
  for (const l of data.locations) {
    L.circleMarker(l.at, {
      className: 'location-marker',
      radius: 2 + Math.sqrt(l.load) * 1.6,
      color: '#0d47a1', weight: 0.6,
      fillColor: l.closing ? '#ff8f00' : '#1565c0', fillOpacity: 0.55,
    }).bindTooltip(`${l.id} ${l.name}: ${l.load}/${l.capacity}`)
      .bindPopup(() => locationPopup(el.dataset, l), { maxWidth: 360 })
      .addTo(map);
  }
  el.dataset.ready = 'true';
}

document.addEventListener('DOMContentLoaded', () => {
  const job = document.getElementById('job');
  if (job) watchJob(job);
  const map = document.getElementById('map');
  if (map) drawMap(map).catch((e) => { map.textContent = String(e); });
  // Picking a location means "change".
  const location = document.getElementById('location');
  const change = document.getElementById('kind-change');
  if (location && change) location.addEventListener('change', () => { if (location.value) change.checked = true; });
});
