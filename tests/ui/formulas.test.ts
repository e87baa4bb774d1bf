import { describe, expect, it } from 'vitest';
import { FORMULAS, FORMULA_NAMES, renderFormula } from '../../src/ui/explain/formulas';

/** The MathML namespace is an identifier, never fetched; anything else URL-like would be. */
const MATHML_NS = 'xmlns="http://www.w3.org/1998/Math/MathML"';

describe('explanation formulas', () => {
  it('has formulas to check', () => {
    expect(FORMULA_NAMES.length).toBeGreaterThan(10);
  });

  for (const name of FORMULA_NAMES) {
    for (const display of [true, false]) {
      it(`${name} renders to MathML (${display ? 'display' : 'inline'})`, () => {
        const html = renderFormula(name, display);
        expect(html).toContain('<math');
        // Display formulas must be typeset as blocks, inline ones within the line.
        expect(html.includes('display="block"')).toBe(display);
        const withoutNamespace = html.replaceAll(MATHML_NS, '');
        expect(withoutNamespace).not.toMatch(/https?:|\/\/|url\(|\bhref=|\bsrc=/i);
        // Chromium's MathML Core ignores every mathvariant but "normal": script, double-struck etc. must be Unicode letters.
        expect(html).not.toMatch(/mathvariant="(?!normal")/);
        // KaTeX's error markup (only possible if throwOnError were off).
        expect(html).not.toContain('katex-error');
      });
    }
  }

  it('spells calligraphic and blackboard letters as Unicode so MathML Core shows them', () => {
    expect(FORMULAS.changeOfVariables).toContain(String.raw`\mathcal{N}`);
    expect(renderFormula('changeOfVariables', true)).toContain('<mi>𝒩</mi>');
    expect(renderFormula('energyLoss', true)).toContain('<mi>𝔼</mi>');
    // A hole in the script block: ℒ was encoded before the mathematical alphabets.
    expect(renderFormula('iwae', true)).toContain('<mi>ℒ</mi>');
  });

  it('states the change of variables in the data → latent direction', () => {
    expect(FORMULAS.changeOfVariables).toContain(String.raw`\frac{\partial z_k}{\partial z_{k-1}}`);
    expect(FORMULAS.inversePass).toContain('z_0 = x');
  });
});
