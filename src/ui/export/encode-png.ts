import type { ImageEncoder } from '../../viz/svg-context';

/**
 * The browser's half of SVG export: rasters the viz code draws (the density
 * heat map is an OffscreenCanvas) become PNG data URLs embedded in the SVG.
 * Synchronous, because the recording context is: toDataURL, not convertToBlob.
 */
export const encodePng: ImageEncoder = (image) => {
  const canvas = document.createElement('canvas');
  if (image instanceof ImageData) {
    canvas.width = image.width;
    canvas.height = image.height;
    canvas.getContext('2d')?.putImageData(image, 0, 0);
  } else {
    const [width, height] = sourceSize(image);
    canvas.width = width;
    canvas.height = height;
    canvas.getContext('2d')?.drawImage(image, 0, 0);
  }
  return canvas.toDataURL('image/png');
};

function sourceSize(image: CanvasImageSource): [number, number] {
  if (image instanceof HTMLImageElement) return [image.naturalWidth, image.naturalHeight];
  if (image instanceof HTMLCanvasElement || image instanceof ImageBitmap) return [image.width, image.height];
  if (typeof OffscreenCanvas !== 'undefined' && image instanceof OffscreenCanvas) return [image.width, image.height];
  throw new TypeError('encodePng: unsupported image source (videos and SVG images are not drawn by the viz code)');
}
