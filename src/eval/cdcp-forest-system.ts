/**
 * The CDCP cross-validation system `cdcp-forest`: logistic-regression proposition types plus the
 * link scorer's features (pair + paragraph context), decoded as a forest (`src/train/links.ts`).
 */
import { predictProba, trainLogReg, type Example } from "../engines/classic/learn/logreg.js";
import { loadEmbeddings } from "../engines/classic/models.js";
import { decodeForest } from "../engines/classic/structure.js";
import { predictTypes, trainCdcpTypes } from "../train/cdcp.js";
import {
  analyse,
  cdcpGold,
  cdcpParagraph,
  decodeBest,
  FOREST_THRESHOLD,
  LINK_SCORER_OPTIONS,
  paragraphPairs,
} from "../train/links.js";
import type { CdcpSystem } from "./system-types.js";

/** CDCP reason links with the link scorer's features (CDCP types) and forest decoding, per fold. */
export function cdcpForestSystem(
  threshold = FOREST_THRESHOLD,
  name = "cdcp-forest",
  variant: { context?: boolean; forest?: boolean } = {},
): CdcpSystem {
  const context = variant.context ?? true;
  const forest = variant.forest ?? true;
  return {
    name,
    description: `logistic regression types + link scorer (pair + paragraph-context features), forest decoding at P(link) ≥ ${threshold}`,
    needsTraining: true,
    fit(train) {
      const emb = loadEmbeddings();
      const types = trainCdcpTypes(train, emb);
      const ex: Example[] = [];
      for (const d of train) {
        const gold = cdcpGold(d, false);
        const par = cdcpParagraph(
          d,
          d.props.map((p) => p.type),
        );
        for (const { i, j, x } of paragraphPairs(par, emb, true, context))
          ex.push({ x, y: gold.has(`${i}>${j}`) ? 1 : 0 });
      }
      const model = trainLogReg(ex, { ...LINK_SCORER_OPTIONS, classes: 2 });
      return {
        predict(doc) {
          const t = predictTypes(doc, emb, types);
          const par = { an: doc.props.map((p) => analyse(doc.text.slice(p.span[0], p.span[1]))), kinds: t };
          const scored = paragraphPairs(par, emb, true, context).map(({ i, j, x }) => ({
            from: i,
            to: j,
            p: predictProba(model, x)[1]!,
          }));
          const links = forest
            ? decodeForest(doc.props.length, scored, threshold)
            : decodeBest(scored, threshold);
          return { types: t, reasons: links.map((l) => ({ from: l.from, to: l.to })) };
        },
      };
    },
  };
}
