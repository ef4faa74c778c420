/** The category palette (client/src/shared/palette.ts): every category told apart without colour, text readable. */
import { VOCABULARY } from '../../server/domain/vocabulary';
import { STYLED_CATEGORIES, categoryStyle, contrastRatio, relativeLuminance } from '../../client/src/shared/palette';

describe('category palette', () => {
  it('styles exactly the categories the server knows', () => {
    expect([...STYLED_CATEGORIES].sort()).toEqual(VOCABULARY.categories.map((c) => c.code).sort());
  });

  it('never repeats a colour and shape pair, nor a code letter', () => {
    const styles = STYLED_CATEGORIES.map(categoryStyle);
    expect(new Set(styles.map((s) => `${s.colour}/${s.shape}`)).size).toBe(14);
    expect(new Set(styles.map((s) => s.glyph)).size).toBe(14);
  });

  it('computes WCAG luminance and contrast as published', () => {
    expect(relativeLuminance('#ffffff')).toBeCloseTo(1, 6);
    expect(relativeLuminance('#000000')).toBe(0);
    // #777777 on white is the well-known "just fails AA" pair: 4.48:1.
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#ffffff', '#777777')).toBeCloseTo(4.48, 2);
  });

  it('gives every marker code at least 4.5:1 contrast with its fill', () => {
    for (const code of STYLED_CATEGORIES) {
      const s = categoryStyle(code);
      expect({ code, ok: contrastRatio(s.colour, s.textColour) >= 4.5 }).toEqual({ code, ok: true });
    }
  });

  it('draws an unknown category as "other"', () => {
    expect(categoryStyle('not_a_category')).toEqual(categoryStyle('other'));
  });
});
