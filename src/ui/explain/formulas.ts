import katex from 'katex';

/**
 * Every formula the explanations show, by name, as TeX; and the one function
 * that turns them into MathML. Pure (no DOM), so a unit test can check that
 * each renders. Logs are natural (nats); directions follow DESIGN.md: the
 * inverse pass g_k maps data towards the latent, the forward pass f_k back.
 */
export const FORMULAS = {
  // Change of variables, written along the inverse (data → latent) pass.
  layerSequence: String.raw`g_1, \dots, g_K`,
  inversePass: String.raw`z_0 = x,\qquad z_k = g_k(z_{k-1}),\qquad z = z_K`,
  changeOfVariables: String.raw`\log p(x) = \log \mathcal{N}(z;\, 0, I) + \sum_{k=1}^{K} \log\left|\det \frac{\partial z_k}{\partial z_{k-1}}\right|`,
  nllLoss: String.raw`\mathrm{NLL} = -\frac{1}{n}\sum_{i=1}^{n} \log p(x_i)`,

  // Planar layer.
  planarMap: String.raw`z_k = z_{k-1} + \hat u\, h(w^\top z_{k-1} + b),\qquad h = \tanh`,
  planarLogDet: String.raw`\log\left|\det \frac{\partial z_k}{\partial z_{k-1}}\right| = \log\left|1 + \hat u^\top h'(w^\top z_{k-1} + b)\, w\right|`,
  planarSlope: String.raw`h'(a) = 1 - \tanh^2 a \in (0, 1]`,
  planarCondition: String.raw`w^\top \hat u > -1`,
  planarHat: String.raw`\hat u = u + \bigl(m(w^\top u) - w^\top u\bigr)\frac{w}{\lVert w \rVert^2},\qquad m(a) = -1 + \log(1 + e^{a})`,

  // Affine coupling (RealNVP) and its shift-only case (NICE).
  couplingMap: String.raw`y_1 = z_1,\qquad y_2 = z_2\, e^{s(z_1)} + t(z_1)`,
  couplingLogDet: String.raw`\log\left|\det \frac{\partial y}{\partial z}\right| = \sum_i s_i(z_1)`,
  niceMap: String.raw`y_2 = z_2 + t(z_1) \;\Rightarrow\; \log\left|\det \frac{\partial y}{\partial z}\right| = 0`,

  // Glow's actnorm and invertible 1×1 convolution, on a 1-pixel, 2-channel image.
  actnormMap: String.raw`y_c = s_c\, z_c + b_c`,
  actnormLogDet: String.raw`\log\left|\det \frac{\partial y}{\partial z}\right| = H\,W \sum_{c} \log|s_c|,\qquad H = W = 1`,
  luFactors: String.raw`W = P\,L\,U`,
  luLogDet: String.raw`\log|\det W| = H\,W \sum_{i} \log|U_{ii}|`,

  // Rational-quadratic spline (Neural Spline Flows), in bin k with ξ = (z − x_k)/w_k and s_k = h_k/w_k.
  splineMap: String.raw`y = y_k + h_k\,\frac{s_k\,\xi^2 + \delta_k\,\xi(1-\xi)}{s_k + (\delta_{k+1} + \delta_k - 2 s_k)\,\xi(1-\xi)}`,
  splineSlope: String.raw`\frac{dy}{dz} = \frac{s_k^2\bigl(\delta_{k+1}\xi^2 + 2 s_k\,\xi(1-\xi) + \delta_k (1-\xi)^2\bigr)}{\bigl(s_k + (\delta_{k+1} + \delta_k - 2 s_k)\,\xi(1-\xi)\bigr)^2} > 0`,

  // Masked autoregressive flows: MAF conditions on the data side, IAF on the latent side.
  mafMap: String.raw`x_d = z_d\, e^{s_d(x_{<d})} + t_d(x_{<d})`,
  iafMap: String.raw`x_d = z_d\, e^{s_d(z_{<d})} + t_d(z_{<d})`,
  autoregressiveLogDet: String.raw`\log\left|\det \frac{\partial x}{\partial z}\right| = \sum_{d=1}^{D} s_d`,

  // VAE: a bound; IWAE: a tighter one.
  elbo: String.raw`\log p(x) \;\ge\; \mathbb{E}_{q(z\mid x)}\bigl[\log p(x \mid z)\bigr] - \mathrm{KL}\bigl(q(z \mid x)\,\|\,p(z)\bigr) = \mathrm{ELBO}(x)`,
  elboBound: String.raw`-\mathrm{ELBO}(x) \;\ge\; -\log p(x)`,
  iwae: String.raw`\mathcal{L}_k = \mathbb{E}\left[\log \frac{1}{k}\sum_{i=1}^{k} \frac{p(x, z_i)}{q(z_i \mid x)}\right],\qquad \mathrm{ELBO} = \mathcal{L}_1 \le \mathcal{L}_k \le \mathcal{L}_{k+1} \le \log p(x)`,

  // GAN: an estimate from its samples s_1 … s_M.
  kde: String.raw`\hat p(x) = \frac{1}{M}\sum_{j=1}^{M} \mathcal{N}(x;\, s_j,\, h^2 I)`,

  // Energy fitting by reverse KL.
  energyTarget: String.raw`p(x) = \frac{e^{-U(x)}}{Z},\qquad Z = \int e^{-U(x)}\, dx`,
  energyDensity: String.raw`\ln q(x) = \ln \mathcal{N}(z;\, 0, I) - \sum_{k=1}^{K} \ln\left|\det \frac{\partial x_k}{\partial x_{k-1}}\right|,\qquad x_0 = z,\; x_K = x`,
  energyLoss: String.raw`\mathbb{E}_{x \sim q}\bigl[\ln q(x) + U(x)\bigr] = \mathrm{KL}(q\,\|\,p) - \ln Z \;\ge\; -\ln Z`,

  // The entropy floor.
  crossEntropy: String.raw`\mathbb{E}_{x \sim p}\bigl[-\log q(x)\bigr] = H(p) + \mathrm{KL}(p\,\|\,q) \;\ge\; H(p)`,
  entropy: String.raw`H(p) = -\int p(x) \log p(x)\, dx`,
} as const;

export type FormulaName = keyof typeof FORMULAS;

export const FORMULA_NAMES = Object.keys(FORMULAS) as FormulaName[];

/*
 * MathML Core (what Chromium renders natively) honours mathvariant="normal"
 * only, so KaTeX's mathvariant="script" N would show as a plain italic N.
 * Spell such letters as the Unicode mathematical alphanumerics instead.
 * Holes in those Unicode blocks are the letters encoded earlier (ℋ, ℝ, …).
 */
const ALPHABETS: Record<string, { upper: number; lower: number; holes: Record<string, string> }> = {
  script: { upper: 0x1d49c, lower: 0x1d4b6, holes: { B: 'ℬ', E: 'ℰ', F: 'ℱ', H: 'ℋ', I: 'ℐ', L: 'ℒ', M: 'ℳ', R: 'ℛ', e: 'ℯ', g: 'ℊ', o: 'ℴ' } },
  'double-struck': { upper: 0x1d538, lower: 0x1d552, holes: { C: 'ℂ', H: 'ℍ', N: 'ℕ', P: 'ℙ', Q: 'ℚ', R: 'ℝ', Z: 'ℤ' } },
  bold: { upper: 0x1d400, lower: 0x1d41a, holes: {} },
};

function mathAlphanumeric(variant: string, letter: string): string {
  const alphabet = ALPHABETS[variant];
  if (!alphabet) throw new Error(`mathvariant="${variant}" has no MathML Core rendering; add its Unicode alphabet`);
  if (alphabet.holes[letter]) return alphabet.holes[letter];
  const code = letter.charCodeAt(0);
  if (code >= 65 && code <= 90) return String.fromCodePoint(alphabet.upper + code - 65);
  if (code >= 97 && code <= 122) return String.fromCodePoint(alphabet.lower + code - 97);
  throw new Error(`no ${variant} form for "${letter}"`);
}

function toMathmlCore(html: string): string {
  return html.replace(/<mi mathvariant="(?!normal")([^"]+)">([^<]*)<\/mi>/g, (_, variant: string, letters: string) => {
    const spelled = Array.from(letters, (letter) => mathAlphanumeric(variant, letter)).join('');
    return `<mi>${spelled}</mi>`;
  });
}

const cache = new Map<string, string>();

/**
 * The formula as MathML markup (a <span class="katex"> around <math>):
 * MathML only, so no KaTeX fonts or CSS are ever fetched and the page works
 * offline. Throws on any TeX KaTeX cannot typeset, so mistakes fail tests
 * instead of showing red text to students. `trust: false` forbids \href,
 * \includegraphics and anything else that could reach the network.
 */
export function renderFormula(name: FormulaName, display: boolean): string {
  const key = `${name}|${display}`;
  let html = cache.get(key);
  if (html === undefined) {
    html = toMathmlCore(
      katex.renderToString(FORMULAS[name], { output: 'mathml', displayMode: display, throwOnError: true, strict: 'error', trust: false }),
    );
    cache.set(key, html);
  }
  return html;
}
