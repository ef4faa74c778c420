/** Every published asset point, following the API's `next` links past one page. */
import { apiGet, withQuery } from '../shared/api';
import type { AssetPointFeature, AssetPointPage } from '../shared/types';

const PAGE_SIZE = 5000;
/** 20 pages of 5,000 is far past any partnership; the cap only stops a runaway loop. */
const MAX_PAGES = 20;

export async function loadPublishedPoints(text = ''): Promise<AssetPointFeature[]> {
  const features: AssetPointFeature[] = [];
  let url: string | null = withQuery('/api/assets', { format: 'geojson', status: 'published', limit: PAGE_SIZE, q: text || null });
  for (let page = 0; url && page < MAX_PAGES; page++) {
    const res: AssetPointPage = await apiGet<AssetPointPage>(url);
    features.push(...res.features);
    url = res.next;
  }
  return features;
}
