// Docker Hub's full_description (Markdown) as DOM nodes, safely by construction: every text is a text node, raw
// HTML is shown as text, links keep only http(s) and relative targets, images become links (the page's
// Content-Security-Policy loads images from the proxy only). A common subset: headings, paragraphs, lists, quotes,
// fenced and indented code, rules, inline code, emphasis, links, autolinks.
import { el } from './dom.js';

const SAFE_URL = /^(https?:\/\/|\/(?!\/)|#|\.{0,2}\/?[\w.-]+(\/|$))/i;

function safeHref(url) {
  const trimmed = url.trim();
  return SAFE_URL.test(trimmed) && !/^[a-z][\w+.-]*:/i.test(trimmed.replace(/^https?:/i, '')) ? trimmed : null;
}

function link(text, url) {
  const href = safeHref(url);
  return href ? el('a', { href, rel: 'noopener noreferrer nofollow' }, ...inline(text)) : text;
}

/** Inline Markdown: `code`, **strong**, *em*, ![alt](src) and [text](url), autolinks in angle brackets. */
export function inline(text) {
  const out = [];
  const pattern = /(`+)([\s\S]*?)\1|!\[([^\]]*)\]\(([^)\s]*)[^)]*\)|\[([^\]]+)\]\(([^)\s]*)[^)]*\)|<(https?:\/\/[^>\s]+)>|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|_([^_\s][^_]*)_/g;
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    if (m[1]) out.push(el('code', {}, m[2]));
    else if (m[4] !== undefined) out.push(link(m[3] ? `image: ${m[3]}` : 'image', m[4]));
    else if (m[5] !== undefined) out.push(link(m[5], m[6]));
    else if (m[7]) out.push(link(m[7], m[7]));
    else if (m[8] || m[9]) out.push(el('strong', {}, ...inline(m[8] || m[9])));
    else out.push(el('em', {}, ...inline(m[10] || m[11])));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** Block Markdown to a list of nodes. */
export function render(markdown) {
  const lines = String(markdown).replace(/\r\n?/g, '\n').split('\n');
  const out = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) { i++; continue; }
    const fence = line.match(/^\s*(```|~~~)/);
    if (fence) {
      const code = [];
      for (i++; i < lines.length && !lines[i].trim().startsWith(fence[1]); i++) code.push(lines[i]);
      i++;
      out.push(el('pre', {}, el('code', {}, code.join('\n'))));
      continue;
    }
    const heading = line.match(/^(#{1,6})\s+(.*?)\s*#*\s*$/);
    if (heading) {
      out.push(el(`h${Math.min(6, heading[1].length + 2)}`, {}, ...inline(heading[2])));
      i++;
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) { out.push(el('hr')); i++; continue; }
    if (/^( {4}|\t)/.test(line)) {
      const code = [];
      for (; i < lines.length && (/^( {4}|\t)/.test(lines[i]) || !lines[i].trim()); i++) code.push(lines[i].replace(/^( {4}|\t)/, ''));
      out.push(el('pre', {}, el('code', {}, code.join('\n').trimEnd())));
      continue;
    }
    if (/^\s*>/.test(line)) {
      const quote = [];
      for (; i < lines.length && /^\s*>/.test(lines[i]); i++) quote.push(lines[i].replace(/^\s*>\s?/, ''));
      out.push(el('blockquote', {}, ...render(quote.join('\n'))));
      continue;
    }
    const item = /^\s*([-*+]|\d+[.)])\s+/;
    if (item.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const items = [];
      for (; i < lines.length && item.test(lines[i]); i++) items.push(el('li', {}, ...inline(lines[i].replace(item, ''))));
      out.push(el(ordered ? 'ol' : 'ul', {}, items));
      continue;
    }
    const paragraph = [];
    for (; i < lines.length && lines[i].trim() && !/^(#{1,6}\s|\s*```|\s*>|\s*([-*+]|\d+[.)])\s)/.test(lines[i]); i++) paragraph.push(lines[i].trim());
    out.push(el('p', {}, ...inline(paragraph.join(' '))));
  }
  return out;
}
