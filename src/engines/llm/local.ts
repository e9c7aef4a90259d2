/**
 * Local GGUF models through `node-llama-cpp`, an optional dependency loaded only when
 * `--model-path` asks for it (it is not part of the default install). Output is constrained by a
 * grammar built from the same JSON Schema the HTTP dialects send.
 */
import { ArgmapError } from "../../model/index.js";
import type { ChatRequest, ChatReply, Transport } from "./transport.js";
import { estimateTokens } from "./transport.js";

interface LlamaModule {
  getLlama(): Promise<{
    loadModel(o: { modelPath: string }): Promise<{ createContext(): Promise<{ getSequence(): unknown }> }>;
    createGrammarForJsonSchema(schema: unknown): Promise<unknown>;
  }>;
  LlamaChatSession: new (o: { contextSequence: unknown; systemPrompt?: string }) => {
    prompt(text: string, o: { grammar?: unknown; temperature?: number; maxTokens?: number }): Promise<string>;
  };
}

/** The specifier is a variable so bundlers and tsc do not resolve the optional package. */
const PACKAGE = "node-llama-cpp";

/** How a module is imported: `import()` itself, or a stand-in at this boundary in tests. */
export type ModuleLoader = (name: string) => Promise<unknown>;
const importModule: ModuleLoader = (name) => import(name);

/** Import node-llama-cpp, or a user error saying how to install it. */
export async function importLlama(load: ModuleLoader = importModule): Promise<LlamaModule> {
  try {
    return (await load(PACKAGE)) as LlamaModule;
  } catch (error) {
    throw new ArgmapError(
      "USAGE",
      "--model-path needs the optional package node-llama-cpp, which is not installed. Install it next to argmap with 'npm install node-llama-cpp' (or use an HTTP server: --base-url).",
      { input: PACKAGE, cause: error },
    );
  }
}

/** A transport over a local GGUF file: one chat session per call, grammar-constrained JSON. */
export async function localTransport(modelPath: string, load?: ModuleLoader): Promise<Transport> {
  const mod = await importLlama(load);
  const llama = await mod.getLlama();
  let model;
  try {
    model = await llama.loadModel({ modelPath });
  } catch (error) {
    throw new ArgmapError(
      "LLM_UNAVAILABLE",
      `cannot load the model file '${modelPath}': ${(error as Error).message}`,
      {
        input: modelPath,
        cause: error,
      },
    );
  }
  const context = await model.createContext();
  return {
    label: modelPath,
    async complete(request: ChatRequest): Promise<ChatReply> {
      const session = new mod.LlamaChatSession({
        contextSequence: context.getSequence(),
        systemPrompt: request.system,
      });
      const grammar = await llama.createGrammarForJsonSchema(request.schema);
      const content = await session.prompt(request.prompt, {
        grammar,
        temperature: 0,
        maxTokens: request.maxTokens,
      });
      return {
        content,
        usage: {
          prompt: estimateTokens(request.system + request.prompt),
          completion: estimateTokens(content),
        },
        retries: 0,
      };
    },
  };
}
