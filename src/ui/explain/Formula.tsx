import { renderFormula, type FormulaName } from './formulas';

/**
 * A typeset formula from the table in formulas.ts. The markup is KaTeX's
 * MathML for our own fixed TeX (trust off), not user input, so setting it as
 * HTML is safe. Display formulas scroll sideways rather than overflow a
 * narrow window.
 */
export function Formula({ name, inline = false }: { name: FormulaName; inline?: boolean }) {
  const html = { __html: renderFormula(name, !inline) };
  return inline ? <span className="formula-inline" dangerouslySetInnerHTML={html} /> : <div className="formula-display" dangerouslySetInnerHTML={html} />;
}
