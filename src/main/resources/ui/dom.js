// Building the page from data with text nodes only: nothing from Docker Hub is ever parsed as HTML here.
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

const METRIC = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']];
export function metric(n) {
  if (typeof n !== 'number') return '–';
  for (const [limit, suffix] of METRIC) {
    if (Math.abs(n) >= limit) {
      const scaled = n / limit;
      return (scaled < 10 ? scaled.toFixed(1).replace(/\.0$/, '') : Math.round(scaled)) + suffix;
    }
  }
  return String(n);
}

export function day(iso) {
  if (!iso) return '–';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '–' : date.toISOString().slice(0, 10);
}

export function bytes(n) {
  if (typeof n !== 'number') return '–';
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = n; let unit = 0;
  while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit++; }
  return unit === 0 ? `${n} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** A table whose column headers sort it (keyboard too: they are buttons) and whose rows a filter narrows. */
export function sortableTable(caption, columns, rows, initial) {
  let sortBy = initial.column; let descending = initial.descending;
  const tbody = el('tbody');
  const headers = columns.map((column) => {
    const button = el('button', { type: 'button' }, column.label);
    const th = el('th', { scope: 'col', class: column.numeric ? 'num' : null }, button);
    button.addEventListener('click', () => {
      descending = sortBy === column.key ? !descending : column.numeric === true;
      sortBy = column.key;
      render();
    });
    return th;
  });
  let shown = rows;
  function render() {
    const column = columns.find((c) => c.key === sortBy);
    const sorted = [...shown].sort((a, b) => {
      const x = column.sortValue(a); const y = column.sortValue(b);
      return (x < y ? -1 : x > y ? 1 : 0) * (descending ? -1 : 1);
    });
    headers.forEach((th, i) => th.setAttribute('aria-sort', columns[i].key === sortBy ? (descending ? 'descending' : 'ascending') : 'none'));
    tbody.replaceChildren(...sorted.map((row) => el('tr', {}, columns.map((c) => el('td', { class: c.numeric ? 'num' : null }, c.cell(row))))));
  }
  render();
  const table = el('table', {}, el('caption', { class: 'muted' }, caption), el('thead', {}, el('tr', {}, headers)), tbody);
  return {
    node: el('div', { class: 'table' }, table),
    filter(predicate) { shown = rows.filter(predicate); render(); return shown.length; },
  };
}
