/**
 * Renders the markdown subset DingTalk displays in messages (headings, bold, links, images, lists, quotes)
 * as HTML for the simulator page. All text is escaped, and only http(s) links become clickable.
 */

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const DINGTALK_LINK_PREFIX = 'dingtalk://dingtalkclient/page/link?';

/**
 * Returns the http(s) URL a browser should open for a message link, or undefined when there is none. A
 * `dingtalk://dingtalkclient/page/link?url=…` link, which opens a page inside DingTalk, yields its `url`.
 */
export function openableUrl(url: string): string | undefined {
  let target = url.trim();
  if (target.startsWith(DINGTALK_LINK_PREFIX)) {
    target = new URLSearchParams(target.slice(DINGTALK_LINK_PREFIX.length)).get('url') ?? '';
  }

  try {
    const parsed = new URL(target);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** Renders a link that opens in a new tab, or the label and the raw URL as text when it cannot be opened. */
export function renderLink(label: string, url: string, className = ''): string {
  const href = openableUrl(url);
  const classAttribute = className ? ` class="${className}"` : '';
  if (href === undefined) return `<span${classAttribute}>${escapeHtml(label)} <code>${escapeHtml(url)}</code></span>`;
  return `<a${classAttribute} href="${escapeHtml(href)}" target="_blank" rel="noopener">${escapeHtml(label)}</a>`;
}

const INLINE_PATTERN = /!\[([^\]]*)\]\(([^)\s]+)\)|\[([^\]]+)\]\(([^)\s]+)\)|\*\*(.+?)\*\*/g;

function renderInline(text: string): string {
  let html = '';
  let last = 0;

  for (const match of text.matchAll(INLINE_PATTERN)) {
    html += escapeHtml(text.slice(last, match.index));
    const [whole, imageAlt, imageUrl, linkLabel, linkUrl, bold] = match;

    if (imageUrl !== undefined) html += renderLink(`[图片] ${imageAlt ?? ''}`.trim(), imageUrl);
    else if (linkLabel !== undefined && linkUrl !== undefined) html += renderLink(linkLabel, linkUrl);
    else if (bold !== undefined) html += `<strong>${escapeHtml(bold)}</strong>`;

    last = match.index + whole.length;
  }
  return html + escapeHtml(text.slice(last));
}

type Block = { kind: 'ul' | 'ol' | 'quote' | 'p'; lines: string[] };

/** Renders markdown text as HTML blocks. */
export function renderMarkdown(text: string): string {
  const blocks: (Block | string)[] = [];
  let open: Block | undefined;

  const add = (kind: Block['kind'], line: string) => {
    if (open?.kind !== kind) {
      open = { kind, lines: [] };
      blocks.push(open);
    }
    open.lines.push(line);
  };

  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    const quote = /^>\s?(.*)$/.exec(line);

    if (heading) {
      open = undefined;
      blocks.push(`<div class="md-h md-h${heading[1]!.length}">${renderInline(heading[2]!)}</div>`);
    } else if (bullet) add('ul', bullet[1]!);
    else if (numbered) add('ol', numbered[1]!);
    else if (quote) add('quote', quote[1]!);
    else if (line.trim() === '') open = undefined;
    else add('p', line);
  }

  return blocks
    .map((block) => {
      if (typeof block === 'string') return block;
      const lines = block.lines.map(renderInline);
      if (block.kind === 'ul' || block.kind === 'ol') {
        return `<${block.kind}>${lines.map((line) => `<li>${line}</li>`).join('')}</${block.kind}>`;
      }
      if (block.kind === 'quote') return `<blockquote>${lines.join('<br>')}</blockquote>`;
      return `<p>${lines.join('<br>')}</p>`;
    })
    .join('\n');
}
