import {
  arcSweep,
  BASELINE,
  escapeXml,
  fontAttributes,
  IDENTITY,
  imageSize,
  isIdentity,
  matrixAttribute,
  multiply,
  num,
  opacity,
  paintAttributes,
  pt,
  serialiseShapes,
  TEXT_ANCHOR,
  type Matrix,
  type Shape,
} from './svg-markup';

/**
 * A stand-in for CanvasRenderingContext2D that records what the viz functions
 * draw and writes it out as a standalone SVG, so a panel exports as vectors by
 * re-running its own painter: no second drawing code to keep in step.
 *
 * It implements only what src/viz draws with (paths, rects, arcs, clipping,
 * text, images, transforms, save/restore). Anything else fails loudly: an
 * unknown method is undefined (calling it throws), assigning an unknown
 * property throws (the object is not extensible), and unsupported argument
 * forms and paints (gradients, patterns) throw with a message. DOM-free, so it
 * runs and is tested in Node.
 * Not svgcanvas: it silently drops images other than <img>/<canvas> (our density
 * raster is an OffscreenCanvas), ignores putImageData and cannot run without a DOM.
 */

/**
 * Turns a raster (an offscreen heat map, ImageData) into a data URL. Injected:
 * a browser encodes with a canvas, Node has none (tests pass a fake).
 */
export type ImageEncoder = (image: CanvasImageSource | ImageData) => string;

export interface SvgContextOptions {
  /** The drawing's size in CSS pixels: the SVG's width, height and viewBox. */
  width: number;
  height: number;
  /** Needed only if something draws an image; without it drawImage throws. */
  encodeImage?: ImageEncoder;
  /** A CSS colour filled behind everything (canvases are transparent, panels are not). */
  background?: string;
}

/** The one place a recording context is passed where the viz functions expect a canvas. */
export function asCanvasContext(ctx: SvgContext): CanvasRenderingContext2D {
  return ctx as unknown as CanvasRenderingContext2D;
}


/** What save() keeps and restore() brings back (the current path is not part of it). */
const STYLE_KEYS = [
  'fillStyle',
  'strokeStyle',
  'lineWidth',
  'lineCap',
  'lineJoin',
  'miterLimit',
  'lineDashOffset',
  'globalAlpha',
  'font',
  'textAlign',
  'textBaseline',
  'imageSmoothingEnabled',
  'imageSmoothingQuality',
] as const;
type StyleKey = (typeof STYLE_KEYS)[number];

interface Saved {
  style: Pick<SvgContext, StyleKey>;
  transform: Matrix;
  clip: string | null;
  lineDash: number[];
}

export class SvgContext {
  fillStyle: string | CanvasGradient | CanvasPattern = '#000000';
  strokeStyle: string | CanvasGradient | CanvasPattern = '#000000';
  lineWidth = 1;
  lineCap: CanvasLineCap = 'butt';
  lineJoin: CanvasLineJoin = 'miter';
  miterLimit = 10;
  lineDashOffset = 0;
  globalAlpha = 1;
  font = '10px sans-serif';
  textAlign: CanvasTextAlign = 'start';
  textBaseline: CanvasTextBaseline = 'alphabetic';
  imageSmoothingEnabled = true;
  imageSmoothingQuality: ImageSmoothingQuality = 'low';

  private readonly width: number;
  private readonly height: number;
  private readonly encodeImage: ImageEncoder | undefined;
  private readonly background: string | undefined;
  private transformMatrix: Matrix = [...IDENTITY];
  private clipId: string | null = null;
  private lineDash: number[] = [];
  private stack: Saved[] = [];
  private shapes: Shape[] = [];
  private clipPaths: string[] = [];
  /** Path data in SVG user units: points are transformed as they are added, as a canvas does. */
  private path: string[] = [];
  private current: [number, number] | null = null;
  private subpathStart: [number, number] | null = null;

  constructor(options: SvgContextOptions) {
    if (!(options.width > 0 && options.height > 0 && Number.isFinite(options.width) && Number.isFinite(options.height))) {
      throw new RangeError(`SvgContext: size must be positive, got ${options.width}×${options.height}`);
    }
    this.width = options.width;
    this.height = options.height;
    this.encodeImage = options.encodeImage;
    this.background = options.background;
    // Assigning a canvas property this class lacks (shadowBlur, globalCompositeOperation…) must throw, not vanish.
    Object.preventExtensions(this);
  }

  // ---- state ----

  save(): void {
    const style = {} as Record<StyleKey, unknown>;
    for (const key of STYLE_KEYS) style[key] = this[key];
    this.stack.push({ style: style as Saved['style'], transform: [...this.transformMatrix], clip: this.clipId, lineDash: [...this.lineDash] });
  }

  restore(): void {
    const saved = this.stack.pop();
    if (!saved) return;
    Object.assign(this, saved.style);
    this.transformMatrix = saved.transform;
    this.clipId = saved.clip;
    this.lineDash = saved.lineDash;
  }

  setLineDash(segments: number[]): void {
    if (segments.some((v) => !Number.isFinite(v) || v < 0)) return;
    this.lineDash = segments.length % 2 ? [...segments, ...segments] : [...segments];
  }

  getLineDash(): number[] {
    return [...this.lineDash];
  }

  // ---- transforms ----

  translate(x: number, y: number): void {
    this.transform(1, 0, 0, 1, x, y);
  }

  scale(x: number, y: number): void {
    this.transform(x, 0, 0, y, 0, 0);
  }

  rotate(angle: number): void {
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    this.transform(cos, sin, -sin, cos, 0, 0);
  }

  transform(a: number, b: number, c: number, d: number, e: number, f: number): void {
    if (![a, b, c, d, e, f].every(Number.isFinite)) return;
    this.transformMatrix = multiply(this.transformMatrix, [a, b, c, d, e, f]);
  }

  setTransform(...args: unknown[]): void {
    if (args.length !== 6 || !args.every((v) => typeof v === 'number')) {
      throw new TypeError('SvgContext: only setTransform(a, b, c, d, e, f) is supported');
    }
    const m = args as Matrix;
    if (m.every(Number.isFinite)) this.transformMatrix = [...m];
  }

  resetTransform(): void {
    this.transformMatrix = [...IDENTITY];
  }

  // ---- paths ----

  beginPath(): void {
    this.path = [];
    this.current = null;
    this.subpathStart = null;
  }

  moveTo(x: number, y: number): void {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    const p = this.toUser(x, y);
    this.path.push(`M${pt(p)}`);
    this.current = p;
    this.subpathStart = p;
  }

  lineTo(x: number, y: number): void {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    if (!this.current) return this.moveTo(x, y);
    const p = this.toUser(x, y);
    this.path.push(`L${pt(p)}`);
    this.current = p;
  }

  closePath(): void {
    if (!this.subpathStart) return;
    this.path.push('Z');
    this.current = this.subpathStart;
  }

  rect(x: number, y: number, w: number, h: number): void {
    if (![x, y, w, h].every(Number.isFinite)) return;
    this.moveTo(x, y);
    this.lineTo(x + w, y);
    this.lineTo(x + w, y + h);
    this.lineTo(x, y + h);
    this.closePath();
  }

  /** As cubic Béziers (≤ 90° each), which stay exact under any affine transform, unlike SVG's elliptical arcs. */
  arc(x: number, y: number, radius: number, startAngle: number, endAngle: number, counterclockwise = false): void {
    if (![x, y, radius, startAngle, endAngle].every(Number.isFinite)) return;
    if (radius < 0) throw new RangeError(`SvgContext: negative arc radius ${radius}`);
    const sweep = arcSweep(startAngle, endAngle, counterclockwise);
    const at = (angle: number) => this.toUser(x + radius * Math.cos(angle), y + radius * Math.sin(angle));
    const start = at(startAngle);
    this.path.push(`${this.current ? 'L' : 'M'}${pt(start)}`);
    if (!this.current) this.subpathStart = start;
    this.current = start;
    if (sweep === 0 || radius === 0) return;
    const pieces = Math.max(1, Math.ceil(Math.abs(sweep) / (Math.PI / 2) - 1e-9));
    const step = sweep / pieces;
    const k = (4 / 3) * Math.tan(step / 4);
    for (let i = 0; i < pieces; i++) {
      const a1 = startAngle + i * step;
      const a2 = a1 + step;
      const c1 = this.toUser(x + radius * (Math.cos(a1) - k * Math.sin(a1)), y + radius * (Math.sin(a1) + k * Math.cos(a1)));
      const c2 = this.toUser(x + radius * (Math.cos(a2) + k * Math.sin(a2)), y + radius * (Math.sin(a2) - k * Math.cos(a2)));
      const end = at(a2);
      this.path.push(`C${pt(c1)} ${pt(c2)} ${pt(end)}`);
      this.current = end;
    }
  }

  fill(fillRule?: unknown): void {
    if (fillRule !== undefined && fillRule !== 'nonzero' && fillRule !== 'evenodd') {
      throw new TypeError('SvgContext: fill(Path2D) is not supported');
    }
    if (this.path.length === 0) return;
    const rule = fillRule === 'evenodd' ? ' fill-rule="evenodd"' : '';
    this.shapes.push({ tag: 'path', geometry: `d="${this.path.join('')}"`, style: this.fillAttributes() + rule + this.clipAttribute() });
  }

  stroke(path?: unknown): void {
    if (path !== undefined) throw new TypeError('SvgContext: stroke(Path2D) is not supported');
    if (this.path.length === 0) return;
    this.shapes.push({ tag: 'path', geometry: `d="${this.path.join('')}"`, style: this.strokeAttributes() + this.clipAttribute() });
  }

  /** Intersects with any clip already set: the new <clipPath> is itself clipped by the old one. */
  clip(fillRule?: unknown): void {
    if (fillRule !== undefined && fillRule !== 'nonzero' && fillRule !== 'evenodd') {
      throw new TypeError('SvgContext: clip(Path2D) is not supported');
    }
    const id = `clip${this.clipPaths.length + 1}`;
    const outer = this.clipId ? ` clip-path="url(#${this.clipId})"` : '';
    const rule = fillRule === 'evenodd' ? ' clip-rule="evenodd"' : '';
    this.clipPaths.push(`<clipPath id="${id}" clipPathUnits="userSpaceOnUse"${outer}><path d="${this.path.join('') || 'M0 0'}"${rule}/></clipPath>`);
    this.clipId = id;
  }

  // ---- rectangles ----

  fillRect(x: number, y: number, w: number, h: number): void {
    if (![x, y, w, h].every(Number.isFinite) || w === 0 || h === 0) return;
    this.shapes.push({ tag: 'rect', geometry: this.rectGeometry(x, y, w, h), style: this.fillAttributes() + this.clipAttribute() });
  }

  strokeRect(x: number, y: number, w: number, h: number): void {
    if (![x, y, w, h].every(Number.isFinite)) return;
    const corners = [this.toUser(x, y), this.toUser(x + w, y), this.toUser(x + w, y + h), this.toUser(x, y + h)];
    this.shapes.push({ tag: 'path', geometry: `d="M${corners.map(pt).join('L')}Z"`, style: this.strokeAttributes() + this.clipAttribute() });
  }

  /**
   * SVG cannot erase, so only a clear of the whole drawing is honoured (it
   * drops everything drawn so far, as it would empty a canvas); a partial clear throws.
   */
  clearRect(x: number, y: number, w: number, h: number): void {
    if (![x, y, w, h].every(Number.isFinite)) return;
    const corners = [this.toUser(x, y), this.toUser(x + w, y), this.toUser(x + w, y + h), this.toUser(x, y + h)];
    const xs = corners.map((p) => p[0]);
    const ys = corners.map((p) => p[1]);
    const axisAligned = this.transformMatrix[1] === 0 && this.transformMatrix[2] === 0;
    if (axisAligned && Math.min(...xs) <= 0 && Math.min(...ys) <= 0 && Math.max(...xs) >= this.width && Math.max(...ys) >= this.height) {
      this.shapes = [];
      return;
    }
    throw new Error('SvgContext: clearRect of part of the drawing cannot be represented in SVG');
  }

  // ---- text ----

  /** maxWidth is accepted but not applied: SVG cannot measure text, and the viz code only passes it as a safety margin. */
  fillText(text: string, x: number, y: number, _maxWidth?: number): void {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    const [a, b, c, d, e, f] = this.transformMatrix;
    const translationOnly = a === 1 && b === 0 && c === 0 && d === 1;
    const place = translationOnly ? `x="${num(x + e)}" y="${num(y + f)}"` : `x="${num(x)}" y="${num(y)}" transform="${matrixAttribute(this.transformMatrix)}"`;
    // A canvas draws whitespace controls as spaces; XML 1.0 forbids C0 controls altogether.
    const content = String(text).replace(/[\u0000-\u001f]/g, ' ');
    const space = /^\s|\s$|\s\s/.test(content) ? ' xml:space="preserve"' : '';
    // Alignment stays on the element: SVG 1.1 readers do not inherit dominant-baseline from a <g>.
    const align = `${TEXT_ANCHOR[this.textAlign]}${BASELINE[this.textBaseline]}`;
    const style = `${fontAttributes(this.font)} ${this.fillAttributes()}${this.clipAttribute()}`;
    this.shapes.push({ tag: 'text', geometry: place + align + space, style, content: escapeXml(content) });
  }

  // ---- images ----

  drawImage(image: CanvasImageSource, dx: number, dy: number, dw?: number, dh?: number, ...rest: unknown[]): void {
    if (rest.length > 0) throw new TypeError('SvgContext: drawImage with a source rectangle is not supported');
    const size = imageSize(image);
    const width = dw ?? size.width;
    const height = dh ?? size.height;
    if (![dx, dy, width, height].every(Number.isFinite)) return;
    this.pushImage(image, dx, dy, width, height, this.transformMatrix, this.globalAlpha, this.clipAttribute());
  }

  /** putImageData ignores the transform, alpha and clip on a canvas, and so does this. */
  putImageData(data: ImageData, dx: number, dy: number, ...dirty: unknown[]): void {
    if (dirty.length > 0) throw new TypeError('SvgContext: putImageData with a dirty rectangle is not supported');
    if (!Number.isFinite(dx) || !Number.isFinite(dy)) return;
    this.pushImage(data, dx, dy, data.width, data.height, IDENTITY, 1, '');
  }

  // ---- output ----

  /** The drawing so far as a standalone SVG document. */
  toSvg(): string {
    const w = num(this.width);
    const h = num(this.height);
    const out = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
    ];
    if (this.clipPaths.length) out.push(`<defs>${this.clipPaths.join('')}</defs>`);
    if (this.background !== undefined) out.push(`<rect x="0" y="0" width="${w}" height="${h}" ${paintAttributes('fill', this.background, 1)}/>`);
    out.push(...serialiseShapes(this.shapes), '</svg>', '');
    return out.join('\n');
  }

  // ---- internals ----

  private toUser(x: number, y: number): [number, number] {
    const [a, b, c, d, e, f] = this.transformMatrix;
    return [a * x + c * y + e, b * x + d * y + f];
  }

  /** A <rect> when the transform keeps it one; otherwise the transformed corners. */
  private rectGeometry(x: number, y: number, w: number, h: number): string {
    const p = this.toUser(x, y);
    const q = this.toUser(x + w, y + h);
    if (this.transformMatrix[1] === 0 && this.transformMatrix[2] === 0) {
      return `x="${num(Math.min(p[0], q[0]))}" y="${num(Math.min(p[1], q[1]))}" width="${num(Math.abs(q[0] - p[0]))}" height="${num(Math.abs(q[1] - p[1]))}"`;
    }
    // Rotated or skewed: keep the <rect> but let SVG apply the same transform.
    return `x="${num(Math.min(x, x + w))}" y="${num(Math.min(y, y + h))}" width="${num(Math.abs(w))}" height="${num(Math.abs(h))}" transform="${matrixAttribute(this.transformMatrix)}"`;
  }

  private fillAttributes(): string {
    return paintAttributes('fill', this.fillStyle, this.globalAlpha);
  }

  /** Line width and dashes scale with the transform at the time of stroking, as on a canvas. */
  private strokeAttributes(): string {
    const [a, b, c, d] = this.transformMatrix;
    const scale = Math.sqrt(Math.abs(a * d - b * c));
    let attributes = `fill="none" ${paintAttributes('stroke', this.strokeStyle, this.globalAlpha)} stroke-width="${num(this.lineWidth * scale)}"`;
    if (this.lineCap !== 'butt') attributes += ` stroke-linecap="${this.lineCap}"`;
    if (this.lineJoin !== 'miter') attributes += ` stroke-linejoin="${this.lineJoin}"`;
    // SVG's default miter limit is 4, a canvas's 10.
    else attributes += ` stroke-miterlimit="${num(this.miterLimit)}"`;
    if (this.lineDash.length) {
      attributes += ` stroke-dasharray="${this.lineDash.map((v) => num(v * scale)).join(' ')}"`;
      if (this.lineDashOffset) attributes += ` stroke-dashoffset="${num(this.lineDashOffset * scale)}"`;
    }
    return attributes;
  }

  private clipAttribute(): string {
    return this.clipId ? ` clip-path="url(#${this.clipId})"` : '';
  }

  /** Opacity stays on the element: on a shared <g> it would composite overlapping images as one. */
  private pushImage(image: CanvasImageSource | ImageData, x: number, y: number, width: number, height: number, m: Matrix, alpha: number, clip: string): void {
    if (!this.encodeImage) throw new Error('SvgContext: drawing an image needs an encodeImage option');
    const href = escapeXml(this.encodeImage(image));
    const place = isIdentity(m) ? '' : ` transform="${matrixAttribute(m)}"`;
    const fade = alpha < 1 ? ` opacity="${opacity(alpha)}"` : '';
    const smoothing = this.imageSmoothingEnabled ? '' : ' style="image-rendering:pixelated"';
    this.shapes.push({
      tag: 'image',
      geometry: `x="${num(x)}" y="${num(y)}" width="${num(width)}" height="${num(height)}" preserveAspectRatio="none" xlink:href="${href}"${place}${fade}${smoothing}`,
      style: clip,
    });
  }
}
