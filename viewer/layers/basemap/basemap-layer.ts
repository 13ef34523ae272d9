import {
  ImageryLayer,
  UrlTemplateImageryProvider,
  WebMapTileServiceImageryProvider,
  WebMercatorTilingScheme,
  type Scene,
} from 'cesium';
import { BasemapSchema, type Basemap, type OnlineImagery } from '../../../core/contracts/basemap.js';
import { asImageryProvider, BasemapImageryProvider } from './basemap-imagery.js';

/** Brightness and opacity of the basemap in underground mode: a faint hint of the streets above the pipes. */
const UNDERGROUND = { brightness: 0.45, alpha: 0.55 };

/** Loads a city's basemap file; null when the city has none (an imported city without basemap layers). */
export async function loadBasemap(cityId: string, signal?: AbortSignal): Promise<Basemap | null> {
  const response = await fetch(`/tiles/${encodeURIComponent(cityId)}/basemap/basemap.json`, { signal }).catch(
    () => null,
  );
  if (!response?.ok) return null;
  const parsed = BasemapSchema.safeParse(await response.json());
  if (!parsed.success) {
    console.warn('basemap file does not validate, no basemap drawn:', parsed.error.message);
    return null;
  }
  return parsed.data;
}

/** A Cesium imagery provider for a configured online source. */
function onlineProvider(o: OnlineImagery): ImageryLayer {
  const provider =
    o.kind === 'wmts'
      ? new WebMapTileServiceImageryProvider({
          url: o.url,
          layer: o.layer ?? '',
          style: o.style ?? 'default',
          tileMatrixSetID: o.tileMatrixSetId ?? 'w',
          format: o.format ?? 'tiles',
          tilingScheme: new WebMercatorTilingScheme(),
          ...(o.subdomains ? { subdomains: o.subdomains } : {}),
          ...(o.maximumLevel !== undefined ? { maximumLevel: o.maximumLevel } : {}),
          ...(o.attribution ? { credit: o.attribution } : {}),
        })
      : new UrlTemplateImageryProvider({
          url: o.url,
          ...(o.subdomains ? { subdomains: o.subdomains } : {}),
          ...(o.maximumLevel !== undefined ? { maximumLevel: o.maximumLevel } : {}),
          ...(o.attribution ? { credit: o.attribution } : {}),
        });
  return new ImageryLayer(provider);
}

/**
 * The city's basemap on the globe: its own roads, water, green and landuse painted into imagery tiles (and, only
 * when the city configures one, an online imagery source under them). Imagery is draped on the ground by the globe
 * itself: clamped, never picked, no extra draw call per feature. Dimmed in underground mode.
 */
export class BasemapLayer {
  private layer: ImageryLayer | null = null;
  private online: ImageryLayer | null = null;
  private provider: BasemapImageryProvider | null = null;
  private visible = true;
  private dimmed = false;

  constructor(
    private readonly scene: Scene,
    private readonly basemap: Basemap,
    private language: 'en' | 'zh',
  ) {
    if (basemap.online) {
      this.online = onlineProvider(basemap.online);
      scene.imageryLayers.add(this.online, 0);
    }
    this.rebuild();
  }

  /** Names are painted into the tiles: a new language paints new tiles. */
  private rebuild(): void {
    const layers = this.scene.imageryLayers;
    if (this.layer) layers.remove(this.layer, true);
    this.provider = new BasemapImageryProvider(this.basemap, this.language);
    this.layer = new ImageryLayer(asImageryProvider(this.provider));
    layers.add(this.layer);
    this.apply();
  }

  private apply(): void {
    for (const l of [this.layer, this.online]) {
      if (!l) continue;
      l.show = this.visible;
      l.brightness = this.dimmed ? UNDERGROUND.brightness : 1;
      l.alpha = this.dimmed ? UNDERGROUND.alpha : 1;
    }
    this.scene.requestRender();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.apply();
  }

  setDimmed(dimmed: boolean): void {
    this.dimmed = dimmed;
    this.apply();
  }

  setLanguage(language: 'en' | 'zh'): void {
    if (language === this.language) return;
    this.language = language;
    this.rebuild();
  }

  /** What the layer has drawn (tests, benchmark). */
  stats(): {
    features: number;
    tilesPainted: number;
    paintMs: number;
    online: boolean;
    shown: boolean;
    dimmed: boolean;
  } {
    return {
      features: this.basemap.features.length,
      tilesPainted: this.provider?.tilesPainted ?? 0,
      paintMs: Math.round(this.provider?.paintMs ?? 0),
      online: this.online !== null,
      shown: this.visible,
      dimmed: this.dimmed,
    };
  }

  destroy(): void {
    const layers = this.scene.imageryLayers;
    if (this.layer) layers.remove(this.layer, true);
    if (this.online) layers.remove(this.online, true);
    this.layer = this.online = null;
  }
}
