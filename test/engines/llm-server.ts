/**
 * A real HTTP server on 127.0.0.1 for the LLM engine tests: it speaks the OpenAI chat
 * completions protocol (and Ollama's /api/chat, llama.cpp's json_schema field) and answers each
 * request through a script, by default with well-formed answers read off the prompt's own ids.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Seen {
  path: string;
  method: string;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown> | undefined;
  prompt: string;
}

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as the model's JSON content; a string verbatim as the content. */
  content?: unknown;
  /** A raw HTTP body (instead of a chat completion). */
  raw?: string;
  /** Wait this long before answering (timeouts). */
  delayMs?: number;
}

export type Script = (seen: Seen, n: number) => Answer;

const ids = (text: string, re: RegExp) => [...text.matchAll(re)].map((m) => m[1]!);

/** A well-formed answer for any of the engine's prompts, labels chosen by `kind`. */
export function wellFormed(prompt: string, kind = "claim"): unknown {
  if (prompt.includes("<key-points>")) {
    return {
      points: ids(prompt, /<key-point id="(k\d+)"/g).map((k) => ({ id: k, name: `Named point ${k}` })),
    };
  }
  if (prompt.includes("<arguments>")) {
    const args = ids(prompt, /<argument id="(a\d+)">/g);
    return {
      arguments: args.map((a) => {
        const block = prompt.slice(prompt.indexOf(`<argument id="${a}">`)).split("</argument>")[0]!;
        const units = ids(block, /^(u\d+) \(/gm);
        return {
          id: a,
          thesis: `The story of ${a}: a position, its reasons and the objections it met.`,
          units,
          headlines: [
            { text: `Headline one of ${a}`, units: units.slice(0, 2) },
            { text: `Invented headline of ${a}`, units: ["u999"] },
          ],
        };
      }),
    };
  }
  const segments = ids(prompt, /^(s\d+): /gm);
  const replies = ids(prompt, /<post id="(p\d+)"[^>]*replies-to=/g);
  if (prompt.includes("<candidates>")) {
    return {
      units: segments.map((id) => ({ id, kind })),
      relations: ids(prompt, /^(r\d+): /gm).map((id) => ({ id, label: "attack" })),
      replies: replies.map((id) => ({ id, stance: "attack" })),
    };
  }
  // extract-units: quote every segment (its first words), plus one quote found nowhere.
  const lines = [...prompt.matchAll(/^s\d+: (.*)$/gm)].map((m) => m[1]!);
  return {
    units: [
      ...lines.map((text, i) => ({ id: `u${i + 1}`, quote: text.split(" ").slice(0, 6).join(" "), kind })),
      { id: "u0", quote: "Quantum pineapples regulate the moon's tax policy", kind: "claim" },
    ],
    relations: lines.length > 1 ? [{ from: "u2", to: "u1", label: "support" }] : [],
    replies: replies.map((id) => ({ id, stance: "support" })),
  };
}

export const defaultScript: Script = (seen) => ({ content: wellFormed(seen.prompt) });

export interface TestServer {
  url: string;
  seen: Seen[];
  script: Script;
  close(): Promise<void>;
}

/** Start a server; `script` may be swapped between runs. */
export async function startServer(script: Script = defaultScript): Promise<TestServer> {
  const state: TestServer = { url: "", seen: [], script, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body: Record<string, unknown> | undefined;
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      } catch {
        body = undefined;
      }
      const messages = (body?.messages ?? []) as { content: string }[];
      const seen: Seen = {
        path: req.url ?? "",
        method: req.method ?? "",
        headers: req.headers,
        body,
        prompt: messages.map((m) => m.content).join("\n"),
      };
      state.seen.push(seen);
      const answer = state.script(seen, state.seen.length);
      const send = () => {
        if (res.destroyed) return;
        const status = answer.status ?? 200;
        const content =
          typeof answer.content === "string" ? answer.content : JSON.stringify(answer.content ?? {});
        const payload =
          answer.raw ??
          (seen.path.startsWith("/api/chat")
            ? JSON.stringify({
                message: { role: "assistant", content },
                prompt_eval_count: 100,
                eval_count: 20,
              })
            : JSON.stringify({
                choices: [{ message: { role: "assistant", content } }],
                usage: { prompt_tokens: 100, completion_tokens: 20 },
              }));
        res.writeHead(status, { "content-type": "application/json", ...answer.headers });
        res.end(status === 200 ? payload : (answer.raw ?? '{"error":"scripted"}'));
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
