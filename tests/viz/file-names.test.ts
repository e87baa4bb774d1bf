import { describe, expect, it } from 'vitest';
import { exportFileName, slug } from '../../src/ui/export/file-names';

describe('export file names', () => {
  it('slugs panel names', () => {
    expect(slug('NLL chart')).toBe('nll-chart');
    expect(slug('  Density ')).toBe('density');
    expect(slug('VAE / GAN (side)')).toBe('vae-gan-side');
    expect(slug('···')).toBe('panel');
  });

  it('names files after the app and the panel', () => {
    expect(exportFileName('Density', 'png')).toBe('flow-playground-density.png');
    expect(exportFileName('NLL chart', 'svg')).toBe('flow-playground-nll-chart.svg');
    expect(exportFileName('NLL curves', 'csv')).toBe('flow-playground-nll-curves.csv');
  });
});
