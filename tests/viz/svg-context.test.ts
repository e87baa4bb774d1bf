import { afterEach, describe, expect, it, vi } from 'vitest';
import { seriesOf } from '../state/helpers/series-of';
import type { Series } from '../../src/state/types';
import { drawDensity } from '../../src/viz/density';
import { drawLayerStrip } from '../../src/viz/layer-strip';
import { drawMorph } from '../../src/viz/morph';
import { drawNllChart } from '../../src/viz/nll-chart';
import { FAMILY_INFO } from '../../src/state/families';
import { INK, RULE } from '../../src/viz/palette';
import { clipToFrame, drawFrame, plotFrame } from '../../src/viz/plot-frame';
import { drawPoints } from '../../src/viz/points';
import { asCanvasContext, SvgContext, type ImageEncoder } from '../../src/viz/svg-context';
import { escapeXml } from '../../src/viz/svg-markup';

// ---- a small XML reader: enough to prove the output is well-formed and to look inside it ----

interface Element {
  name: string;
  /** Its own attributes over those of the <g>s around it (the serialiser shares runs of one style in a <g>). */
  attributes: Record<string, string>;
  text: string;
}

const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/y;
const TAG = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*"[^"<]*")*)\s*(\/?)>/y;
const ATTRIBUTE = /([A-Za-z_][\w:.-]*)\s*=\s*"([^"<]*)"/g;

function unescape(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!);
}

/** Throws unless the document is well-formed XML with one root; returns every element in document order. */
function parseXml(xml: string): Element[] {
  let body = xml;
  if (body.startsWith('<?xml')) body = body.slice(body.indexOf('?>') + 2);
  const elements: Element[] = [];
  const open: Element[] = [];
  let roots = 0;
  let i = 0;
  while (i < body.length) {
    const ch = body[i];
    if (ch === '<') {
      TAG.lastIndex = i;
      const m = TAG.exec(body);
      if (!m) throw new Error(`malformed tag at ${i}: ${body.slice(i, i + 60)}`);
      const [, closing, name, attributeText, selfClosing] = m;
      if (closing) {
        const top = open.pop();
        if (!top || top.name !== name) throw new Error(`</${name}> closes <${top?.name}>`);
      } else {
        if (open.length === 0 && ++roots > 1) throw new Error('more than one root element');
        const attributes: Record<string, string> = {};
        for (const [, key, value] of attributeText.matchAll(ATTRIBUTE)) {
          if (key in attributes) throw new Error(`duplicate attribute ${key} on <${name}>`);
          attributes[key] = unescape(value);
        }
        for (const value of attributeText.matchAll(/"([^"]*)"/g)) checkEntities(value[1]);
        const parent = open[open.length - 1];
        const inherited = parent?.name === 'g' ? parent.attributes : {};
        const element = { name, attributes: { ...inherited, ...attributes }, text: '' };
        elements.push(element);
        if (!selfClosing) open.push(element);
      }
      i = TAG.lastIndex;
    } else {
      const next = body.indexOf('<', i);
      const text = body.slice(i, next === -1 ? body.length : next);
      checkEntities(text);
      if (open.length === 0 && text.trim()) throw new Error(`text outside the root: ${text.trim().slice(0, 40)}`);
      if (open.length) open[open.length - 1].text += unescape(text);
      i = next === -1 ? body.length : next;
    }
  }
  if (open.length) throw new Error(`unclosed <${open[open.length - 1].name}>`);
  if (roots !== 1) throw new Error('no root element');
  return elements;
}

function checkEntities(text: string): void {
  for (let k = text.indexOf('&'); k !== -1; k = text.indexOf('&', k + 1)) {
    ENTITY.lastIndex = k;
    if (!ENTITY.test(text)) throw new Error(`bare & in ${JSON.stringify(text.slice(k, k + 20))}`);
  }
}

const named = (elements: Element[], name: string) => elements.filter((e) => e.name === name);

function svgOf(draw: (ctx: CanvasRenderingContext2D) => void, options: Partial<ConstructorParameters<typeof SvgContext>[0]> = {}): { svg: string; elements: Element[] } {
  const context = new SvgContext({ width: 200, height: 120, ...options });
  draw(asCanvasContext(context));
  const svg = context.toSvg();
  const elements = parseXml(svg);
  return { svg, elements };
}

const BOX = { x0: -2, x1: 2, y0: -2, y1: 2 };

// ---- the context itself ----

describe('SvgContext', () => {
  it('writes a standalone SVG document with size, viewBox and namespace', () => {
    const { elements } = svgOf(() => {}, { width: 320.5, height: 100 });
    const root = elements[0];
    expect(root.name).toBe('svg');
    expect(root.attributes).toMatchObject({ xmlns: 'http://www.w3.org/2000/svg', width: '320.5', height: '100', viewBox: '0 0 320.5 100' });
  });

  it('fills a background behind everything when asked', () => {
    const { elements } = svgOf((ctx) => ctx.fillRect(1, 1, 2, 2), { background: 'rgb(255, 255, 255)' });
    const rects = named(elements, 'rect');
    expect(rects[0].attributes).toMatchObject({ x: '0', y: '0', width: '200', height: '120', fill: '#ffffff' });
    expect(rects).toHaveLength(2);
  });

  it('escapes text content and attribute values', () => {
    expect(escapeXml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
    const { svg, elements } = svgOf((ctx) => {
      ctx.font = '12px "Segoe UI", sans-serif';
      ctx.fillText('x < y && "z" > 0', 10, 20);
      ctx.fillText('bell\u0007\ttab', 10, 40);
    });
    expect(svg).toContain('x &lt; y &amp;&amp; &quot;z&quot; &gt; 0');
    const [text] = named(elements, 'text');
    expect(text.text).toBe('x < y && "z" > 0');
    expect(text.attributes['font-family']).toBe('"Segoe UI", sans-serif');
    expect(text.attributes['font-size']).toBe('12px');
    expect(named(elements, 'text')[1].text).toBe('bell  tab');
  });

  it('applies translate and scale to coordinates and line widths, and save/restore undoes them', () => {
    const { elements } = svgOf((ctx) => {
      ctx.save();
      ctx.translate(10, 20);
      ctx.scale(2, 2);
      ctx.fillRect(1, 1, 3, 4);
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(0, 0);
      ctx.lineTo(5, 0);
      ctx.stroke();
      ctx.restore();
      ctx.fillRect(1, 1, 3, 4);
    });
    const [moved, plain] = named(elements, 'rect');
    expect(moved.attributes).toMatchObject({ x: '12', y: '22', width: '6', height: '8' });
    expect(plain.attributes).toMatchObject({ x: '1', y: '1', width: '3', height: '4' });
    const [line] = named(elements, 'path');
    expect(line.attributes.d).toBe('M10 20L20 20');
    expect(line.attributes['stroke-width']).toBe('3');
  });

  it('puts rotated text under a matrix transform, and translated text at its moved position', () => {
    const { elements } = svgOf((ctx) => {
      ctx.translate(13, 60);
      ctx.fillText('moved', 0, 0);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText('turned', 0, 0);
    });
    const [moved, turned] = named(elements, 'text');
    expect(moved.attributes).toMatchObject({ x: '13', y: '60' });
    expect(moved.attributes.transform).toBeUndefined();
    expect(turned.attributes).toMatchObject({ x: '0', y: '0', transform: 'matrix(0 -1 1 0 13 60)', 'text-anchor': 'middle', 'dominant-baseline': 'central' });
  });

  it('honours setTransform (the device-pixel ratio prepareCanvas sets)', () => {
    const { elements } = svgOf((ctx) => {
      ctx.setTransform(2, 0, 0, 2, 0, 0);
      ctx.fillRect(1, 2, 3, 4);
    });
    expect(named(elements, 'rect')[0].attributes).toMatchObject({ x: '2', y: '4', width: '6', height: '8' });
  });

  it('turns colours with alpha and globalAlpha into hex plus opacity', () => {
    const { elements } = svgOf((ctx) => {
      ctx.globalAlpha = 0.5;
      ctx.strokeStyle = 'rgba(31,35,40,0.28)';
      ctx.beginPath();
      ctx.moveTo(0, 0);
      ctx.lineTo(1, 1);
      ctx.stroke();
    });
    expect(named(elements, 'path')[0].attributes).toMatchObject({ fill: 'none', stroke: '#1f2328', 'stroke-opacity': '0.14' });
  });

  it('draws arcs as Bézier curves that reach the right points', () => {
    const { elements } = svgOf((ctx) => {
      ctx.beginPath();
      ctx.arc(50, 50, 10, 0, 2 * Math.PI);
      ctx.fill();
    });
    const d = named(elements, 'path')[0].attributes.d;
    expect(d.startsWith('M60 50C')).toBe(true);
    expect(d.match(/C/g)).toHaveLength(4);
    expect(d.endsWith('60 50')).toBe(true);
  });

  it('nests clips: a second clip is itself clipped by the first, and restore lifts it', () => {
    const { elements } = svgOf((ctx) => {
      ctx.save();
      ctx.rect(0, 0, 100, 100);
      ctx.clip();
      ctx.beginPath();
      ctx.rect(10, 10, 20, 20);
      ctx.clip();
      ctx.fillRect(0, 0, 50, 50);
      ctx.restore();
      ctx.fillRect(0, 0, 50, 50);
    });
    const clips = named(elements, 'clipPath');
    expect(clips.map((c) => c.attributes.id)).toEqual(['clip1', 'clip2']);
    expect(clips[1].attributes['clip-path']).toBe('url(#clip1)');
    const [inside, outside] = named(elements, 'rect');
    expect(inside.attributes['clip-path']).toBe('url(#clip2)');
    expect(outside.attributes['clip-path']).toBeUndefined();
  });

  it('keeps dashes, scaled with the transform, and SVG gets the canvas miter limit', () => {
    const { elements } = svgOf((ctx) => {
      ctx.scale(2, 2);
      ctx.setLineDash([2, 3]);
      ctx.strokeRect(1, 1, 10, 10);
    });
    expect(named(elements, 'path')[0].attributes).toMatchObject({ 'stroke-dasharray': '4 6', 'stroke-miterlimit': '10', d: 'M2 2L22 2L22 22L2 22Z' });
  });

  it('fails loudly on what it cannot draw', () => {
    const context = new SvgContext({ width: 10, height: 10 });
    const ctx = asCanvasContext(context);
    expect(() => {
      ctx.shadowBlur = 4;
    }).toThrow(TypeError);
    expect(() => ctx.createLinearGradient(0, 0, 1, 1)).toThrow(TypeError);
    ctx.fillStyle = {} as CanvasGradient;
    expect(() => ctx.fillRect(0, 0, 1, 1)).toThrow(/colour/);
    ctx.fillStyle = 'currentColor';
    expect(() => ctx.fillRect(0, 0, 1, 1)).toThrow(/colour/);
    ctx.fillStyle = '#000';
    ctx.font = 'not a font';
    expect(() => ctx.fillText('a', 0, 0)).toThrow(/font/);
    expect(() => ctx.clearRect(2, 2, 3, 3)).toThrow(/clearRect/);
    expect(() => ctx.drawImage({ width: 1, height: 1 } as OffscreenCanvas, 0, 0)).toThrow(/encodeImage/);
  });

  it('empties the drawing on a full clearRect, as a canvas would', () => {
    const { elements } = svgOf((ctx) => {
      ctx.fillRect(0, 0, 5, 5);
      ctx.clearRect(0, 0, 200, 120);
      ctx.fillRect(1, 1, 1, 1);
    });
    expect(named(elements, 'rect')).toHaveLength(1);
  });

  it('embeds images through the injected encoder, with putImageData ignoring the transform', () => {
    const encode: ImageEncoder = (image) => `data:image/png;base64,${(image as { width: number }).width}x`;
    const { elements } = svgOf(
      (ctx) => {
        ctx.translate(5, 5);
        ctx.drawImage({ width: 8, height: 4 } as OffscreenCanvas, 1, 2, 80, 40);
        ctx.putImageData({ width: 3, height: 3, data: new Uint8ClampedArray(36) } as unknown as ImageData, 7, 7);
      },
      { encodeImage: encode },
    );
    const [drawn, put] = named(elements, 'image');
    expect(drawn.attributes).toMatchObject({ x: '1', y: '2', width: '80', height: '40', transform: 'matrix(1 0 0 1 5 5)', 'xlink:href': 'data:image/png;base64,8x' });
    expect(put.attributes).toMatchObject({ x: '7', y: '7', width: '3', height: '3', 'xlink:href': 'data:image/png;base64,3x' });
    expect(put.attributes.transform).toBeUndefined();
  });
});

// ---- every viz function, through the context ----

describe('viz functions drawn to SVG', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('drawPoints: one rect per finite point, sharing one styled group', () => {
    const frame = plotFrame(BOX, 200, 200);
    const points = new Float32Array([0, 0, 1, 1, -1, 0.5, Number.NaN, 0]);
    const { svg, elements } = svgOf(
      (ctx) => {
        drawFrame(ctx, frame, RULE);
        clipToFrame(ctx, frame);
        drawPoints(ctx, frame, points, { color: '#8c959f', radius: 1, alpha: 0.55 });
      },
      { width: 200, height: 200 },
    );
    const dots = named(elements, 'rect');
    expect(dots).toHaveLength(3);
    expect(dots[0].attributes).toMatchObject({ x: '99', y: '99', width: '2', height: '2' });
    expect(svg).toMatch(/<g fill="#8c959f" fill-opacity="0.55" clip-path="url\(#clip1\)">/);
    expect(named(elements, 'path').length).toBeGreaterThanOrEqual(2); // frame and axes
  });

  it('drawNllChart: curves, a rotated axis title, escaped labels, the dashed floor', () => {
    const series: Series[] = [
      { id: 'flow-test-nll', family: 'flow', label: 'Flow <RealNVP> & co', kind: 'exact', split: 'test', points: seriesOf([0, 50, 100], [3, 2.5, 2.2]) },
      { id: 'vae-train-neg-elbo', family: 'vae', label: 'VAE', kind: 'bound', split: 'train', points: seriesOf([0, 100], [3.2, 2.6]) },
      { id: 'gan-test-kde', family: 'gan', label: 'GAN', kind: 'estimate', split: 'test', points: seriesOf([100], [2.9]) },
    ];
    const { svg, elements } = svgOf((ctx) => drawNllChart(ctx, 600, 300, { series, floor: 2, floorLabel: 'entropy floor', yLabel: 'NLL (nats per point)' }), { width: 600, height: 300 });
    const texts = named(elements, 'text').map((t) => t.text);
    expect(texts).toContain('Flow <RealNVP> & co · exact');
    expect(texts).toContain('GAN · ≈ estimate');
    expect(texts).toContain('VAE · ≤ bound');
    expect(svg).toContain('Flow &lt;RealNVP&gt; &amp; co · exact');
    expect(texts).toContain('entropy floor 2.000');
    expect(texts).toContain('training step');
    const title = named(elements, 'text').find((t) => t.text === 'NLL (nats per point)')!;
    expect(title.attributes.transform).toMatch(/^matrix\(0 -1 1 0 13 /);
    const paths = named(elements, 'path');
    const dashed = (dash: string) => paths.filter((p) => p.attributes['stroke-dasharray'] === dash);
    // Each style twice: the curve and its label's line sample.
    expect(dashed('6 4')).toHaveLength(2); // the floor
    expect(dashed('7 5')).toHaveLength(2); // the VAE's −ELBO, a bound
    expect(dashed('1.5 3.5')).toHaveLength(2); // the GAN's estimate
    expect(paths.find((p) => p.attributes.stroke === '#0072b2')?.attributes['stroke-width']).toBe('2.25');
    // The single-point GAN curve is drawn as a small circle.
    expect(svg).toMatch(/d="M[^"]*C[^"]*"/);
  });

  const layout = { samples: 8, lines: 6, pointsPerLine: 5 };
  /** Two snapshots (K = 1) of 8 samples and 6 lines of 5 points: the identity, then scaled by 1.5. */
  function trace() {
    const per = 2 * (layout.samples + layout.lines * layout.pointsPerLine);
    const first = Float32Array.from({ length: per }, (_, i) => Math.sin(i * 1.7) * 1.5);
    const second = first.map((v) => v * 1.5);
    const snapshots = new Float32Array(2 * per);
    snapshots.set(first, 0);
    snapshots.set(second, per);
    return { step: 10, layers: 1, snapshots, first, second };
  }

  it('drawMorph: one path per grid line, one rect per sample', () => {
    const frame = plotFrame(BOX, 200, 200);
    const t = trace();
    const { elements } = svgOf((ctx) => drawMorph(ctx, frame, t.second, t.first, layout, { radius: 1.3, lineWidth: 1, showLines: true }), { width: 200, height: 200 });
    expect(named(elements, 'path')).toHaveLength(layout.lines);
    expect(named(elements, 'rect').length).toBeLessThanOrEqual(layout.samples);
    expect(named(elements, 'rect').length).toBeGreaterThan(0);
  });

  it('drawLayerStrip: a framed panel and a label per layer, shifted along the strip', () => {
    const t = trace();
    const { elements } = svgOf((ctx) => drawLayerStrip(ctx, 400, 96, { step: t.step, layers: t.layers, snapshots: t.snapshots }, layout, BOX, ['affine-coupling']), {
      width: 400,
      height: 96,
    });
    const labels = named(elements, 'text');
    expect(labels.map((l) => l.text)).toEqual(['Gaussian', '1 affine cpl.']);
    expect(Number(labels[1].attributes.x)).toBeGreaterThan(Number(labels[0].attributes.x));
    expect(named(elements, 'clipPath')).toHaveLength(2);
  });

  it('drawDensity: the heat map as an embedded image from the encoder, contours as paths', () => {
    // density.ts paints its heat map into an OffscreenCanvas; Node has none, so stand one in that keeps the pixels.
    class FakeImageData {
      data: Uint8ClampedArray;
      constructor(
        public width: number,
        public height: number,
      ) {
        this.data = new Uint8ClampedArray(4 * width * height);
      }
    }
    class FakeOffscreenCanvas {
      pixels: FakeImageData | null = null;
      constructor(
        public width: number,
        public height: number,
      ) {}
      getContext() {
        return { putImageData: (data: FakeImageData) => (this.pixels = data) };
      }
    }
    vi.stubGlobal('ImageData', FakeImageData);
    vi.stubGlobal('OffscreenCanvas', FakeOffscreenCanvas);

    const size = 24;
    const logDensity = new Float32Array(size * size);
    for (let j = 0; j < size; j++) {
      for (let i = 0; i < size; i++) {
        const x = -2 + (4 * (i + 0.5)) / size;
        const y = -2 + (4 * (j + 0.5)) / size;
        logDensity[j * size + i] = -(x * x + y * y) / 0.8;
      }
    }
    const encoded: FakeOffscreenCanvas[] = [];
    const encode: ImageEncoder = (image) => {
      encoded.push(image as unknown as FakeOffscreenCanvas);
      return 'data:image/png;base64,AAAA';
    };
    const frame = plotFrame(BOX, 180, 180);
    const { elements } = svgOf((ctx) => drawDensity(ctx, frame, BOX, { step: 1, method: 'exact', size, logDensity }, FAMILY_INFO.flow.ramp, INK), {
      width: 180,
      height: 180,
      encodeImage: encode,
    });

    const [image] = named(elements, 'image');
    expect(image.attributes).toMatchObject({ x: '0', y: '0', width: '180', height: '180', 'xlink:href': 'data:image/png;base64,AAAA' });
    expect(encoded).toHaveLength(1);
    expect(encoded[0].width).toBe(size);
    // The peak is in the middle and painted darkest (the ramp runs from white).
    const pixels = encoded[0].pixels!.data;
    const at = (i: number, j: number) => pixels[4 * (j * size + i)];
    expect(at(size / 2, size / 2)).toBeLessThan(at(0, 0));
    const contours = named(elements, 'path');
    expect(contours.length).toBeGreaterThanOrEqual(3);
    for (const c of contours) expect(c.attributes.d).toMatch(/^M[\d.\s-]+L/);
  });
});
