import * as api from './api.js';
import { el, metric, day, bytes, sortableTable } from './dom.js';
import * as markdown from './markdown.js';

const main = document.getElementById('main');

function show(title, ...content) {
  document.title = `${title} — dockerhub-proxy`;
  main.replaceChildren(...content.flat());
  performance.mark('shown');   // when the page holds its data (bench/ui.sh reads it)
}

function failure(what, error) {
  const reason = error instanceof api.ApiError && error.status === 404 ? `${what} does not exist on Docker Hub.`
    : error instanceof api.ApiError && error.status >= 500 ? `Docker Hub cannot be reached just now (${error.message}). Try again in a minute.`
    : `Something went wrong: ${error.message}`;
  show('Error', el('h1', {}, what), el('p', { class: 'error', role: 'alert' }, reason), el('p', {}, el('a', { href: '/ui/' }, 'Look up another')));
}

function home() {
  show('Docker Hub', el('h1', {}, 'Browse Docker Hub'),
    el('p', {}, 'Type a user or organisation above to see its repositories, their tags and platforms, pull history and badges.'));
  document.getElementById('who').focus();
}

async function namespace(u) {
  let profile; let list;
  try {
    profile = await api.user(u);   // first: an unknown name costs one request, not two
    list = await api.repositories(u);
  } catch (error) {
    failure(u, error);
    return;
  }
  const repositories = list.results || [];
  const table = sortableTable(`${repositories.length} of ${list.count} repositories`, [
    { key: 'name', label: 'Repository', sortValue: (r) => r.name, cell: (r) => el('a', { href: `/ui/${encodeURIComponent(u)}/${encodeURIComponent(r.name)}` }, r.name) },
    { key: 'description', label: 'Description', sortValue: (r) => r.description || '', cell: (r) => r.description || '' },
    { key: 'pulls', label: 'Pulls', numeric: true, sortValue: (r) => r.pull_count || 0, cell: (r) => metric(r.pull_count) },
    { key: 'stars', label: 'Stars', numeric: true, sortValue: (r) => r.star_count || 0, cell: (r) => metric(r.star_count) },
    { key: 'updated', label: 'Last updated', sortValue: (r) => r.last_updated || '', cell: (r) => day(r.last_updated) },
  ], repositories, { column: 'pulls', descending: true });
  const filter = el('input', { id: 'filter', type: 'search', placeholder: 'name or description' });
  const count = el('span', { class: 'muted', 'aria-live': 'polite' });
  filter.addEventListener('input', () => {
    const needle = filter.value.trim().toLowerCase();
    const n = table.filter((r) => !needle || r.name.toLowerCase().includes(needle) || (r.description || '').toLowerCase().includes(needle));
    count.textContent = needle ? `${n} shown` : '';
  });
  const facts = [['Company', profile.company], ['Location', profile.location], ['Joined', day(profile.date_joined)]]
    .filter(([, value]) => value && value !== '–').map(([label, value]) => el('li', {}, `${label}: ${value}`));
  show(u, el('h1', {}, profile.full_name ? `${profile.full_name} (${u})` : u), el('ul', { class: 'facts' }, facts),
    el('div', { class: 'tools' }, el('label', { for: 'filter' }, 'Filter repositories'), filter, count), table.node);
}

function platforms(tag) {
  return (tag.images || []).filter((i) => i.architecture && i.architecture !== 'unknown')
    .map((i) => ({ name: `${i.os || 'linux'}/${i.architecture}${i.variant ? '/' + i.variant : ''}`, size: i.size }));
}

async function repository(u, r) {
  let detail; let tagList; let watched = [];
  try {
    [detail, tagList] = await Promise.all([api.repository(u, r), api.tags(u, r)]);
    watched = ((await api.watch()).repositories || []).map((w) => w.repository);
  } catch (error) {
    failure(`${u}/${r}`, error);
    return;
  }
  const tags = tagList.results || [];
  const table = sortableTable(`${tags.length} of ${tagList.count} tags, newest first`, [
    { key: 'tag', label: 'Tag', sortValue: (t) => t.name, cell: (t) => el('code', {}, t.name) },
    { key: 'platforms', label: 'Platforms', sortValue: (t) => platforms(t).length, cell: (t) => platforms(t).map((p) => el('span', { class: 'chip' }, p.name)) },
    { key: 'size', label: 'Compressed size', sortValue: (t) => t.full_size || 0, cell: (t) => platforms(t).map((p) => el('div', {}, `${p.name.split('/').slice(1).join('/')}: ${bytes(p.size)}`)) },
    { key: 'digest', label: 'Digest', sortValue: (t) => t.digest || '', cell: (t) => t.digest ? el('code', { title: t.digest }, t.digest.slice(7, 19)) : '–' },
    { key: 'pushed', label: 'Last pushed', sortValue: (t) => t.tag_last_pushed || t.last_updated || '', cell: (t) => day(t.tag_last_pushed || t.last_updated) },
  ], tags, { column: 'pushed', descending: true });
  const filter = el('input', { id: 'tag-filter', type: 'search', placeholder: 'tag name' });
  filter.addEventListener('input', () => table.filter((t) => t.name.includes(filter.value.trim())));
  const base = `${location.origin}/badges/${encodeURIComponent(u)}/${encodeURIComponent(r)}`;
  const badges = ['pulls', 'stars', 'version', 'size', 'platforms'].map((kind) => {
    const markdown = `![${kind}](${base}/${kind}.svg)`;
    return el('div', {}, el('img', { src: `${base}/${kind}.svg`, alt: `${kind} badge` }),
      el('label', { for: `badge-${kind}`, class: 'muted' }, ` Markdown for the ${kind} badge`),
      el('textarea', { id: `badge-${kind}`, rows: 1, readonly: true }, markdown));
  });
  const repositoryName = `${u}/${r}`;
  const history = watched.includes(repositoryName)
    ? [el('h2', {}, 'Pull history'), el('img', { src: `/history/${encodeURIComponent(u)}/${encodeURIComponent(r)}.svg`, alt: `Pulls of ${repositoryName} over time`, width: 640, height: 240 })]
    : [];
  show(repositoryName, el('h1', {}, repositoryName),
    el('ul', { class: 'facts' }, el('li', {}, `${metric(detail.pull_count)} pulls`), el('li', {}, `${metric(detail.star_count)} stars`),
      el('li', {}, `Last updated ${day(detail.last_updated)}`)),
    detail.description ? el('p', {}, detail.description) : '',
    ...history,
    el('h2', {}, 'Tags'), el('div', { class: 'tools' }, el('label', { for: 'tag-filter' }, 'Filter tags'), filter), table.node,
    ...imageDetails(u, r, tags),
    el('h2', {}, 'Badges'), el('div', { class: 'badges' }, badges),
    detail.full_description ? [el('h2', {}, 'Description'), el('div', { class: 'description' }, markdown.render(detail.full_description))] : '');
}

/** Labels and build history of one tag's platform image, read from the registry when asked for (a button). */
function imageDetails(u, r, tags) {
  const tagSelect = el('select', { id: 'image-tag' }, tags.slice(0, 100).map((t) => el('option', { value: t.name }, t.name)));
  const button = el('button', { type: 'button' }, 'Show the image');
  const out = el('div', { 'aria-live': 'polite' });
  button.addEventListener('click', async () => {
    out.replaceChildren(el('p', { class: 'muted' }, 'Reading the registry…'));
    let images;
    try {
      images = await api.platforms(u, r, tagSelect.value);
    } catch (error) {
      out.replaceChildren(el('p', { class: 'error', role: 'alert' }, `The registry could not say: ${error.message}`));
      return;
    }
    const name = (p) => `${p.os}/${p.architecture}${p.variant ? '/' + p.variant : ''}`;
    const platformSelect = el('select', { id: 'image-platform' }, images.map((p) => el('option', { value: name(p) }, name(p))));
    const detail = el('div');
    async function showPlatform() {
      const image = images.find((p) => name(p) === platformSelect.value);
      const labels = Object.entries(image.labels || {});
      let history = [];
      try { history = await api.buildHistory(u, r, tagSelect.value, platformSelect.value); } catch { history = null; }
      detail.replaceChildren(
        el('p', {}, `${bytes(image.size)} compressed, ${image.layers} layers, built ${day(image.created)}`),
        el('h3', {}, 'Labels'),
        labels.length ? el('div', { class: 'table' }, el('table', {}, el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Label'), el('th', { scope: 'col' }, 'Value'))),
          el('tbody', {}, labels.map(([k, v]) => el('tr', {}, el('td', {}, el('code', {}, k)), el('td', {}, String(v))))))) : el('p', { class: 'muted' }, 'No labels.'),
        el('h3', {}, 'Build history'),
        history === null ? el('p', { class: 'error' }, 'The build history could not be read.')
          : el('ol', {}, history.map((step) => el('li', {}, el('code', {}, step.created_by || '(no instruction)'), step.empty_layer ? ' (no layer)' : ''))));
    }
    platformSelect.addEventListener('change', showPlatform);
    out.replaceChildren(el('div', { class: 'tools' }, el('label', { for: 'image-platform' }, 'Platform'), platformSelect), detail);
    if (images.length) await showPlatform();
  });
  return [el('h2', {}, 'Image'), el('div', { class: 'tools' }, el('label', { for: 'image-tag' }, 'Tag'), tagSelect, button), out];
}

function route() {
  const search = document.getElementById('search');
  search.addEventListener('submit', (event) => {
    event.preventDefault();
    const who = document.getElementById('who').value.trim();
    if (who) location.assign(`/ui/${encodeURIComponent(who)}`);
  });
  const parts = location.pathname.replace(/^\/ui\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return home();
  document.getElementById('who').value = parts[0];
  return parts.length === 1 ? namespace(parts[0]) : repository(parts[0], parts[1]);
}

route();
