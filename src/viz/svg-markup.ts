import { color as parseColor } from 'd3';

/**
 * The pure half of SvgContext: transform arithmetic, number and attribute
 * formatting, and writing recorded shapes out as SVG elements. No state, no
 * DOM.
 */

/** [a, b, c, d, e, f] as in setTransform: x' = a·x + c·y + e, y' = b·x + d·y + f. */
export type Matrix = [number, number, number, number, number, number];
export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** One recorded drawing operation, ready to be written as an element. */
export interface Shape {
  tag: 'path' | 'rect' | 'text' | 'image';
  /** Where it is: coordinates, path data, transform, href. */
  geometry: string;
  /** How it looks: paint, opacity, font, clip. Runs of equal style share one <g>. */
  style: string;
  /** Escaped text content, for <text>. */
  content?: string;
}


export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

export function isIdentity(m: Matrix): boolean {
  return m.every((v, i) => v === IDENTITY[i]);
}

/** The canvas rules: a full turn or more draws a circle; otherwise the angle is taken modulo 2π in the drawing direction. */
export function arcSweep(start: number, end: number, counterclockwise: boolean): number {
  const turn = 2 * Math.PI;
  if (!counterclockwise && end - start >= turn) return turn;
  if (counterclockwise && start - end >= turn) return -turn;
  const mod = (v: number) => ((v % turn) + turn) % turn;
  return counterclockwise ? -mod(start - end) : mod(end - start);
}

/** Hundredths of a pixel: far below what anyone sees, and it keeps the file small. */
export function num(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

export function opacity(v: number): string {
  return String(Math.round(Math.min(1, Math.max(0, v)) * 1000) / 1000);
}

export function pt(p: readonly [number, number]): string {
  return `${num(p[0])} ${num(p[1])}`;
}

/** Rotation terms need more digits than coordinates. */
export function matrixAttribute(m: Matrix): string {
  const coef = (v: number) => {
    const r = Math.round(v * 1e6) / 1e6;
    return Object.is(r, -0) ? '0' : String(r);
  };
  return `matrix(${m.map(coef).join(' ')})`;
}

/** SVG 1.1 readers do not all take rgba(): split a CSS colour into a hex colour and an opacity. */
export function paintAttributes(kind: 'fill' | 'stroke', paint: unknown, globalAlpha: number): string {
  if (typeof paint !== 'string') throw new TypeError(`SvgContext: only CSS colour ${kind}s are supported (no gradients or patterns)`);
  const parsed = parseColor(paint);
  if (!parsed) throw new TypeError(`SvgContext: cannot parse the colour ${JSON.stringify(paint)}`);
  const alpha = parsed.opacity * globalAlpha;
  const hex = parsed.opacity > 0 ? parsed.formatHex() : '#000000';
  return `${kind}="${hex}"${alpha < 1 ? ` ${kind}-opacity="${opacity(alpha)}"` : ''}`;
}

export const TEXT_ANCHOR: Record<CanvasTextAlign, string> = {
  start: '',
  left: '',
  center: ' text-anchor="middle"',
  right: ' text-anchor="end"',
  end: ' text-anchor="end"',
};

/** Canvas baselines as SVG dominant baselines (a canvas's 'middle' is the middle of the em box: 'central'). */
export const BASELINE: Record<CanvasTextBaseline, string> = {
  alphabetic: '',
  top: ' dominant-baseline="text-before-edge"',
  hanging: ' dominant-baseline="hanging"',
  middle: ' dominant-baseline="central"',
  ideographic: ' dominant-baseline="ideographic"',
  bottom: ' dominant-baseline="text-after-edge"',
};

const FONT_PATTERN = /^\s*((?:(?:normal|italic|oblique|small-caps|bold|bolder|lighter|[1-9]00)\s+)*)(\d*\.?\d+(?:px|pt|em|rem|%))(?:\s*\/\s*\S+)?\s+(.+?)\s*$/;

/** The CSS font shorthand a canvas takes, as SVG presentation attributes (which non-browser readers understand). */
export function fontAttributes(font: string): string {
  const match = FONT_PATTERN.exec(font);
  if (!match) throw new TypeError(`SvgContext: cannot parse the font ${JSON.stringify(font)}`);
  const [, modifiers, size, family] = match;
  let attributes = `font-family="${escapeXml(family)}" font-size="${size}"`;
  for (const word of modifiers.split(/\s+/).filter(Boolean)) {
    if (word === 'italic' || word === 'oblique') attributes += ` font-style="${word}"`;
    else if (word === 'small-caps') attributes += ' font-variant="small-caps"';
    else if (word !== 'normal') attributes += ` font-weight="${word}"`;
  }
  return attributes;
}

export function imageSize(image: CanvasImageSource): { width: number; height: number } {
  const source = image as { width?: unknown; height?: unknown; naturalWidth?: unknown; naturalHeight?: unknown };
  const width = typeof source.naturalWidth === 'number' ? source.naturalWidth : source.width;
  const height = typeof source.naturalHeight === 'number' ? source.naturalHeight : source.height;
  if (typeof width !== 'number' || typeof height !== 'number') throw new TypeError('SvgContext: cannot tell the size of this image source');
  return { width, height };
}

/** Escapes text and attribute values (both quote kinds, so either can delimit). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);
}

/** Consecutive shapes with one style (thousands of dots of one colour) share a <g> rather than repeat it. */
export function serialiseShapes(shapes: readonly Shape[]): string[] {
  const out: string[] = [];
  const element = (s: Shape, style: string) => {
    const attributes = style ? `${s.geometry} ${style.trim()}` : s.geometry;
    return s.content === undefined ? `<${s.tag} ${attributes}/>` : `<${s.tag} ${attributes}>${s.content}</${s.tag}>`;
  };
  for (let i = 0; i < shapes.length; ) {
    let j = i + 1;
    while (j < shapes.length && shapes[j].style === shapes[i].style) j++;
    if (j - i > 1 && shapes[i].style) {
      out.push(`<g ${shapes[i].style.trim()}>`, ...shapes.slice(i, j).map((s) => element(s, '')), '</g>');
    } else {
      for (let k = i; k < j; k++) out.push(element(shapes[k], shapes[k].style));
    }
    i = j;
  }
  return out;
}
