import type { Page } from 'playwright-core';

/**
 * What a person at the back of a hall would notice about the page's layout:
 * how large the plots are, and which words are cut off or hidden behind a
 * scroll bar. Measured in the live page (CSS pixels), for the layout tests.
 */

export interface Box {
  width: number;
  height: number;
}

export interface LayoutReport {
  viewport: Box;
  /** The first canvas of each named panel (Data, Density, Morph, Layers, NLL chart). */
  plots: Record<string, Box>;
  /** The square each map panel draws in its first canvas: min(width, height), centred (plotFrame). */
  squares: Record<string, number>;
  /** The whole panel (figure) of each named panel. */
  panels: Record<string, Box>;
  topBarHeight: number;
  /** Lines of text in the top bar (1 when it does not wrap). */
  topBarRows: number;
  /** Whether the document itself scrolls in either direction. */
  pageScrolls: { x: boolean; y: boolean };
  /** Text that is wider than its box, or a box that scrolls or clips text, described for the failure message. */
  clipped: string[];
}

/**
 * Runs in the page. An element counts as clipped when it is visible and
 * either holds text of its own or hides overflow, and its content is wider
 * than its box (scrollWidth > clientWidth); a <select> counts when its chosen
 * option's text is wider than the room beside its arrow. `allowScroll`
 * selectors are containers meant to scroll (the Layers strip's row of thumbnails).
 */
export async function measureLayout(page: Page, allowScroll: string[] = []): Promise<LayoutReport> {
  return page.evaluate((allowed) => {
    const box = (el: Element | null) => {
      const r = el?.getBoundingClientRect();
      return { width: Math.round(r?.width ?? 0), height: Math.round(r?.height ?? 0) };
    };
    const plots: Record<string, { width: number; height: number }> = {};
    const squares: Record<string, number> = {};
    const panels: Record<string, { width: number; height: number }> = {};
    for (const fig of document.querySelectorAll('figure[aria-label]')) {
      const name = fig.getAttribute('aria-label')!;
      panels[name] = box(fig);
      plots[name] = box(fig.querySelector('canvas'));
      squares[name] = Math.min(plots[name].width, plots[name].height);
    }
    const visible = (el: Element) => {
      const s = getComputedStyle(el);
      if (s.display === 'none' || s.visibility === 'hidden') return false;
      if (el.closest('.visually-hidden, dialog:not([open]), [hidden], [inert]')) return false;
      const r = el.getBoundingClientRect();
      // 1×1 px is the visually-hidden pattern: there for screen readers, not for the eye.
      return r.width > 1 && r.height > 1;
    };
    const describe = (el: Element) => {
      const label = el.getAttribute('aria-label');
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 60);
      return `<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? ` class="${el.className.trim()}"` : ''}${label ? ` aria-label="${label}"` : ''}> "${text}"`;
    };
    const clipped: string[] = [];
    const measureCanvas = document.createElement('canvas').getContext('2d')!;
    for (const el of document.querySelectorAll('body *')) {
      if (!(el instanceof HTMLElement) || !visible(el)) continue;
      if (allowed.some((sel) => el.matches(sel))) continue;
      if (el instanceof HTMLSelectElement) {
        const s = getComputedStyle(el);
        measureCanvas.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
        const text = el.selectedOptions[0]?.textContent ?? '';
        // Room for the text: the box minus its padding and the drop-down arrow (about 20 px in Chromium).
        const room = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight) - 20;
        if (measureCanvas.measureText(text).width > room + 1) clipped.push(`${describe(el)}: "${text}" needs ${Math.ceil(measureCanvas.measureText(text).width)} px, has ${room}`);
        continue;
      }
      if (el instanceof HTMLCanvasElement || el instanceof HTMLInputElement || el.tagName === 'OPTION' || el.closest('svg, math')) continue;
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
      const s = getComputedStyle(el);
      const hides = s.overflowX !== 'visible';
      if (!ownText && !hides) continue;
      if (el.scrollWidth > el.clientWidth + 1) clipped.push(`${describe(el)}: scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`);
      else if (hides && s.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1 && (el.textContent ?? '').trim() !== '')
        clipped.push(`${describe(el)}: scrollHeight ${el.scrollHeight} > clientHeight ${el.clientHeight}`);
    }
    // Content that spills out of a panel or bar (a button pushed past the edge) without being cut.
    for (const el of document.querySelectorAll('figure.panel, section.metrics, header.topbar, aside.sidebar, .page-notes > *')) {
      if (el instanceof HTMLElement && visible(el) && el.scrollWidth > el.clientWidth + 1) clipped.push(`${describe(el)}: content ${el.scrollWidth} px wide in ${el.clientWidth}`);
    }
    const top = document.querySelector('header.topbar');
    // Lines of text in the top bar: the vertical centres of every piece of text in it, clustered within 8 px.
    const centres = top
      ? [...top.querySelectorAll('*')]
          .filter((el) => visible(el) && [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== ''))
          .map((el) => { const r = el.getBoundingClientRect(); return r.top + r.height / 2; })
          .sort((a, b) => a - b)
      : [];
    let rows = 0;
    let last = -Infinity;
    for (const c of centres) {
      if (c - last > 8) rows++;
      last = c;
    }
    const doc = document.documentElement;
    return {
      viewport: { width: innerWidth, height: innerHeight },
      plots,
      squares,
      panels,
      topBarHeight: box(top).height,
      topBarRows: rows,
      pageScrolls: { x: doc.scrollWidth > innerWidth, y: doc.scrollHeight > innerHeight },
      clipped,
    };
  }, allowScroll);
}

/** One line for the test log: the plot sizes. */
export function plotSummary(r: LayoutReport): string {
  return Object.entries(r.plots)
    .map(([name, b]) => `${name} ${b.width}×${b.height}${['Data', 'Density', 'Morph'].includes(name) ? ` (square ${r.squares[name]})` : ''}`)
    .join(', ');
}
