// slugify: lower-case ASCII words joined by a separator. Latin letters with accents become their
// base letters (é → e, ß → ss, ø → o); letters of other scripts are kept; everything else separates.

// Transliterations of U+00C0…U+017F, '|'-separated ('' drops the character).
const LATIN =
  'a|a|a|a|a|a|ae|c|e|e|e|e|i|i|i|i|d|n|o|o|o|o|o||o|u|u|u|u|y|th|ss|a|a|a|a|a|a|ae|c|e|e|e|e|i|i|i|i|d|n|o|o|o|o|o||o|u|u|u|u|y|th|y|' +
  'a|a|a|a|a|a|c|c|c|c|c|c|c|c|d|d|d|d|e|e|e|e|e|e|e|e|e|e|g|g|g|g|g|g|g|g|h|h|h|h|i|i|i|i|i|i|i|i|i|i|ij|ij|j|j|k|k|k|l|l|l|l|l|l|l|l|l|l|' +
  'n|n|n|n|n|n|n|n|n|o|o|o|o|o|o|oe|oe|r|r|r|r|r|r|s|s|s|s|s|s|s|s|t|t|t|t|t|t|u|u|u|u|u|u|u|u|u|u|u|u|w|w|y|y|y|z|z|z|z|z|z|s';

let table: string[] | null = null;

function latin(c: i32): string {
  let t = table;
  if (t == null) {
    t = LATIN.split('|');
    table = t;
  }
  return t[c - 0xc0];
}

/** Punctuation and symbol blocks that separate words (outside ASCII and Latin-1). */
function isSeparatorBlock(c: i32): bool {
  return (
    (c >= 0x2000 && c <= 0x2bff) ||
    (c >= 0x3000 && c <= 0x303f) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff0f) ||
    (c >= 0xd800 && c <= 0xdfff) ||
    c == 0xfeff
  );
}

export function slugify(text: string, separator: string): string {
  const words: string[] = [];
  let word: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let piece = '';
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a)) piece = String.fromCharCode(c);
    else if (c >= 0x41 && c <= 0x5a) piece = String.fromCharCode(c + 32);
    else if (c >= 0xc0 && c <= 0x17f) piece = latin(c);
    else if (c >= 0x370 && !isSeparatorBlock(c)) piece = String.fromCharCode(c).toLowerCase();
    // Apostrophes join (don't → dont) instead of separating.
    else if (c == 0x27 || c == 0x2019) continue;
    if (piece.length == 0) {
      if (word.length > 0) {
        words.push(word.join(''));
        word = [];
      }
      continue;
    }
    word.push(piece);
  }
  if (word.length > 0) words.push(word.join(''));
  return words.join(separator);
}
