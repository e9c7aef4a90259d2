/**
 * fast-check generators of structured inputs: text with hostile Unicode, threads with quotes,
 * Markdown, nested HTML, Hacker News / Reddit / AIF JSON, VTT and SRT cues, chat logs, CSV with
 * quoting, JSONL rows, Argdown, brat standoff and ArgKP tables. Each yields a string; a multi-file
 * input joins its parts with `PART_SEPARATOR`.
 */
import fc from "fast-check";

/** Separates the files of one multi-file input (brat text + ann, ArgKP's three CSVs, AIF + text). */
export const PART_SEPARATOR = "\n--8<--\n";

const specials = fc.constantFrom(
  "\u0000",
  "\r\n",
  "\r",
  "\n",
  "\n\n",
  "\t",
  "\uFEFF",
  "\u202E",
  "\u202D",
  "\u2067",
  "\u200B",
  "\u200D",
  "\u2028",
  "\uD800",
  "\uDFFF",
  "\uDBFF\uDFFF",
  "e\u0301\u0301",
  "😀",
  "\u00A0",
  "\uFFFD",
  "\uFFFF",
  ".",
  "?!",
  "...",
  '"',
  "“",
  "'",
  ",",
);
const wordList = fc.constantFrom(
  "cars",
  "pollute",
  "because",
  "however",
  "the",
  "city",
  "should",
  "ban",
  "I",
  "think",
  "not",
  "Dr.",
  "e.g.",
  "U.S.",
  "3.5",
  "https://example.com/a?b=1",
  "@ann",
  "#tag",
  "don't",
  "Ünïcödé",
  "日本語",
  "עברית",
  "مرحبا",
);
const word = fc.oneof(
  { weight: 6, arbitrary: wordList },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
);

/** A sentence-like string with hostile characters mixed in. */
export const sentence = fc
  .array(fc.oneof({ weight: 8, arbitrary: word }, { weight: 1, arbitrary: specials }), {
    minLength: 1,
    maxLength: 25,
  })
  .map((ws) => `${ws.join(" ")}.`);
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 5 }).map((s) => s.join(" "));
const name = fc.oneof(
  fc.constantFrom("ann", "bob", "carol", "Dr. Who", "x", ""),
  fc.string({ maxLength: 10 }),
);

export const plainText = fc
  .array(paragraph, { minLength: 1, maxLength: 8 })
  .chain((ps) => fc.constantFrom("\n\n", "\r\n\r\n", "\n", "\r\r").map((eol) => ps.join(eol)));

/** A flattened comment thread: posts with author lines, quotes of earlier posts, reactions. */
export const threadText = fc
  .array(fc.tuple(name, paragraph, fc.nat(3), fc.nat(4), fc.boolean()), { minLength: 1, maxLength: 10 })
  .map((posts) => {
    const out: string[] = [];
    posts.forEach(([who, body, quoteDepth, headerKind, react], i) => {
      const header = ["", `${who} wrote:\n`, `@${who}\n`, `${who} · 3h ago\n`, `— ${who}\n`][headerKind]!;
      const earlier = i > 0 ? out[(i * 7) % i]! : "";
      const quoted =
        quoteDepth > 0 && earlier
          ? `${">".repeat(quoteDepth)} ${earlier.slice(0, 80).replace(/\n/g, " ")}\n`
          : "";
      out.push(`${header}${quoted}${body}${react ? "\n+1" : ""}`);
    });
    return out.join("\n\n");
  });

export const markdown = fc
  .array(
    fc.oneof(
      paragraph,
      paragraph.map((p) => `# ${p}`),
      paragraph.map((p) => `> ${p}`),
      fc.array(sentence, { maxLength: 5 }).map((s) => s.map((x) => `- ${x}`).join("\n")),
      paragraph.map((p) => `\`\`\`\n${p}\n\`\`\``),
      paragraph.map((p) => `[${p}](https://example.com/${p.length}) ![img](data:image/png;base64,AAAA)`),
      fc.array(sentence, { maxLength: 4 }).map((s) => s.map((x) => `| ${x} | a |`).join("\n")),
      paragraph.map((p) => `${p}[^1]\n\n[^1]: ${p}`),
    ),
    { minLength: 1, maxLength: 10 },
  )
  .map((blocks) => blocks.join("\n\n"));

const TAGS = [
  "div",
  "p",
  "span",
  "article",
  "section",
  "b",
  "a",
  "ul",
  "li",
  "blockquote",
  "table",
  "td",
  "pre",
];
/** HTML with nesting up to `maxDepth`, attributes, entities, scripts and comments. */
export function html(maxDepth = 150): fc.Arbitrary<string> {
  const leaf = fc.oneof(
    paragraph.map((p) => p.replace(/</g, "&lt;")),
    fc.constantFrom(
      "<br>",
      "<img src=x>",
      "&amp;",
      "&#0;",
      "&nbsp;",
      "<!-- c -->",
      "<script>x()</script>",
      "<style>a{}</style>",
    ),
  );
  const chain = fc
    .tuple(fc.integer({ min: 1, max: maxDepth }), fc.constantFrom(...TAGS), leaf, fc.boolean())
    .map(
      ([depth, tag, inner, closed]) =>
        `<${tag}>`.repeat(depth) + inner + (closed ? `</${tag}>`.repeat(depth) : ""),
    );
  const tree = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { maxDepth: 6, depthIdentifier: "html" },
      leaf,
      fc
        .tuple(
          fc.constantFrom(...TAGS),
          fc.array(tie("node"), { maxLength: 4 }),
          fc.constantFrom("", ' class="comment"', ' id="main"', " data-x='\"'"),
        )
        .map(([tag, kids, attr]) => `<${tag}${attr}>${kids.join("")}</${tag}>`),
    ),
  })).node;
  return fc
    .tuple(fc.oneof(tree, chain), fc.option(sentence), fc.boolean())
    .map(
      ([body, title, doc]) =>
        `${doc ? "<!doctype html><html><head>" : "<html>"}${title !== null ? `<title>${title}</title>` : ""}</head><body>${body}</body></html>`,
    );
}

const jsonScalar = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const maybe = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | unknown> =>
  fc.oneof({ weight: 5, arbitrary: a }, { weight: 1, arbitrary: jsonScalar });

/** Hacker News: an Algolia item tree, or Firebase items as an array or JSONL. */
export const hnJson = fc.oneof(
  fc
    .letrec<{ item: unknown }>((tie) => ({
      item: fc.record({
        id: maybe(fc.nat()),
        author: maybe(name),
        text: maybe(paragraph.map((p) => `<p>${p}</p><pre><code>x</code></pre>`)),
        title: fc.option(sentence),
        created_at_i: maybe(fc.nat()),
        story_id: maybe(fc.nat()),
        children: fc.oneof(
          { maxDepth: 6, depthIdentifier: "hn" },
          jsonScalar,
          fc.array(tie("item"), { maxLength: 3 }),
        ),
      }),
    }))
    .item.map((v) => JSON.stringify(v)),
  fc
    .array(
      fc.record({
        id: maybe(fc.nat(20)),
        by: maybe(name),
        type: fc.constantFrom("story", "comment", "job", "poll"),
        text: maybe(paragraph),
        parent: maybe(fc.nat(20)),
        kids: maybe(fc.array(fc.nat(20), { maxLength: 4 })),
        deleted: fc.option(fc.boolean()),
        time: maybe(fc.nat()),
      }),
      { minLength: 1, maxLength: 10 },
    )
    .chain((items) =>
      fc
        .boolean()
        .map((jsonl) => (jsonl ? items.map((i) => JSON.stringify(i)).join("\n") : JSON.stringify(items))),
    ),
);

/** A Reddit `/comments/<id>.json` response: [post Listing, comment Listing with nested replies]. */
export const redditJson = fc
  .tuple(
    fc.record({
      title: maybe(sentence),
      selftext: maybe(paragraph),
      author: maybe(name),
      id: maybe(fc.string()),
    }),
    fc.letrec<{ comment: unknown }>((tie) => ({
      comment: fc.record({
        kind: fc.constantFrom("t1", "more", "t3"),
        data: fc.record({
          id: maybe(fc.string({ maxLength: 6 })),
          author: maybe(name),
          body: maybe(paragraph),
          parent_id: maybe(fc.string({ maxLength: 9 })),
          created_utc: maybe(fc.double()),
          replies: fc.oneof(
            { maxDepth: 6, depthIdentifier: "reddit" },
            fc.constant(""),
            fc.record({
              kind: fc.constant("Listing"),
              data: fc.record({ children: fc.array(tie("comment"), { maxLength: 3 }) }),
            }),
            jsonScalar,
          ),
        }),
      }),
    })).comment,
  )
  .chain(([post, comment]) =>
    fc.array(fc.constant(comment), { maxLength: 3 }).map((comments) =>
      JSON.stringify([
        { kind: "Listing", data: { children: [{ kind: "t3", data: post }] } },
        { kind: "Listing", data: { children: comments } },
      ]),
    ),
  );

const time = fc
  .tuple(fc.nat(99), fc.nat(59), fc.nat(59), fc.nat(999), fc.constantFrom(".", ","))
  .map(
    ([h, m, s, ms, sep]) =>
      `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}${sep}${String(ms).padStart(3, "0")}`,
  );

export const vtt = fc
  .array(
    fc.tuple(fc.option(fc.string({ maxLength: 5 })), time, time, fc.option(name), paragraph, fc.boolean()),
    { maxLength: 10 },
  )
  .map(
    (cues) =>
      `WEBVTT${"\n\n"}${cues
        .map(
          ([id, a, b, who, text, note]) =>
            `${note ? "NOTE a note\n\n" : ""}${id !== null ? `${id}\n` : ""}${a} --> ${b} align:start\n${who !== null ? `<v ${who}>` : ""}${text}`,
        )
        .join("\n\n")}`,
  );

export const srt = fc
  .array(fc.tuple(fc.integer({ min: -1, max: 100 }), time, time, fc.option(name), paragraph), {
    maxLength: 10,
  })
  .map((cues) =>
    cues
      .map(([n, a, b, who, text]) => `${n}\n${a} --> ${b}\n${who !== null ? `${who}: ` : ""}${text}`)
      .join("\n\n"),
  );

export const chat = fc
  .array(fc.tuple(fc.constantFrom("ann", "bob", "carol"), sentence, fc.nat(3)), {
    minLength: 1,
    maxLength: 15,
  })
  .map((lines) =>
    lines
      .map(
        ([who, text, style]) =>
          [`[12:0${style}] ${who}: ${text}`, `${who}: ${text}`, `<${who}> ${text}`, `  ${text}`][style]!,
      )
      .join("\n"),
  );

const csvCell = fc.oneof(
  paragraph.map((p) => `"${p.replace(/"/g, '""')}"`),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('"', '""', '"a""b"', "a,b", '"\n"', "", "=cmd|' /C calc'!A0"),
);
/** A comment table: a header of known or odd column names and quoted rows. */
export const csv = fc
  .tuple(
    fc.array(
      fc.constantFrom("comment-id", "comment-body", "text", "author", "id", "parent", "time", "votes", ""),
      { minLength: 1, maxLength: 6 },
    ),
    fc.array(fc.array(csvCell, { maxLength: 7 }), { maxLength: 10 }),
    fc.constantFrom("\n", "\r\n"),
    fc.constantFrom(",", ";", "\t"),
  )
  .map(([header, rows, eol, sep]) => [header.join(sep), ...rows.map((r) => r.join(sep))].join(eol));

export const jsonl = fc
  .array(
    fc.record({
      text: maybe(paragraph),
      author: maybe(name),
      id: maybe(fc.oneof(fc.nat(9), fc.string())),
      parent: maybe(fc.nat(9)),
    }),
    { minLength: 1, maxLength: 10 },
  )
  .chain((rows) =>
    fc
      .boolean()
      .map((array) => (array ? JSON.stringify(rows) : rows.map((r) => JSON.stringify(r)).join("\n"))),
  );

/** AIFdb JSON or xAIF (`{AIF, text}`), with nodes of every type and edges between them. */
export const aifJson = fc
  .tuple(
    fc.array(
      fc.record({
        nodeID: maybe(fc.oneof(fc.nat(20), fc.string({ maxLength: 3 }))),
        text: maybe(sentence),
        type: fc.constantFrom("I", "L", "RA", "CA", "MA", "YA", "TA", "X"),
      }),
      { maxLength: 12 },
    ),
    fc.array(fc.record({ edgeID: maybe(fc.nat(50)), fromID: maybe(fc.nat(20)), toID: maybe(fc.nat(20)) }), {
      maxLength: 15,
    }),
    fc.boolean(),
    paragraph,
  )
  .map(([nodes, edges, xaif, text]) => {
    const body = { nodes, edges, locutions: [] };
    return xaif
      ? JSON.stringify({ AIF: body, text: `<span>${text}</span>` })
      : `${JSON.stringify(body)}${PART_SEPARATOR}${text}`;
  });

export const argdown = fc
  .array(
    fc.tuple(
      fc.constantFrom("[A]", "[B]", "<Arg>", "[C d]", ""),
      sentence,
      fc.constantFrom("", "  + ", "  - ", "    <+ ", "  >< ", "  _> "),
      fc.constantFrom("", " #claim", " #premise", " #major-claim", " {span: [0, 5]}", " {span: [9, 2]}"),
    ),
    { minLength: 1, maxLength: 10 },
  )
  .map((lines) =>
    lines.map(([title, text, rel, tag]) => `${rel}${title}${title ? ": " : ""}${text}${tag}`).join("\n"),
  );

/** brat: a text and its `.ann` with entity offsets (some out of range), relations and attributes. */
export const brat = paragraph.chain((text) =>
  fc
    .array(
      fc.oneof(
        fc
          .tuple(
            fc.nat(30),
            fc.constantFrom("Claim", "Premise", "MajorClaim", "Fact", "Other"),
            fc.integer({ min: -2, max: text.length + 5 }),
            fc.nat(40),
          )
          .map(
            ([n, type, s, len]) => `T${n}\t${type} ${s} ${s + len}\t${text.slice(Math.max(0, s), s + len)}`,
          ),
        fc
          .tuple(
            fc.nat(30),
            fc.constantFrom("supports", "attacks", "reason", "other"),
            fc.nat(30),
            fc.nat(30),
          )
          .map(([n, type, a, b]) => `R${n}\t${type} Arg1:T${a} Arg2:T${b}`),
        fc
          .tuple(fc.nat(30), fc.nat(30), fc.constantFrom("For", "Against", "x"))
          .map(([n, t, v]) => `A${n}\tStance T${t} ${v}`),
        fc.string(),
      ),
      { maxLength: 12 },
    )
    .map((lines) => `${text}${PART_SEPARATOR}${lines.join("\n")}`),
);

/** ArgKP: arguments, key points and labels CSVs. */
export const argkp = fc
  .tuple(
    fc.array(
      fc.tuple(
        fc.constantFrom("a1", "a2", "a3", ""),
        sentence,
        fc.constantFrom("T1", "T2", " "),
        fc.constantFrom("1", "-1", "0", "x"),
      ),
      { maxLength: 8 },
    ),
    fc.array(
      fc.tuple(
        fc.constantFrom("k1", "k2", ""),
        sentence,
        fc.constantFrom("T1", "T2"),
        fc.constantFrom("1", "-1"),
      ),
      { maxLength: 5 },
    ),
    fc.array(
      fc.tuple(
        fc.constantFrom("a1", "a2", "a9"),
        fc.constantFrom("k1", "k2", "k9"),
        fc.constantFrom("0", "1", "2"),
      ),
      { maxLength: 10 },
    ),
  )
  .map(([args, kps, labels]) => {
    const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
    return [
      [
        "arg_id,argument,topic,stance",
        ...args.map(([id, t, topic, s]) => `${id},${q(t)},${topic},${s}`),
      ].join("\n"),
      [
        "key_point_id,key_point,topic,stance",
        ...kps.map(([id, t, topic, s]) => `${id},${q(t)},${topic},${s}`),
      ].join("\n"),
      ["arg_id,key_point_id,label", ...labels.map((l) => l.join(","))].join("\n"),
    ].join(PART_SEPARATOR);
  });

/** Any JSON value, deep or wide, with occasional argmap-like keys: for `parseMap`. */
export const mapLikeJson = fc
  .tuple(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom("argmap", "x"), fc.constantFrom("1", "2", "999"))
  .map(([value, format, version]) =>
    JSON.stringify(
      typeof value === "object" && value !== null && !Array.isArray(value)
        ? { ...value, format, version }
        : value,
    ),
  );
