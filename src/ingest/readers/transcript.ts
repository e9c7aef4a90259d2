/**
 * Transcript readers: WebVTT and SRT subtitles. Speakers come from `<v Name>` voice tags and
 * `NAME:` prefixes (a cue without a label continues the last speaker); consecutive cues of one
 * speaker merge into one turn (without labels, a pause of 2 s or more starts a new turn). Spans
 * point into the original file: `SourceDoc.text` is the file, body spans cover only the spoken
 * words (no cue numbers, timestamps or tags). Each post keeps `time` (start of its first cue) and
 * `timeEnd` (end of its last cue) as written in the file. Cues with broken timestamps are skipped
 * (`transcript/bad-timestamp`).
 */
import {
  ArgmapError,
  provenance,
  type Diagnostic,
  type Post,
  type SourceFormat,
  type Span,
} from "../../model/index.js";
import { splitLines, trimmed, type Line } from "../lines.js";
import { pushAll } from "../../util/array.js";
import type { ReadMeta, ReadResult, Reader } from "./reader.js";

const STAMP = String.raw`(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?`;
const TIMING = new RegExp(String.raw`^\s*(${STAMP})\s*-->\s*(${STAMP})(?:\s.*)?$`);
const VOICE = /^<v(?:\.[^\s>]*)?\s+([^>]+)>/;
/** `NAME:` / `Jane Doe:` / `- JOHN:` / `>> JOHN:` at the start of a cue line. */
const LABEL = /^(?:-\s*|>>\s*)?((?:\p{Lu}[\p{L}\p{M}.'’-]*)(?:\s+\p{Lu}[\p{L}\p{M}.'’-]*){0,2}):\s+/u;
const TAG = /<[^>]*>/g;
const NEW_TURN_PAUSE = 2;

/** Seconds of a timestamp (`01:02:03.450`, `02:03,450`). */
export function stampSeconds(stamp: string): number {
  const [hms, frac = "0"] = stamp.split(/[.,]/);
  const parts = (hms ?? "").split(":").map(Number);
  let s = 0;
  for (const p of parts) s = s * 60 + p;
  return s + Number(`0.${frac}`);
}

interface Cue {
  start: string;
  end: string;
  speaker?: string;
  spans: Span[];
}

function textSpans(text: string, from: number, to: number): Span[] {
  const spans: Span[] = [];
  const line = text.slice(from, to);
  let at = 0;
  const push = (a: number, b: number): void => {
    const s = trimmed(text, from + a, from + b);
    if (s[1] > s[0]) spans.push(s);
  };
  for (const m of line.matchAll(TAG)) {
    push(at, m.index);
    at = m.index + m[0].length;
  }
  push(at, line.length);
  return spans;
}

function readCues(
  text: string,
  format: "vtt" | "srt",
  name: string,
  sourceId: string,
  diagnostics: Diagnostic[],
): Cue[] {
  const lines = splitLines(text);
  const blocks: Line[][] = [];
  let run: Line[] = [];
  for (const l of lines) {
    if (l.blank) {
      if (run.length > 0) blocks.push(run);
      run = [];
    } else run.push(l);
  }
  if (run.length > 0) blocks.push(run);
  const cues: Cue[] = [];
  let speaker: string | undefined;
  blocks.forEach((block, b) => {
    const first = (block[0] as Line).text.trim();
    if (b === 0 && format === "vtt") {
      if (/^WEBVTT\b/.test(first.replace(/^\uFEFF/, ""))) return;
      diagnostics.push({
        rule: "transcript/no-header",
        stage: "ingest",
        severity: "warning",
        message: `${name}: a WebVTT file starts with "WEBVTT"; this one does not. Read it anyway.`,
        sourceId,
      });
    }
    if (format === "vtt" && /^(?:NOTE|STYLE|REGION)\b/.test(first)) return;
    const t = block.findIndex((l, i) => i <= 1 && l.text.includes("-->"));
    if (t < 0) {
      diagnostics.push({
        rule: "transcript/not-a-cue",
        stage: "ingest",
        severity: "warning",
        message: `${name}: a block without a "start --> end" timing line was skipped.`,
        sourceId,
        span: trimmed(text, (block[0] as Line).start, (block[block.length - 1] as Line).end),
      });
      return;
    }
    const timing = block[t] as Line;
    const m = TIMING.exec(timing.text);
    if (!m) {
      diagnostics.push({
        rule: "transcript/bad-timestamp",
        stage: "ingest",
        severity: "warning",
        message: `${name}: the timing line "${timing.text.trim()}" is not "hh:mm:ss.mmm --> hh:mm:ss.mmm"; its cue was skipped.`,
        sourceId,
        span: trimmed(text, timing.start, timing.end),
      });
      return;
    }
    let cue: Cue | undefined;
    for (const line of block.slice(t + 1)) {
      let from = line.start;
      const voice = VOICE.exec(line.text);
      const label = voice ? undefined : LABEL.exec(line.text);
      const who = voice ? (voice[1] as string).trim() : label ? (label[1] as string).trim() : undefined;
      if (voice) from += voice[0].length;
      else if (label) from += label[0].length;
      if (who !== undefined && who !== speaker) {
        speaker = who;
        if (cue && cue.spans.length > 0) cues.push(cue);
        cue = undefined;
      }
      cue ??= {
        start: m[1] as string,
        end: m[2] as string,
        ...(speaker !== undefined ? { speaker } : {}),
        spans: [],
      };
      pushAll(cue.spans, textSpans(text, from, line.end));
    }
    if (cue && cue.spans.length > 0) cues.push(cue);
  });
  return cues;
}

const SRT_START = /^\s*\d+[ \t]*\r?\n[ \t]*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}[ \t]*-->/;
const VTT_START = /^\s*WEBVTT(?:[ \t]|\r|\n|$)/;

function transcriptReader(format: "vtt" | "srt"): Reader {
  const reader: Reader = {
    format: format satisfies SourceFormat,
    name: `ingest/${format}`,
    version: "1.0.0",
    extensions: [`.${format}`],
    mimeTypes: format === "vtt" ? ["text/vtt"] : ["application/x-subrip", "text/srt"],
    detect: ({ head }) => (format === "vtt" ? VTT_START : SRT_START).test(head),
    read(text: string, sourceId: string, meta?: ReadMeta): ReadResult {
      const name = meta?.name ?? "input";
      const diagnostics: Diagnostic[] = [];
      const cues = readCues(text, format, name, sourceId, diagnostics);
      if (cues.length === 0) {
        throw new ArgmapError(
          "INPUT_MALFORMED",
          `${name}: the ${format === "vtt" ? "WebVTT" : "SRT"} reader found no cue with a valid "start --> end" timing line and text. Check the file, or use --from to pick another reader.`,
          { input: name },
        );
      }
      const by = provenance(reader, "classic");
      const posts: Post[] = [];
      let turn: Cue[] = [];
      const flush = (): void => {
        const first = turn[0];
        const last = turn[turn.length - 1];
        if (!first || !last) return;
        const bodySpans = turn.flatMap((c) => c.spans);
        const p = posts.length;
        posts.push({
          id: `${sourceId}:p${p}`,
          sourceId,
          index: p,
          ...(first.speaker !== undefined ? { author: first.speaker } : {}),
          time: first.start,
          timeEnd: last.end,
          span: [(bodySpans[0] as Span)[0], (bodySpans[bodySpans.length - 1] as Span)[1]],
          bodySpans,
          quotes: [],
          by,
        });
        turn = [];
      };
      for (const cue of cues) {
        const prev = turn[turn.length - 1];
        if (prev) {
          const same =
            cue.speaker !== undefined
              ? cue.speaker === prev.speaker
              : prev.speaker === undefined &&
                stampSeconds(cue.start) - stampSeconds(prev.end) < NEW_TURN_PAUSE;
          if (!same) flush();
        }
        turn.push(cue);
      }
      flush();
      return { posts, diagnostics };
    },
  };
  return reader;
}

export const vttReader: Reader = transcriptReader("vtt");
export const srtReader: Reader = transcriptReader("srt");
