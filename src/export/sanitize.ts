/**
 * Make source text safe to show: control characters (which could smuggle terminal escape
 * sequences) and bidirectional overrides become spaces, and whitespace runs collapse to one space.
 */
export function toDisplayText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, " ")
      .replace(/\s+/g, " ")
      .trim()
  );
}
