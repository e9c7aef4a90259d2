/** The API description served at `GET /api/openapi.json` (OpenAPI 3.1). */

const error = {
  description: "An error: a permanent code (ArgmapError codes) and a message.",
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
};
const json = (description: string, ref?: string) => ({
  description,
  content: {
    "application/json": { schema: ref ? { $ref: `#/components/schemas/${ref}` } : { type: "object" } },
  },
});
const idParam = (name: string, description: string) => ({
  name,
  in: "path",
  required: true,
  description,
  schema: { type: "string", maxLength: 200 },
});
const query = (name: string, description: string, schema: object = { type: "string" }) => ({
  name,
  in: "query",
  required: false,
  description,
  schema,
});

export const OPENAPI = {
  openapi: "3.1.0",
  info: {
    title: "argmap viewer API",
    version: "1.0.0",
    description:
      "Read argument maps, their sources and search them; map posted text. Served by `argmap serve`. " +
      "When the server has a token (always when it listens beyond loopback), every request needs " +
      "`Authorization: Bearer <token>` or the cookie set by opening `/?token=<token>`.",
  },
  components: {
    securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
    schemas: {
      Error: {
        type: "object",
        required: ["error"],
        properties: {
          error: {
            type: "object",
            required: ["code", "message"],
            properties: {
              code: { type: "string", examples: ["USAGE", "DATA_NOT_FOUND", "INPUT_TOO_LARGE", "INTERNAL"] },
              message: { type: "string" },
            },
          },
        },
      },
      MapSummary: {
        type: "object",
        required: ["id", "name", "sources", "arguments", "keyPoints"],
        properties: {
          id: { type: "string" },
          name: { type: "string" },
          createdAt: { type: "string" },
          sources: { type: "integer" },
          arguments: { type: "integer" },
          keyPoints: { type: "integer" },
        },
      },
      Span: { type: "array", items: { type: "integer" }, minItems: 2, maxItems: 2 },
      SearchHit: {
        type: "object",
        required: ["type", "id", "sourceId", "sourceName", "span", "text", "snippet", "score"],
        properties: {
          type: { enum: ["post", "unit", "key-point"] },
          id: { type: "string" },
          unitKind: { type: "string" },
          stance: { enum: ["pro", "con", "neutral"] },
          sourceId: { type: "string" },
          sourceName: { type: "string" },
          postId: { type: "string" },
          author: { type: "string" },
          span: { $ref: "#/components/schemas/Span" },
          text: { type: "string" },
          snippet: { type: "string", description: "Matched words in [ ], cuts marked with …" },
          score: { type: "number" },
        },
      },
    },
  },
  security: [{}, { bearer: [] }],
  paths: {
    "/api/maps": {
      get: {
        summary: "The maps this server offers (files given, posted texts, stored maps of --db).",
        responses: {
          "200": {
            description: "{ maps: MapSummary[] }",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: { maps: { type: "array", items: { $ref: "#/components/schemas/MapSummary" } } },
                },
              },
            },
          },
        },
      },
    },
    "/api/maps/{id}": {
      get: {
        summary: "One map: the viewer's picture of it (cards, cruxes, key points, graph), or the map itself.",
        parameters: [
          idParam("id", "A map id from /api/maps."),
          query("format", "`view` (default) or `argmap` (the ArgumentMap JSON).", {
            enum: ["view", "argmap"],
          }),
        ],
        responses: { "200": json("A MapView, or an ArgumentMap with format=argmap."), "404": error },
      },
    },
    "/api/maps/{id}/diff": {
      get: {
        summary:
          "What changed in a map since an earlier one: the diff (schema/argmap-diff.schema.json) and marks (new or changed) for its cards, key points and cruxes.",
        parameters: [
          idParam("id", "The newer map's id from /api/maps."),
          { ...query("since", "The earlier map's id from /api/maps."), required: true },
        ],
        responses: { "200": json("{ diff, marks: { arguments, keyPoints, cruxes } }"), "404": error },
      },
    },
    "/api/sources/{id}": {
      get: {
        summary: "A source's text with the spans of its posts (parent and replies) and argumentative units.",
        parameters: [idParam("id", "A source id (content hash) from a map or a search hit.")],
        responses: { "200": json("A SourceView: { id, name, text, posts, units }"), "404": error },
      },
    },
    "/api/search": {
      get: {
        summary:
          'Full-text search over posts, units and key points: words, "phrases", prefix*, a OR b, -exclusions.',
        parameters: [
          { ...query("q", "The query (at most 1000 characters)."), required: true },
          query("source", "Only this source (id or name)."),
          query("author", "Only posts and units by this author."),
          query("stance", "Only key points with this stance.", { enum: ["pro", "con", "neutral"] }),
          query("kind", "An item type (post, unit, key-point) or a unit kind (claim, premise, …)."),
          query("limit", "Most hits (1–100, default 20).", { type: "integer", minimum: 1, maximum: 100 }),
        ],
        responses: {
          "200": {
            description: "{ query, engine: store|memory, hits: SearchHit[] }",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    query: { type: "string" },
                    engine: { enum: ["store", "memory"] },
                    hits: { type: "array", items: { $ref: "#/components/schemas/SearchHit" } },
                  },
                },
              },
            },
          },
          "400": error,
        },
      },
    },
    "/api/map": {
      post: {
        summary: "Map posted text with the classic engine; the map joins /api/maps (the last 20 are kept).",
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["text"],
                additionalProperties: false,
                properties: {
                  text: { type: "string", description: "At most the server's body limit (default 1 MiB)." },
                  name: { type: "string", maxLength: 200 },
                  format: { type: "string", description: "An input format (default: detected)." },
                },
              },
            },
          },
        },
        responses: {
          "201": json("The new map's summary; Location names it.", "MapSummary"),
          "400": error,
          "413": error,
          "415": error,
          "503": error,
        },
      },
    },
    "/api/openapi.json": { get: { summary: "This document.", responses: { "200": json("OpenAPI 3.1") } } },
  },
} as const;
