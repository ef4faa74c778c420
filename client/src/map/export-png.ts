/**
 * "Save as picture": the map as it is now, as a PNG for papers and reports, with its
 * legend and attribution drawn on (a map picture without them may not be reused). A
 * MapLibre control (IControl). The WebGL canvas is only readable while a frame is being
 * drawn (no preserveDrawingBuffer, which would slow every frame), so the copy is taken
 * inside the next 'render' event; the legend and attribution are then drawn over it on a
 * 2D canvas of the same size, and the result is downloaded.
 */
import type { IControl, Map as MapLibreMap } from 'maplibre-gl';
import { categoryMarkerSvg } from '../shared/palette';

/** One line of the picture's legend: a marker image (category) or a colour swatch. */
export type LegendLine = { label: string; category?: string; colour?: string; heading?: boolean };

export class ExportPngControl implements IControl {
  private container: HTMLElement | null = null;
  /** Aborted by onRemove: drops the button's listener and stops a save under way from downloading. */
  private removed: AbortController | null = null;
  constructor(private readonly legend: () => LegendLine[], private readonly title: () => string) {}

  onAdd(map: MapLibreMap): HTMLElement {
    const removed = new AbortController();
    this.removed = removed;
    const container = document.createElement('div');
    container.className = 'maplibregl-ctrl maplibregl-ctrl-group';
    const button = document.createElement('button');
    button.type = 'button';
    button.id = 'map-export-png';
    button.className = 'map-export-png';
    // The accessible name starts with the visible text (WCAG 2.5.3).
    button.title = 'PNG: save the map as a picture, with its legend and attribution';
    button.setAttribute('aria-label', button.title);
    button.textContent = 'PNG';
    button.addEventListener('click', () => void this.save(map, button, removed.signal), { signal: removed.signal });
    container.append(button);
    this.container = container;
    return container;
  }

  onRemove(): void {
    this.removed?.abort();
    this.removed = null;
    this.container?.remove();
    this.container = null;
  }

  private async save(map: MapLibreMap, button: HTMLButtonElement, removed: AbortSignal): Promise<void> {
    button.disabled = true;
    try {
      const blob = await mapPicture(map, this.legend(), this.title());
      if (removed.aborted) return;
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `${this.title().replace(/[^\w-]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'map'}.png`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    } finally {
      button.disabled = false;
    }
  }
}

/** The map's canvas (its own pixel size) with the title, legend and attribution drawn on. */
export async function mapPicture(map: MapLibreMap, legend: LegendLine[], title: string): Promise<Blob> {
  const source = map.getCanvas();
  const out = document.createElement('canvas');
  out.width = source.width;
  out.height = source.height;
  const g = out.getContext('2d')!;
  await new Promise<void>((resolve) => {
    map.once('render', () => {
      g.drawImage(source, 0, 0);
      resolve();
    });
    map.triggerRepaint();
  });
  const scale = source.width / Math.max(1, source.clientWidth || source.width);
  g.scale(scale, scale);
  const width = out.width / scale, height = out.height / scale;
  const attribution = map.getContainer().querySelector('.maplibregl-ctrl-attrib-inner')?.textContent?.trim() ?? '';
  const attributionHeight = drawAttribution(g, attribution, width, height);
  drawTitle(g, title);
  await drawLegend(g, legend, height - attributionHeight);
  return new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('The picture could not be made.'))), 'image/png'));
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

function panel(g: CanvasRenderingContext2D, x: number, y: number, w: number, h: number): void {
  g.fillStyle = 'rgba(255, 255, 255, 0.92)';
  g.strokeStyle = '#505a5f';
  g.lineWidth = 1;
  g.fillRect(x, y, w, h);
  g.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
}

function drawTitle(g: CanvasRenderingContext2D, title: string): void {
  g.font = `700 15px ${FONT}`;
  const w = g.measureText(title).width + 16;
  panel(g, 8, 8, w, 26);
  g.fillStyle = '#0b0c0c';
  g.textBaseline = 'middle';
  g.fillText(title, 16, 21);
}

/** Wrapped to the picture's width along the bottom edge; returns the strip's height. */
function drawAttribution(g: CanvasRenderingContext2D, text: string, width: number, height: number): number {
  if (!text) return 0;
  g.font = `12px ${FONT}`;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (g.measureText(next).width > width - 16 && line) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  const strip = lines.length * 15 + 8;
  panel(g, 0, height - strip, width, strip);
  g.fillStyle = '#0b0c0c';
  g.textBaseline = 'top';
  lines.forEach((l, i) => g.fillText(l, 8, height - strip + 4 + i * 15));
  return strip;
}

async function drawLegend(g: CanvasRenderingContext2D, legend: LegendLine[], bottom: number): Promise<void> {
  if (!legend.length) return;
  const row = 20;
  g.font = `13px ${FONT}`;
  const w = Math.min(320, Math.max(...legend.map((l) => g.measureText(l.label).width)) + 40);
  const h = legend.length * row + 10;
  const x = 8, y = Math.max(40, bottom - h - 8);
  panel(g, x, y, w, h);
  const icons = await Promise.all(legend.map((l) => (l.category ? markerImage(l.category) : null)));
  legend.forEach((l, i) => {
    const top = y + 5 + i * row;
    if (icons[i]) g.drawImage(icons[i]!, x + 6, top + 1, 18, 18);
    else if (l.colour) {
      g.fillStyle = l.colour;
      g.fillRect(x + 6, top + 3, 18, 14);
      g.strokeStyle = '#505a5f';
      g.strokeRect(x + 6.5, top + 3.5, 17, 13);
    }
    g.font = `${l.heading ? 700 : 400} 13px ${FONT}`;
    g.fillStyle = '#0b0c0c';
    g.textBaseline = 'middle';
    g.fillText(l.label, x + (l.heading ? 6 : 30), top + row / 2, w - 36);
  });
}

function markerImage(code: string): Promise<HTMLImageElement> {
  const image = new Image(36, 36);
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(categoryMarkerSvg(code, 36))}`;
  return image.decode().then(() => image);
}
